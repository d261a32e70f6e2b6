// Type-level tests, checked by `tsc` (never run): what compiles and what must not.

import type { OPERATIONS } from './api/operations.gen'
import type {
  AnySdkError,
  ApiError,
  Client,
  components,
  FeedItem,
  HttpMethod,
  InvalidResponseError,
  Middleware,
  NetworkError,
  PathsWithMethod,
  paths,
  Session,
  User,
} from './index'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** Compiles only when the value's type is exactly `Expected`. */
function expectType<Actual>(_value: Actual) {
  return { toBe<Expected>(..._proof: Equal<Actual, Expected> extends true ? [] : [never]) {} }
}

declare const api: Client<paths>

type Schemas = components['schemas']

/** A spec fragment with required path parameters and a typed query. */
interface ItemPaths {
  '/items/{id}': {
    get: {
      parameters: { path: { id: string }; query?: { page?: number } }
      responses: { 200: { content: { 'application/json': { id: string } } } }
    }
  }
}
declare const items: Client<ItemPaths>

export async function correctCallsCompile() {
  await api.GET('/feed')
  await api.GET('/profile', {})
  await api.POST('/auth/login', { body: { code: 'wx-code' } })
  await api.POST('/auth/logout', { headers: { Authorization: 'Bearer old-token' } })
  await items.GET('/items/{id}', { params: { path: { id: 'x' }, query: { page: 2 } } })
}

export async function wrongCallsDoNotCompile() {
  // @ts-expect-error a path the spec does not have
  await api.GET('/nope')
  // @ts-expect-error a method the path does not have
  await api.POST('/profile')
  // @ts-expect-error a method the path does not have
  await api.GET('/auth/login')
  // @ts-expect-error no path declares PUT
  await api.PUT('/profile')
  // @ts-expect-error the required body is missing
  await api.POST('/auth/login')
  // @ts-expect-error a required body field is missing
  await api.POST('/auth/login', { body: {} })
  // @ts-expect-error a body field has the wrong type
  await api.POST('/auth/login', { body: { code: 42 } })
  // @ts-expect-error a body on an operation that takes none
  await api.GET('/profile', { body: { code: 'x' } })
  // @ts-expect-error the required path parameters are missing
  await items.GET('/items/{id}')
  // @ts-expect-error a query parameter of the wrong type
  await items.GET('/items/{id}', { params: { path: { id: 'x' }, query: { page: 'two' } } })
}

export async function resultsAreDiscriminatedUnions() {
  const profile = await api.GET('/profile')
  // @ts-expect-error data may be undefined until the error is ruled out
  profile.data.nickname
  if (profile.error) {
    expectType(profile.error).toBe<
      | ApiError<
          | Schemas['InvalidRequestError']
          | Schemas['SessionExpiredError']
          | Schemas['InternalError']
          | Schemas['StoreUnavailableError']
        >
      | NetworkError
      | InvalidResponseError
    >()
    expectType(profile.error.code).toBe<
      | 'INVALID_REQUEST'
      | 'SESSION_EXPIRED'
      | 'SESSION_REPLACED'
      | 'SESSION_REVOKED'
      | 'INTERNAL_ERROR'
      | 'STORE_UNAVAILABLE'
      | 'NETWORK_ERROR'
      | 'TIMEOUT'
      | 'INVALID_RESPONSE'
    >()
    expectType(profile.error.name).toBe<'ApiError' | 'NetworkError' | 'InvalidResponseError'>()
    expectType(profile.data).toBe<undefined>()
  } else {
    expectType(profile.data).toBe<User>()
  }

  const login = await api.POST('/auth/login', { body: { code: 'c' } })
  if (!login.error) expectType(login.data).toBe<Session>()
  else if (login.error.name === 'ApiError') {
    expectType(login.error.code).toBe<
      | 'INVALID_CODE'
      | 'INVALID_PHONE_CODE'
      | 'PLATFORM_NOT_ENABLED'
      | 'INVALID_REQUEST'
      | 'USER_BLOCKED'
      | 'PHONE_NOT_ALLOWED'
      | 'RATE_LIMITED'
      | 'PHONE_QUOTA_EXCEEDED'
      | 'INTERNAL_ERROR'
      | 'WECHAT_UNAVAILABLE'
      | 'ALIPAY_UNAVAILABLE'
      | 'DOUYIN_UNAVAILABLE'
      | 'STORE_UNAVAILABLE'
    >()
  }

  const feed = await api.GET('/feed')
  if (!feed.error) expectType(feed.data.items).toBe<FeedItem[]>()

  const logout = await api.POST('/auth/logout')
  if (!logout.error) expectType(logout.data).toBe<undefined>()

  // The 503 of /health is a Health body, not { code, message }: only its 500 is an ApiError.
  const health = await api.GET('/health')
  if (health.error) {
    expectType(health.error).toBe<ApiError<Schemas['InternalError']> | NetworkError | InvalidResponseError>()
  }
}

export async function errorsOnlyCompareToWhatTheyCanBe() {
  const profile = await api.GET('/profile')
  if (profile.error) {
    // @ts-expect-error /profile never answers USER_BLOCKED: only login can
    if (profile.error.code === 'USER_BLOCKED') return
    // @ts-expect-error a misspelt code
    if (profile.error.code === 'SESION_EXPIRED') return
    // @ts-expect-error a misspelt class name
    if (profile.error.name === 'NetworkEror') return
    if (profile.error.name === 'ApiError')
      expectType(profile.error).toBe<Exclude<typeof profile.error, NetworkError | InvalidResponseError>>()
  }
  const logout = await api.POST('/auth/logout')
  // @ts-expect-error logout is never rate limited
  if (logout.error?.code === 'RATE_LIMITED') return
}

export function middlewareErrorsAreTheSdkErrorUnion() {
  const middleware: Middleware = {
    onError({ error }) {
      expectType(error).toBe<AnySdkError>()
      expectType(error.name).toBe<'ApiError' | 'NetworkError' | 'InvalidResponseError'>()
      // Middleware is generic: an API error's code is any string there; calls narrow it per operation.
      expectType(error.code).toBe<string>()
      // @ts-expect-error a name no SDK error has
      if (error.name === 'SdkError') return
    },
  }
  api.use(middleware)
}

export function middlewareWithoutReturnStatementsCompiles() {
  const seen: number[] = []
  const logStatus = {
    onResponse({ response }: { response: { status: number } }) {
      seen.push(response.status)
    },
  }
  const middleware: Middleware = logStatus
  api.use(middleware)
}

/** `"METHOD /path"` for every operation the spec declares for a client method. */
type SpecOperationKey = { [M in HttpMethod]: `${M} ${PathsWithMethod<paths, M>}` }[HttpMethod]

// The generated metadata covers exactly the spec's operations.
expectType({} as keyof typeof OPERATIONS).toBe<SpecOperationKey>()

export async function sessionDetailsAreTypedFromTheSpec() {
  const session = await api.GET('/auth/session')
  if (session.error) {
    expectType(session.error.status).toBe<number>()
    // @ts-expect-error GET /auth/session is never rate limited
    if (session.error.code === 'RATE_LIMITED') return
    return
  }
  expectType(session.data).toBe<Schemas['SessionDetails']>()
  expectType(session.data.renewableUntil).toBe<string>()
  // @ts-expect-error the session never carries its token
  void session.data.token
  // @ts-expect-error GET /auth/session takes no body
  await api.GET('/auth/session', { body: {} })
}
