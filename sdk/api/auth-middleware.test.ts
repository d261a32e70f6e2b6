import { createClient } from '../client/client'
import type { RequestContext } from '../client/middleware'
import type { TransportRequest, TransportResponse } from '../client/transport'
import { fakeTransport, jsonResponse, textResponse } from '../testing/fake-transport'
import { createApiClient } from './api-client'
import { authMiddleware } from './auth-middleware'
import { OPERATIONS } from './operations.gen'
import type { paths } from './schema'

const baseUrl = 'https://api.test'
const user = { id: 'u1', nickname: '小明', avatarUrl: 'https://img.test/a.png' }
const sessionExpired = { code: 'SESSION_EXPIRED', message: '登录状态已失效' }

/** An API client whose server answers with `respond`, signed in as whatever `token.current` is. */
function setUp(respond: (request: TransportRequest) => TransportResponse | Promise<TransportResponse>) {
  const token: { current: string | null } = { current: 'token-1' }
  const onSessionExpired = jest.fn()
  const transport = fakeTransport(respond)
  const auth = authMiddleware({ getToken: () => token.current, onSessionExpired })
  const api = createApiClient({ baseUrl, transport, middleware: [auth] })
  return { api, token, onSessionExpired, transport }
}

describe('authMiddleware', () => {
  it('sends the bearer token on operations that need one', async () => {
    const { api, transport } = setUp(() => jsonResponse(200, user))
    await api.GET('/profile')
    expect(transport.requests[0]?.headers.authorization).toBe('Bearer token-1')
  })

  it('reads the token at request time, not when it was created', async () => {
    const { api, token, transport } = setUp(() => jsonResponse(200, user))
    token.current = 'token-2'
    await api.GET('/profile')
    token.current = null
    await api.GET('/profile')
    expect(transport.requests.map((r) => r.headers.authorization)).toEqual(['Bearer token-2', undefined])
  })

  it('accepts a token getter that returns a promise', async () => {
    const transport = fakeTransport(() => jsonResponse(200, user))
    const auth = authMiddleware({ getToken: async () => 'async-token', onSessionExpired: jest.fn() })
    await createApiClient({ baseUrl, transport, middleware: [auth] }).GET('/profile')
    expect(transport.requests[0]?.headers.authorization).toBe('Bearer async-token')
  })

  it('sends the token on optional-auth operations when there is one', async () => {
    const { api, transport } = setUp(() => jsonResponse(200, { items: [] }))
    await api.GET('/feed')
    expect(transport.requests[0]?.headers.authorization).toBe('Bearer token-1')
  })

  it('sends no token to operations the spec marks public', async () => {
    const { api, transport } = setUp(() => jsonResponse(200, { status: 'ok', store: 'memory' }))
    await api.GET('/health')
    await api.POST('/auth/login', { body: { code: 'c' } })
    expect(transport.requests.map((r) => 'authorization' in r.headers)).toEqual([false, false])
  })

  it('sends the token everywhere when the client has no operation metadata', async () => {
    const transport = fakeTransport(() => jsonResponse(200, { status: 'ok', store: 'memory' }))
    const auth = authMiddleware({ getToken: () => 't', onSessionExpired: jest.fn() })
    await createClient<paths>({ baseUrl, transport, middleware: [auth] }).GET('/health')
    expect(transport.requests[0]?.headers.authorization).toBe('Bearer t')
  })

  it('never overrides an Authorization header the caller set, and does not report its 401', async () => {
    const { api, transport, onSessionExpired } = setUp(() => jsonResponse(401, sessionExpired))
    const result = await api.POST('/auth/logout', { headers: { Authorization: 'Bearer revoked-token' } })
    expect(transport.requests[0]?.headers.authorization).toBe('Bearer revoked-token')
    expect(result.error?.code).toBe('SESSION_EXPIRED')
    expect(onSessionExpired).not.toHaveBeenCalled()
  })

  it('reports a 401 for a request it authorized, with the token that was rejected', async () => {
    const { api, onSessionExpired } = setUp(() => jsonResponse(401, sessionExpired))
    const result = await api.GET('/profile')
    expect(result.error?.status).toBe(401)
    expect(onSessionExpired).toHaveBeenCalledTimes(1)
    expect(onSessionExpired).toHaveBeenCalledWith('token-1', 'SESSION_EXPIRED')
  })

  it('reports a burst of 20 concurrent 401s once', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const { api, onSessionExpired, transport } = setUp(async () => {
      await gate
      return jsonResponse(401, sessionExpired)
    })
    const calls = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? api.GET('/profile') : api.GET('/feed')))
    // All 20 are in flight before any answer arrives.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(transport.requests).toHaveLength(20)
    release()
    const results = await Promise.all(calls)
    expect(results.every((r) => r.error?.code === 'SESSION_EXPIRED')).toBe(true)
    expect(onSessionExpired).toHaveBeenCalledTimes(1)
  })

  it('never reports the same token twice, but reports a new token after signing in again', async () => {
    const { api, token, onSessionExpired } = setUp(() => jsonResponse(401, sessionExpired))
    await api.GET('/profile')
    await api.GET('/profile')
    token.current = 'token-2'
    await api.GET('/profile')
    expect(onSessionExpired.mock.calls).toEqual([
      ['token-1', 'SESSION_EXPIRED'],
      ['token-2', 'SESSION_EXPIRED'],
    ])
  })

  it('does not report a 401 on a request sent without a token', async () => {
    const { api, token, onSessionExpired } = setUp(() => jsonResponse(401, sessionExpired))
    token.current = null
    await api.GET('/profile')
    expect(onSessionExpired).not.toHaveBeenCalled()
  })

  it.each([
    ['an HTML page', textResponse(401, '<html><body>请先认证</body></html>', 'text/html')],
    ['an empty body', textResponse(401, '')],
    ['JSON that is not the API error', jsonResponse(401, { error: 'unauthorized' })],
    ['an error code the operation never answers with 401', jsonResponse(401, { code: 'USER_BLOCKED', message: 'x' })],
  ])('does not end the session on a 401 with %s, which a gateway sent, not the API', async (_, response) => {
    const { api, onSessionExpired } = setUp(() => response)
    const result = await api.GET('/profile')
    expect(result.error).toMatchObject({ code: 'INVALID_RESPONSE', status: 401 })
    expect(onSessionExpired).not.toHaveBeenCalled()
  })

  it('without operation metadata, reports a 401 only when its body is { code, message }', async () => {
    const onSessionExpired = jest.fn()
    const replies = [textResponse(401, '<html></html>', 'text/html'), jsonResponse(401, sessionExpired)]
    const transport = fakeTransport(() => replies.shift() ?? textResponse(500, ''))
    const auth = authMiddleware({ getToken: () => 't', onSessionExpired })
    const client = createClient<paths>({ baseUrl, transport, middleware: [auth] })
    await client.GET('/profile')
    expect(onSessionExpired).not.toHaveBeenCalled()
    await client.GET('/profile')
    expect(onSessionExpired).toHaveBeenCalledWith('t', 'SESSION_EXPIRED')
  })

  it('does not report other statuses', async () => {
    const { api, onSessionExpired } = setUp(() => textResponse(403, '{"code":"USER_BLOCKED","message":"已限制"}'))
    await api.GET('/profile')
    expect(onSessionExpired).not.toHaveBeenCalled()
  })

  describe('keeps its memory bounded', () => {
    const request = { method: 'GET', url: `${baseUrl}/profile`, headers: {} } as const
    const context = (id: number): RequestContext => ({
      id,
      method: 'GET',
      schemaPath: '/profile',
      operation: OPERATIONS['GET /profile'],
      request: { ...request, headers: {} },
    })
    const unauthorized = jsonResponse(401, sessionExpired)

    it('forgets a reported token after many newer sessions expired, and still reports each new one once', async () => {
      let current = ''
      const onSessionExpired = jest.fn()
      const auth = authMiddleware({ getToken: () => current, onSessionExpired })
      // 10,000 sessions, each ending with a burst of two 401s.
      for (let id = 1; id <= 20_000; id += 2) {
        current = `token-${id}`
        await auth.onRequest?.(context(id))
        await auth.onRequest?.(context(id + 1))
        auth.onResponse?.({ ...context(id), response: unauthorized })
        auth.onResponse?.({ ...context(id + 1), response: unauthorized })
      }
      expect(onSessionExpired).toHaveBeenCalledTimes(10_000)
      // The first token was forgotten (memory is bounded), so a late 401 for it is reported again...
      current = 'token-1'
      await auth.onRequest?.(context(30_001))
      auth.onResponse?.({ ...context(30_001), response: unauthorized })
      expect(onSessionExpired).toHaveBeenCalledTimes(10_001)
      // ...while the latest one is still remembered.
      current = 'token-19999'
      await auth.onRequest?.(context(30_002))
      auth.onResponse?.({ ...context(30_002), response: unauthorized })
      expect(onSessionExpired).toHaveBeenCalledTimes(10_001)
    })

    it('forgets calls whose answer never came back once many newer calls were sent', async () => {
      const onSessionExpired = jest.fn()
      const auth = authMiddleware({ getToken: () => 'token-1', onSessionExpired })
      // 10,000 calls that never reach onResponse or onError (a later hook threw, say).
      for (let id = 1; id <= 10_000; id++) await auth.onRequest?.(context(id))
      // The oldest was forgotten: its 401 is no longer tied to a token this middleware sent.
      auth.onResponse?.({ ...context(1), response: unauthorized })
      expect(onSessionExpired).not.toHaveBeenCalled()
      // A recent one is still known.
      auth.onResponse?.({ ...context(10_000), response: unauthorized })
      expect(onSessionExpired).toHaveBeenCalledWith('token-1', 'SESSION_EXPIRED')
    })
  })
})

describe('authMiddleware() says why a session ended', () => {
  it.each([
    ['SESSION_REPLACED', 'SESSION_REPLACED'],
    ['SESSION_REVOKED', 'SESSION_REVOKED'],
    ['SESSION_EXPIRED', 'SESSION_EXPIRED'],
  ] as const)('reports a declared 401 %s with its code', async (code, reported) => {
    const { api, onSessionExpired } = setUp(() => jsonResponse(401, { code, message: '已失效' }))
    await api.GET('/profile')
    expect(onSessionExpired).toHaveBeenCalledWith('token-1', reported)
  })

  it('reads an undeclared code in an API 401 without metadata as expired', async () => {
    const onSessionExpired = jest.fn()
    const transport = fakeTransport(() => jsonResponse(401, { code: 'SOMETHING_NEW', message: '?' }))
    const auth = authMiddleware({ getToken: () => 't', onSessionExpired })
    const client = createClient<paths>({ baseUrl, transport, middleware: [auth] })
    await client.GET('/profile')
    expect(onSessionExpired).toHaveBeenCalledWith('t', 'SESSION_EXPIRED')
  })
})
