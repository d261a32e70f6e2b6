import type { ExamplePaths } from '../testing/example-paths'
import { fakeTransport, jsonResponse, textResponse } from '../testing/fake-transport'
import { createClient } from './client'
import { ApiError, InvalidResponseError, isApiError, isInvalidResponseError, NetworkError } from './errors'
import type { Middleware } from './middleware'

const baseUrl = 'https://api.test/'
const user = { id: 'u1', nickname: '小明', avatarUrl: 'https://img.test/a.png' }
const sessionExpired = { code: 'SESSION_EXPIRED', message: '登录状态已失效' }

/** A spec fragment with path and query parameters, which the real spec does not have. */
interface ItemPaths {
  '/items/{id}': {
    get: {
      parameters: { path: { id: string }; query?: { tag?: string[]; q?: string; page?: number } }
      responses: { 200: { content: { 'application/json': { id: string } } } }
    }
  }
}

describe('createClient', () => {
  it('resolves a 2xx JSON body to data, with the response', async () => {
    const transport = fakeTransport(() => jsonResponse(200, user))
    const client = createClient<ExamplePaths>({ baseUrl, transport })
    const result = await client.GET('/profile')
    expect(result.error).toBeUndefined()
    expect(result.data).toEqual(user)
    expect(result.response?.status).toBe(200)
  })

  it('joins baseUrl and path with one slash and asks for JSON', async () => {
    const transport = fakeTransport(() => jsonResponse(200, user))
    await createClient<ExamplePaths>({ baseUrl, transport }).GET('/profile')
    expect(transport.requests[0]).toEqual({
      method: 'GET',
      url: 'https://api.test/profile',
      headers: { accept: 'application/json' },
    })
  })

  it('encodes path parameters and the query string without URLSearchParams', async () => {
    const transport = fakeTransport(() => jsonResponse(200, { id: 'a/b c' }))
    const client = createClient<ItemPaths>({ baseUrl, transport })
    await client.GET('/items/{id}', {
      params: { path: { id: 'a/b c' }, query: { tag: ['新', 'x&y'], q: undefined, page: 2 } },
    })
    expect(transport.requests[0]?.url).toBe('https://api.test/items/a%2Fb%20c?tag=%E6%96%B0&tag=x%26y&page=2')
  })

  it('sends the body as JSON with a JSON content type', async () => {
    const transport = fakeTransport(() => jsonResponse(200, { token: 't', expiresAt: 'x', user }))
    await createClient<ExamplePaths>({ baseUrl, transport }).POST('/auth/login', { body: { code: 'wx-code' } })
    expect(transport.requests[0]?.body).toBe('{"code":"wx-code"}')
    expect(transport.requests[0]?.headers['content-type']).toBe('application/json')
  })

  it('lower-cases caller header names so middleware can find them however they were spelled', async () => {
    const transport = fakeTransport(() => textResponse(204, ''))
    await createClient<ExamplePaths>({ baseUrl, transport }).POST('/auth/logout', {
      headers: { Authorization: 'Bearer old' },
    })
    expect(transport.requests[0]?.headers).toEqual({ accept: 'application/json', authorization: 'Bearer old' })
  })

  it('resolves a 204 to undefined data', async () => {
    const transport = fakeTransport(() => textResponse(204, ''))
    const result = await createClient<ExamplePaths>({ baseUrl, transport }).POST('/auth/logout')
    expect(result).toEqual({ data: undefined, response: { status: 204, headers: expect.any(Object), body: '' } })
  })

  it('resolves an error status with a { code, message } body to an ApiError carrying that body', async () => {
    const transport = fakeTransport(() => jsonResponse(401, sessionExpired))
    const result = await createClient<ExamplePaths>({ baseUrl, transport }).GET('/profile')
    expect(result.data).toBeUndefined()
    expect(result.error).toBeInstanceOf(ApiError)
    expect(result.error).toMatchObject({ code: 'SESSION_EXPIRED', message: '登录状态已失效', status: 401 })
    expect(isApiError(result.error) && result.error.body).toEqual(sessionExpired)
    expect(result.response?.status).toBe(401)
  })

  describe('resolves a response it cannot understand to an InvalidResponseError', () => {
    it.each([
      ['a 2xx body that is not JSON', textResponse(200, '{"id": "u1"')],
      ['an empty 2xx body where one is expected', textResponse(200, '')],
      ['an HTML error page from a proxy', textResponse(502, '<html><body>502 Bad Gateway</body></html>', 'text/html')],
      ['an error status whose body has no code', jsonResponse(500, { message: '服务器错误' })],
      ['an error status whose body is not an object', jsonResponse(503, 'down')],
      ['an error status with an empty body', textResponse(500, '')],
    ])('%s', async (_, response) => {
      const client = createClient<ExamplePaths>({ baseUrl, transport: fakeTransport(() => response) })
      const result = await client.GET('/profile')
      expect(result.data).toBeUndefined()
      expect(result.error).toBeInstanceOf(InvalidResponseError)
      expect(result.error).toMatchObject({ code: 'INVALID_RESPONSE', status: response.status, body: response.body })
    })
  })

  it('resolves a transport failure to its NetworkError with status 0', async () => {
    const failure = new NetworkError('TIMEOUT', 'request:fail timeout')
    const transport = fakeTransport(() => Promise.reject(failure))
    const result = await createClient<ExamplePaths>({ baseUrl, transport }).GET('/feed')
    expect(result).toEqual({ error: failure })
    expect(result.error?.status).toBe(0)
  })

  it('turns anything else a transport throws into a NetworkError instead of throwing', async () => {
    const cause = new TypeError('boom')
    const transport = fakeTransport(() => {
      throw cause
    })
    const result = await createClient<ExamplePaths>({ baseUrl, transport }).GET('/feed')
    expect(result.error).toBeInstanceOf(NetworkError)
    expect(result.error).toMatchObject({ code: 'NETWORK_ERROR', message: 'boom', cause })
  })

  it('resolves to an error instead of throwing when a response hook throws', async () => {
    const transport = fakeTransport(() => jsonResponse(200, user))
    const broken: Middleware = {
      onResponse() {
        throw new Error('hook failed')
      },
    }
    const result = await createClient<ExamplePaths>({ baseUrl, transport, middleware: [broken] }).GET('/profile')
    expect(result.data).toBeUndefined()
    expect(result.error?.message).toBe('hook failed')
  })
})

describe('createClient with operation metadata', () => {
  const operations = {
    'GET /profile': { auth: 'bearer', ok: { 200: 'object' }, errors: { 401: 'object', '5XX': 'object' } },
    'POST /auth/logout': { auth: 'bearer', ok: { 204: null }, errors: { default: 'object' } },
  } as const
  // Stands in for the generated checks: a user must be u1, an error body must say SESSION_EXPIRED.
  const validate = (_shape: unknown, value: unknown) => {
    const body = value as { id?: unknown; code?: unknown } | null
    return body?.id === 'u1' || body?.code === 'SESSION_EXPIRED'
  }

  it('resolves a body that passes validation to data', async () => {
    const transport = fakeTransport(() => jsonResponse(200, user))
    const result = await createClient<ExamplePaths>({ baseUrl, transport, operations, validate }).GET('/profile')
    expect(result.data).toEqual(user)
  })

  it('resolves a 2xx body of the wrong shape to an InvalidResponseError, never to data', async () => {
    const transport = fakeTransport(() => jsonResponse(200, { id: 42 }))
    const result = await createClient<ExamplePaths>({ baseUrl, transport, operations, validate }).GET('/profile')
    expect(result.data).toBeUndefined()
    expect(isInvalidResponseError(result.error)).toBe(true)
    expect(result.error?.message).toMatch(/does not match the spec/)
  })

  it('resolves a 2xx status the spec does not declare to an InvalidResponseError', async () => {
    const transport = fakeTransport(() => jsonResponse(201, user))
    const result = await createClient<ExamplePaths>({ baseUrl, transport, operations, validate }).GET('/profile')
    expect(result.error).toMatchObject({ code: 'INVALID_RESPONSE', status: 201 })
  })

  it('resolves a declared error status whose body passes validation to an ApiError', async () => {
    const transport = fakeTransport(() => jsonResponse(401, sessionExpired))
    const result = await createClient<ExamplePaths>({ baseUrl, transport, operations, validate }).GET('/profile')
    expect(isApiError(result.error)).toBe(true)
    expect(result.error).toMatchObject({ code: 'SESSION_EXPIRED', status: 401 })
  })

  it('resolves a declared error status whose body fails validation to an InvalidResponseError', async () => {
    const transport = fakeTransport(() => jsonResponse(401, { code: 'USER_BLOCKED', message: '已限制' }))
    const result = await createClient<ExamplePaths>({ baseUrl, transport, operations, validate }).GET('/profile')
    expect(result.error).toMatchObject({ code: 'INVALID_RESPONSE', status: 401 })
    expect(result.error?.message).toMatch(/error response does not match the spec/)
  })

  it('resolves an error status the spec does not declare to an InvalidResponseError, even with { code, message }', async () => {
    const transport = fakeTransport(() => jsonResponse(403, sessionExpired))
    const result = await createClient<ExamplePaths>({ baseUrl, transport, operations, validate }).GET('/profile')
    expect(result.error).toMatchObject({ code: 'INVALID_RESPONSE', status: 403 })
    expect(result.error?.message).toMatch(/error status not declared by the spec/)
  })

  it('finds an error status under its range, then under default', async () => {
    const gateway = fakeTransport(() => jsonResponse(502, sessionExpired))
    const profile = await createClient<ExamplePaths>({ baseUrl, transport: gateway, operations, validate }).GET(
      '/profile',
    )
    expect(profile.error).toMatchObject({ name: 'ApiError', status: 502 })
    const teapot = fakeTransport(() => jsonResponse(418, sessionExpired))
    const logout = await createClient<ExamplePaths>({ baseUrl, transport: teapot, operations, validate }).POST(
      '/auth/logout',
    )
    expect(logout.error).toMatchObject({ name: 'ApiError', status: 418 })
  })

  it('ignores the body of a status declared without one', async () => {
    const transport = fakeTransport(() => textResponse(204, 'unexpected'))
    const result = await createClient<ExamplePaths>({ baseUrl, transport, operations, validate }).POST('/auth/logout')
    expect(result).toMatchObject({ data: undefined })
    expect(result.error).toBeUndefined()
  })
})
