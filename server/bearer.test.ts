import { readBearer } from './bearer'
import { createMemoryStore } from './memory-store'
import { bearer, login, testServer } from './test/harness'

// Shaped like an issued token (22 tag characters, a dot, 43 random ones) but never issued.
const NEVER_ISSUED = `${'A'.repeat(22)}.${'b'.repeat(43)}`
const ENDPOINTS_READING_THE_TOKEN = [
  ['GET', '/profile'],
  ['GET', '/feed'],
  ['POST', '/auth/logout'],
] as const

describe('readBearer', () => {
  it('reads a token of the contract shape, whatever the case of the scheme and the blanks around it', () => {
    for (const header of [`Bearer ${NEVER_ISSUED}`, `bearer ${NEVER_ISSUED}`, `BEARER \t${NEVER_ISSUED} \t `]) {
      expect(readBearer(header)).toEqual({ kind: 'token', token: NEVER_ISSUED })
    }
  })

  it('tells a missing header from one that is not a Bearer credential at all', () => {
    expect(readBearer(undefined)).toEqual({ kind: 'absent' })
    for (const header of ['', 'Basic dXNlcjpwYXNz', `Token ${NEVER_ISSUED}`, NEVER_ISSUED, `Bearer${NEVER_ISSUED}`]) {
      expect(readBearer(header)).toEqual({ kind: 'malformed' })
    }
    expect(readBearer([`Bearer ${NEVER_ISSUED}`])).toEqual({ kind: 'malformed' })
  })

  it.each([
    ['empty', ''],
    ['with a space in it', `${NEVER_ISSUED.slice(0, 30)} ${NEVER_ISSUED.slice(31)}`],
    ['with characters outside base64url', `${NEVER_ISSUED.slice(0, -1)}+`],
    ['one character short', NEVER_ISSUED.slice(1)],
    ['one character long', `${NEVER_ISSUED}b`],
    ['4 KB long', 'a'.repeat(4 * 1024)],
    ['8 KB long', `${NEVER_ISSUED}.${'b'.repeat(8 * 1024)}`],
  ])('calls a Bearer credential %s an invalid token, not a malformed header', (_, token) => {
    expect(readBearer(`Bearer ${token}`)).toEqual({ kind: 'invalid-token' })
  })

  it('calls the bare scheme, with or without blanks after it, a Bearer credential whose token is invalid', () => {
    for (const header of ['Bearer', 'bearer ', 'Bearer \t '])
      expect(readBearer(header)).toEqual({ kind: 'invalid-token' })
  })
})

describe('the Authorization header on the endpoints that read it', () => {
  const setup = () => testServer({ store: createMemoryStore(), config: { sessionTtlSeconds: 3600 } })

  it.each([
    ['a space in it', `${NEVER_ISSUED.slice(0, 30)} ${NEVER_ISSUED.slice(31)}`],
    ['characters outside base64url', `${NEVER_ISSUED.slice(0, -1)}~`],
    ['one character too few', NEVER_ISSUED.slice(1)],
    ['one character too many', `${NEVER_ISSUED}b`],
    ['4 KB', 'a'.repeat(4 * 1024)],
    ['8 KB', `${NEVER_ISSUED}.${'b'.repeat(8 * 1024)}`],
    ['nothing after the scheme', ''],
  ])('answers a Bearer token with %s 401 SESSION_EXPIRED, as RFC 6750 does for invalid_token', async (_, token) => {
    const { app } = setup()
    for (const [method, url] of ENDPOINTS_READING_THE_TOKEN) {
      const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` } })
      expect({ url, status: response.statusCode, body: response.json() }).toEqual({
        url,
        status: 401,
        body: { code: 'SESSION_EXPIRED', message: '登录状态已失效' },
      })
    }
  })

  it('answers a well-formed token that was never issued or expired with SESSION_EXPIRED, a revoked one with SESSION_REVOKED', async () => {
    let nowMs = Date.now()
    const { app } = testServer({ store: createMemoryStore({ now: () => nowMs }), config: { sessionTtlSeconds: 60 } })
    const revoked = (await login(app, 'revoked')).token
    await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(revoked) })
    const expired = (await login(app, 'expired')).token
    nowMs += 61_000
    const cases = [
      [NEVER_ISSUED, 'SESSION_EXPIRED'],
      [revoked, 'SESSION_REVOKED'],
      [expired, 'SESSION_EXPIRED'],
    ] as const
    for (const [token, code] of cases) {
      for (const [method, url] of ENDPOINTS_READING_THE_TOKEN) {
        const response = await app.inject({ method, url, headers: bearer(token) })
        expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status: 401, code })
      }
    }
  })

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a token without a scheme', NEVER_ISSUED],
    ['a scheme glued to the token', `Bearer${NEVER_ISSUED}`],
  ])('answers a header that is not a Bearer credential at all (%s) with 400 INVALID_REQUEST', async (_, header) => {
    const { app } = setup()
    for (const [method, url] of ENDPOINTS_READING_THE_TOKEN) {
      const response = await app.inject({ method, url, headers: { authorization: header } })
      expect({ url, status: response.statusCode, code: response.json().code }).toEqual({
        url,
        status: 400,
        code: 'INVALID_REQUEST',
      })
    }
  })

  it('still serves a token it issued', async () => {
    const { app } = setup()
    const { token, user } = await login(app, 'alive')
    const response = await app.inject({ url: '/profile', headers: { authorization: `bearer  ${token} ` } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(user)
  })
})
