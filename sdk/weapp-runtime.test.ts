// WeChat's JS runtime has none of the web's networking globals: the SDK must not need any of them.

import type * as Sdk from './index'
import { fakeWxRequest } from './testing/fake-wx-request'

const webGlobals = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'URL',
  'URLSearchParams',
  'AbortController',
  'TextEncoder',
] as const

const user = { id: 'u1', nickname: '小明', avatarUrl: 'https://img.test/a.png' }

describe('the SDK in a runtime without web globals', () => {
  const saved = new Map<string, PropertyDescriptor>()
  let sdk: typeof Sdk

  beforeAll(() => {
    for (const name of webGlobals) {
      const descriptor = Object.getOwnPropertyDescriptor(globalThis, name)
      if (descriptor) saved.set(name, descriptor)
      delete (globalThis as Record<string, unknown>)[name]
    }
    // Loaded only now, so nothing at module load time can reach for a deleted global either.
    jest.isolateModules(() => {
      sdk = require('./index')
    })
  })

  afterAll(() => {
    for (const [name, descriptor] of saved) Object.defineProperty(globalThis, name, descriptor)
  })

  function setUp(answer: Parameters<typeof fakeWxRequest>[0]) {
    const request = fakeWxRequest(answer)
    const onSessionExpired = jest.fn()
    const api = sdk.createApiClient({
      baseUrl: 'https://api.test',
      transport: sdk.taroTransport({ request, timeoutMs: 1000 }),
      middleware: [sdk.authMiddleware({ getToken: () => 'token-1', onSessionExpired })],
    })
    return { api, request, onSessionExpired }
  }

  it('really runs without them', () => {
    for (const name of webGlobals) expect(name in globalThis).toBe(false)
  })

  it('gets typed data, with the token and the query string, over a WeChat-style request', async () => {
    const { api, request } = setUp(() => ({ statusCode: 200, data: JSON.stringify(user) }))
    const result = await api.GET('/profile', { params: {} })
    expect(result.data).toEqual(user)
    expect(request.calls[0]?.header.authorization).toBe('Bearer token-1')
  })

  it('reports a 401 as an ApiError and the session as expired', async () => {
    const { api, onSessionExpired } = setUp(() => ({
      statusCode: 401,
      data: '{"code":"SESSION_EXPIRED","message":"登录状态已失效"}',
    }))
    const result = await api.GET('/profile')
    expect(sdk.isApiError(result.error) && result.error.code).toBe('SESSION_EXPIRED')
    expect(onSessionExpired).toHaveBeenCalledWith('token-1', 'SESSION_EXPIRED')
  })

  it('resolves a failed request to a NetworkError', async () => {
    const { api } = setUp(() => ({ errMsg: 'request:fail timeout' }))
    const result = await api.GET('/feed')
    expect(sdk.isNetworkError(result.error) && result.error.code).toBe('TIMEOUT')
  })

  it('resolves a malformed body to an InvalidResponseError', async () => {
    const { api } = setUp(() => ({ statusCode: 200, data: '<html>portal</html>' }))
    const result = await api.GET('/feed')
    expect(sdk.isInvalidResponseError(result.error)).toBe(true)
  })
})
