import { createMemoryStore } from './memory-store'
import { loadOperations } from './spec'
import type { SessionStore } from './store'
import { bearer, codeExchange, login, testServer } from './test/harness'

const PUBLIC_BASE_URL = 'https://api.example.com'

describe('the API routes', () => {
  const setup = (store: SessionStore = createMemoryStore()) =>
    testServer({ store, config: { publicBaseUrl: PUBLIC_BASE_URL, sessionTtlSeconds: 3600 } })

  it('serves every operation of the contract, and nothing else under its paths', async () => {
    const { app } = setup()
    await app.ready()
    const operations = loadOperations()
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(
      [
        'bindPhone',
        'getFeed',
        'getHealth',
        'getProfile',
        'getSession',
        'login',
        'logout',
        'updateProfile',
        'uploadAvatar',
      ].sort(),
    )
    for (const operation of operations) {
      expect(app.hasRoute({ method: operation.method, url: operation.path })).toBe(true)
    }
  })

  it('keeps multipart to the upload: no other route carries its request fields or its per-request hook', async () => {
    const { app } = setup()
    await app.ready()
    // @fastify/multipart adds nine request fields and an async onResponse hook to the scope it is registered in.
    expect(app.hasRequestDecorator('isMultipart')).toBe(false)
    const multipart = loadOperations().filter((operation) => operation.multipart)
    expect(multipart.map((operation) => operation.operationId)).toEqual(['uploadAvatar'])
  })

  it('logs in with a code and answers the session: token, expiry after the TTL, and a new user', async () => {
    const { app } = setup()
    const before = Date.now()
    const session = await login(app, 'code-1')
    expect(session.token.length).toBeGreaterThanOrEqual(43)
    const expiresAtMs = Date.parse(session.expiresAt)
    expect(expiresAtMs).toBeGreaterThanOrEqual(before + 3600_000)
    expect(expiresAtMs).toBeLessThanOrEqual(Date.now() + 3600_000)
    expect(session.user).toEqual({
      id: expect.stringMatching(/^u_/),
      nickname: '微信用户',
      avatarUrl: `${PUBLIC_BASE_URL}/avatars/${session.user.id}.svg`,
    })
  })

  it('gives the same WeChat user the same account, and signs the older device out (single sign-on)', async () => {
    const { app } = setup()
    const phone = await login(app, 'same-user')
    const tablet = await login(app, 'same-user')
    expect(tablet.user).toEqual(phone.user)
    expect((await app.inject({ url: '/profile', headers: bearer(phone.token) })).statusCode).toBe(401)
    expect((await app.inject({ url: '/profile', headers: bearer(tablet.token) })).statusCode).toBe(200)
  })

  it('answers GET /profile with the signed-in user', async () => {
    const { app } = setup()
    const { token, user } = await login(app, 'code-1')
    const response = await app.inject({ url: '/profile', headers: bearer(token) })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(user)
  })

  it("answers GET /auth/session with the session's expiry, how long renewals can keep it, and its user", async () => {
    const { app } = testServer({ config: { sessionTtlSeconds: 3600, sessionMaxLifetimeSeconds: 7 * 24 * 3600 } })
    const before = Date.now()
    const session = await login(app, 'code-1')
    const after = Date.now()
    const response = await app.inject({ url: '/auth/session', headers: bearer(session.token) })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toEqual({ expiresAt: session.expiresAt, renewableUntil: expect.any(String), user: session.user })
    expect(Date.parse(body.renewableUntil)).toBeGreaterThanOrEqual(before + 7 * 24 * 3600_000)
    expect(Date.parse(body.renewableUntil)).toBeLessThanOrEqual(after + 7 * 24 * 3600_000)
    // The session describes itself, never the secrets that stand for it.
    expect(response.body).not.toContain(session.token)
    expect(response.body).not.toMatch(/openid|session_?key|token/i)
  })

  it('answers GET /auth/session for an ended token with the 401 that says why, like every signed-in route', async () => {
    const { app } = setup()
    const replaced = await login(app, 'same-user')
    const current = await login(app, 'same-user')
    await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(current.token) })
    const codeOf = async (headers: Record<string, string>) => {
      const response = await app.inject({ url: '/auth/session', headers })
      return [response.statusCode, response.json().code]
    }
    expect(await codeOf(bearer(replaced.token))).toEqual([401, 'SESSION_REPLACED'])
    expect(await codeOf(bearer(current.token))).toEqual([401, 'SESSION_REVOKED'])
    expect(await codeOf({})).toEqual([401, 'SESSION_EXPIRED'])
    expect(await codeOf(bearer('not-a-token'))).toEqual([401, 'SESSION_EXPIRED'])
    expect(await codeOf({ authorization: 'Basic dXNlcjpwYXNz' })).toEqual([400, 'INVALID_REQUEST'])
  })

  it('answers GET /feed without a token with the public items only', async () => {
    const { app } = setup()
    const response = await app.inject({ url: '/feed' })
    expect(response.statusCode).toBe(200)
    const { items } = response.json() as { items: Array<{ scope: string; title: string }> }
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((item) => item.scope === 'public')).toBe(true)
  })

  it("answers GET /feed with a valid token with the public items plus that user's two personal ones", async () => {
    const { app } = setup()
    const { token, user } = await login(app, 'code-1')
    const publicItems = (await app.inject({ url: '/feed' })).json().items
    const response = await app.inject({ url: '/feed', headers: bearer(token) })
    const { items } = response.json() as { items: Array<{ id: string; scope: string; title: string }> }
    const personal = items.filter((item) => item.scope === 'personal')
    expect(items.slice(0, publicItems.length)).toEqual(publicItems)
    expect(personal).toHaveLength(2)
    expect(personal[0]?.title).toBe('微信用户的收藏')
    expect(personal.every((item) => item.id.startsWith(user.id))).toBe(true)
  })

  it('logs out with 204, after which the token is refused everywhere', async () => {
    const { app } = setup()
    const { token } = await login(app, 'code-1')
    const response = await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) })
    expect(response.statusCode).toBe(204)
    expect(response.body).toBe('')
    for (const [method, url] of [
      ['GET', '/profile'],
      ['GET', '/auth/session'],
      ['GET', '/feed'],
      ['POST', '/auth/logout'],
    ] as const) {
      expect((await app.inject({ method, url, headers: bearer(token) })).statusCode).toBe(401)
    }
  })

  it('logs out a client that sends a JSON content type with an empty body', async () => {
    const { app } = setup()
    const { token } = await login(app, 'code-1')
    const response = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { ...bearer(token), 'content-type': 'application/json' },
    })
    expect(response.statusCode).toBe(204)
  })

  it('accepts the Bearer scheme in any letter case', async () => {
    const { app } = setup()
    const { token } = await login(app, 'code-1')
    const response = await app.inject({ url: '/profile', headers: { authorization: `bearer ${token}` } })
    expect(response.statusCode).toBe(200)
  })

  it('answers GET /health with ok and the kind of store', async () => {
    const { app } = setup()
    const response = await app.inject({ url: '/health' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok', store: 'memory' })
  })

  it('answers GET /health with 503 unavailable when the store cannot be reached', async () => {
    const store = { ...createMemoryStore(), ping: async () => false }
    const { app } = setup(store)
    const response = await app.inject({ url: '/health' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({ status: 'unavailable', store: 'memory' })
  })

  it("serves each user's avatar as a small SVG that another origin may embed", async () => {
    const { app } = setup()
    const { user } = await login(app, 'code-1')
    const response = await app.inject({ url: user.avatarUrl.replace(PUBLIC_BASE_URL, '') })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('image/svg+xml')
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin')
    expect(response.body).toMatch(/^<svg[\s\S]*<circle[\s\S]*微<\/text><\/svg>$/)
    expect(response.body.length).toBeLessThan(1024)
    const missing = await app.inject({ url: '/avatars/../../etc/passwd' })
    expect(missing.statusCode).toBe(404)
  })

  it('never sends the session_key to the client', async () => {
    const exchange = codeExchange()
    const { app } = testServer({ exchange })
    const { token } = await login(app, 'code-1')
    const bodies = [
      (await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'code-1' } })).body,
      (await app.inject({ url: '/profile', headers: bearer(token) })).body,
      (await app.inject({ url: '/auth/session', headers: bearer(token) })).body,
      (await app.inject({ url: '/feed', headers: bearer(token) })).body,
    ]
    for (const body of bodies) {
      expect(body).not.toContain('session-key-of')
      expect(body).not.toMatch(/session_?key/i)
    }
  })
})
