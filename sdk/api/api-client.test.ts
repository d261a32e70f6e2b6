import { fakeTransport, jsonResponse, textResponse } from '../testing/fake-transport'
import { createApiClient } from './api-client'

const baseUrl = 'https://api.test'
const user = { id: 'u1', nickname: '小明', avatarUrl: 'https://img.test/a.png' }
// A token of the contract's shape: 22 tag characters, a dot, 43 random ones.
const session = { token: `${'T'.repeat(22)}.${'t'.repeat(43)}`, expiresAt: '2030-01-01T00:00:00.000Z', user }

describe('createApiClient', () => {
  it('resolves 2xx bodies that match the schema the spec declares', async () => {
    const transport = fakeTransport(() => jsonResponse(200, session))
    const result = await createApiClient({ baseUrl, transport }).POST('/auth/login', { body: { code: 'c' } })
    expect(result.error).toBeUndefined()
    expect(result.data).toEqual(session)
  })

  it.each([
    ['an empty token', { ...session, token: '' }],
    ['a token with a space in it', { ...session, token: `${session.token.slice(1)} ` }],
    ['a token longer than the contract allows', { ...session, token: `${session.token}${'t'.repeat(20_000)}` }],
    ['an expiry that is not a date-time', { ...session, expiresAt: 'soon' }],
    ['an expiry that is a number', { ...session, expiresAt: Date.parse(session.expiresAt) }],
    ['an empty user id', { ...session, user: { ...user, id: '' } }],
  ])('turns a login answer with %s into an InvalidResponseError, not a session', async (_, body) => {
    const transport = fakeTransport(() => jsonResponse(200, body))
    const result = await createApiClient({ baseUrl, transport }).POST('/auth/login', { body: { code: 'c' } })
    expect(result.data).toBeUndefined()
    expect(result.error?.code).toBe('INVALID_RESPONSE')
  })

  describe('GET /auth/session', () => {
    const details = { expiresAt: session.expiresAt, renewableUntil: '2030-01-30T00:00:00.000Z', user }

    it('resolves the session details with the stored token sent as a bearer token', async () => {
      const transport = fakeTransport(() => jsonResponse(200, details))
      const result = await createApiClient({ baseUrl, transport }).GET('/auth/session', {
        headers: { authorization: `Bearer ${session.token}` },
      })
      expect(result.data).toEqual(details)
      expect(transport.requests[0]).toMatchObject({ method: 'GET', url: 'https://api.test/auth/session' })
    })

    it.each([
      ['no renewal limit', { expiresAt: details.expiresAt, user }],
      ['a renewal limit that is not a date-time', { ...details, renewableUntil: 'later' }],
      ['no user', { expiresAt: details.expiresAt, renewableUntil: details.renewableUntil }],
    ])('turns an answer with %s into an InvalidResponseError', async (_, body) => {
      const transport = fakeTransport(() => jsonResponse(200, body))
      const result = await createApiClient({ baseUrl, transport }).GET('/auth/session')
      expect(result.data).toBeUndefined()
      expect(result.error?.code).toBe('INVALID_RESPONSE')
    })

    it('resolves a 401 that names why the session ended to an ApiError with that code', async () => {
      const transport = fakeTransport(() =>
        jsonResponse(401, { code: 'SESSION_REPLACED', message: '已在其他设备登录' }),
      )
      const result = await createApiClient({ baseUrl, transport }).GET('/auth/session')
      expect(result.error).toMatchObject({ name: 'ApiError', code: 'SESSION_REPLACED', status: 401 })
    })
  })

  it.each([
    ['a property this build does not know', { ...session, refreshToken: 'x' }],
    ['a nested property this build does not know', { ...session, user: { ...user, vip: true } }],
  ])('accepts a login answer with %s: a newer server never breaks released clients', async (_, body) => {
    const transport = fakeTransport(() => jsonResponse(200, body))
    const result = await createApiClient({ baseUrl, transport }).POST('/auth/login', { body: { code: 'c' } })
    expect(result.error).toBeUndefined()
    expect(result.data?.token).toBe(session.token)
  })

  it.each([
    ['a required property is missing', '/profile', { id: 'u1', nickname: '小明' }],
    ['a property has the wrong type', '/profile', { ...user, id: 1 }],
    [
      'a nested array item has an unknown enum value',
      '/feed',
      { items: [{ id: '1', title: 't', summary: 's', scope: 'secret' }] },
    ],
    ['the body is an array instead of an object', '/feed', [{ items: [] }]],
    ['the body is JSON null', '/profile', null],
  ] as const)('resolves to an InvalidResponseError when %s', async (_, path, body) => {
    const result = await createApiClient({ baseUrl, transport: fakeTransport(() => jsonResponse(200, body)) }).GET(path)
    expect(result.data).toBeUndefined()
    expect(result.error?.code).toBe('INVALID_RESPONSE')
  })

  it('resolves an error the operation declares, with a body of its schema, to an ApiError', async () => {
    const transport = fakeTransport(() => jsonResponse(401, { code: 'SESSION_EXPIRED', message: '登录状态已失效' }))
    const result = await createApiClient({ baseUrl, transport }).POST('/auth/logout')
    expect(result.error).toMatchObject({ name: 'ApiError', code: 'SESSION_EXPIRED', status: 401 })
  })

  it.each([
    ['a code the operation never answers', 401, { code: 'USER_BLOCKED', message: '已限制' }],
    ['a code of another status', 503, { code: 'SESSION_EXPIRED', message: '登录状态已失效' }],
    ['a message that is not a string', 401, { code: 'SESSION_EXPIRED', message: 1 }],
    ['a status the operation does not declare', 403, { code: 'USER_BLOCKED', message: '已限制' }],
    ['a gateway status the spec does not declare', 429, { code: 'RATE_LIMITED', message: '太频繁' }],
  ])('resolves an error response with %s to an InvalidResponseError', async (_, status, body) => {
    const result = await createApiClient({ baseUrl, transport: fakeTransport(() => jsonResponse(status, body)) }).GET(
      '/profile',
    )
    expect(result.error).toMatchObject({ name: 'InvalidResponseError', code: 'INVALID_RESPONSE', status })
  })

  it('resolves the 503 Health body of /health, which is no { code, message }, to an InvalidResponseError', async () => {
    const transport = fakeTransport(() => jsonResponse(503, { status: 'unavailable', store: 'redis' }))
    const result = await createApiClient({ baseUrl, transport }).GET('/health')
    expect(result.error).toMatchObject({ code: 'INVALID_RESPONSE', status: 503 })
  })

  it('resolves the body-less 204 of logout to undefined data', async () => {
    const result = await createApiClient({ baseUrl, transport: fakeTransport(() => textResponse(204, '')) }).POST(
      '/auth/logout',
    )
    expect(result.error).toBeUndefined()
    expect(result.data).toBeUndefined()
  })
})
