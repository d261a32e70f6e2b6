import { createApiClient } from './api-client'
import { authMiddleware } from './auth-middleware'
import { createClient } from './client'
import { fakeTransport, jsonResponse, textResponse } from './fake-transport'
import type { paths } from './schema'
import type { TransportRequest, TransportResponse } from './transport'

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
    expect(onSessionExpired).toHaveBeenCalledWith('token-1')
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
    expect(onSessionExpired.mock.calls).toEqual([['token-1'], ['token-2']])
  })

  it('does not report a 401 on a request sent without a token', async () => {
    const { api, token, onSessionExpired } = setUp(() => jsonResponse(401, sessionExpired))
    token.current = null
    await api.GET('/profile')
    expect(onSessionExpired).not.toHaveBeenCalled()
  })

  it('does not report other statuses', async () => {
    const { api, onSessionExpired } = setUp(() => textResponse(403, '{"code":"USER_BLOCKED","message":"已限制"}'))
    await api.GET('/profile')
    expect(onSessionExpired).not.toHaveBeenCalled()
  })
})
