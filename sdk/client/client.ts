import type { Client } from './client-types'
import { type AnySdkError, ApiError, InvalidResponseError, isSdkError, NetworkError, type SdkError } from './errors'
import type { Middleware, MiddlewareContext } from './middleware'
import type { OperationInfo, OperationTable } from './operation-info'
import type { Shape } from './shape'
import type { HttpMethod, Transport, TransportRequest, TransportResponse } from './transport'
import { fillPath, queryString } from './url'

/** Settings of `createClient`. */
export interface ClientOptions {
  /** Prefix of every request URL, e.g. `https://api.example.com`. */
  baseUrl: string
  /** Sends requests: `taroTransport()` in the app, `fetchTransport()` under msw. */
  transport: Transport
  /** Middleware, requests in this order and responses in reverse. */
  middleware?: Middleware[]
  /** Generated per-operation metadata; without it 2xx bodies are parsed but their shape is not known. */
  operations?: OperationTable
  /** Checks a parsed 2xx body against its generated shape; a `false` becomes an `InvalidResponseError`. */
  validate?: (shape: Shape, value: unknown) => boolean
}

/** What one call passes at run time; its precise types live in `Client`. */
interface CallInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> }
  body?: unknown
  headers?: Record<string, string>
}

type CallResult = { data: unknown; response: TransportResponse } | { error: SdkError; response?: TransportResponse }

// Shared by all clients so one middleware instance serving two clients never sees two calls with one id.
let lastCallId = 0

const NOT_JSON = {}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}

/** Anything thrown inside a call becomes one of the SDK's errors, so calls never throw. */
function toSdkError(thrown: unknown): AnySdkError {
  // Only the concrete classes are in the union callers switch on; anything else is wrapped.
  if (isSdkError(thrown) && thrown.name !== 'SdkError') return thrown as AnySdkError
  return new NetworkError('NETWORK_ERROR', thrown instanceof Error ? thrown.message : String(thrown), thrown)
}

function lowerCaseKeys(record: Record<string, unknown> = {}): Record<string, string> {
  const result: Record<string, string> = {}
  for (const key in record) if (record[key] !== undefined) result[key.toLowerCase()] = String(record[key])
  return result
}

function buildRequest(baseUrl: string, method: HttpMethod, schemaPath: string, init: CallInit): TransportRequest {
  const { params = {}, body } = init
  // Lower-case names, so middleware can look a header up without caring how the caller spelled it.
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...lowerCaseKeys(params.header),
    ...lowerCaseKeys(init.headers),
  }
  const request: TransportRequest = {
    method,
    url: baseUrl + fillPath(schemaPath, params.path) + queryString(params.query),
    headers,
  }
  if (body !== undefined) {
    request.body = JSON.stringify(body)
    headers['content-type'] ??= 'application/json'
  }
  return request
}

/** The entry of `table` for `status`: the status itself, else its range (`4XX`), else `default`. */
function forStatus<T>(table: { readonly [status: string]: T }, status: number): T | undefined {
  for (const key of [`${status}`, `${`${status}`[0]}XX`, 'default']) if (key in table) return table[key]
  return undefined
}

/** Turns a response into data or an error; never trusts a body the spec does not vouch for. */
function readResponse(
  response: TransportResponse,
  operation: OperationInfo | undefined,
  validate: ClientOptions['validate'],
): CallResult {
  const { status, body } = response
  const invalid = (reason: string): CallResult => ({
    error: new InvalidResponseError(`${reason} (HTTP ${status})`, status, body),
    response,
  })
  if (status < 200 || status > 299) {
    const parsed = parseJson(body) as { code?: unknown; message?: unknown } | null
    // With metadata, only an error status the spec declares, with a body of its schema, is the server's word.
    const errorShape = operation && forStatus(operation.errors, status)
    if (operation && !errorShape) return invalid('error status not declared by the spec')
    if (errorShape && validate && !validate(errorShape, parsed))
      return invalid('error response does not match the spec')
    if (typeof parsed?.code === 'string' && typeof parsed.message === 'string') {
      return { error: new ApiError(parsed as { code: string; message: string }, status), response }
    }
    return invalid('error response is not { code, message }')
  }
  // With metadata: the declared shape, or null for "no body"; undefined means the status is undeclared.
  const shape = operation ? forStatus(operation.ok, status) : undefined
  if (operation && shape === undefined) return invalid('success status not declared by the spec')
  if (shape === null || (!operation && (status === 204 || status === 205))) return { data: undefined, response }
  const data = parseJson(body)
  if (data === NOT_JSON) return invalid(body.trim() === '' ? 'response body is empty' : 'response body is not JSON')
  if (shape && validate && !validate(shape, data)) return invalid('response body does not match the spec')
  return { data, response }
}

/** Creates a client typed by generated `paths`; calls never throw, every failure resolves to `{ error }`. */
export function createClient<Paths>(options: ClientOptions): Client<Paths> {
  const { transport, operations, validate } = options
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const middleware = [...(options.middleware ?? [])]

  async function send(method: HttpMethod, schemaPath: string, init: CallInit): Promise<CallResult> {
    // A snapshot: `use`/`eject` during a call must not shift which hooks run on the way back.
    const chain = middleware.slice()
    const context: MiddlewareContext = {
      id: ++lastCallId,
      method,
      schemaPath,
      operation: operations?.[`${method} ${schemaPath}`],
    }
    let request = buildRequest(baseUrl, method, schemaPath, init)
    let response: TransportResponse | undefined
    try {
      for (const m of chain) request = (await m.onRequest?.({ ...context, request })) || request
      response = await transport(request)
    } catch (thrown) {
      let error = toSdkError(thrown)
      for (let i = chain.length - 1; i >= 0 && !response; i--) {
        const handled = await chain[i]?.onError?.({ ...context, request, error })
        if (isSdkError(handled)) error = toSdkError(handled)
        else if (handled) response = handled
      }
      if (!response) return { error }
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      response = (await chain[i]?.onResponse?.({ ...context, request, response })) || response
    }
    return readResponse(response, context.operation, validate)
  }

  const call =
    (method: HttpMethod) =>
    (path: string, init: CallInit = {}): Promise<CallResult> =>
      send(method, path, init).catch((thrown: unknown) => ({ error: toSdkError(thrown) }))

  const client = {
    GET: call('GET'),
    POST: call('POST'),
    PUT: call('PUT'),
    DELETE: call('DELETE'),
    PATCH: call('PATCH'),
    use(...added: Middleware[]) {
      middleware.push(...added)
    },
    eject(...removed: Middleware[]) {
      for (const m of removed) {
        const index = middleware.indexOf(m)
        if (index !== -1) middleware.splice(index, 1)
      }
    },
  }
  // The run-time methods are untyped by design; `Client<Paths>` supplies every endpoint type.
  return client as unknown as Client<Paths>
}
