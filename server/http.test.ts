import { connect } from 'node:net'
import { ERRORS } from './errors'
import { bearer, login, testServer } from './test/harness'

function preflight(origin: string) {
  return {
    method: 'OPTIONS' as const,
    url: '/auth/login',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  }
}

describe('HTTP hygiene', () => {
  it('lets the Taro H5 dev server call the API by default, and no other origin', async () => {
    const { app } = testServer()
    for (const origin of ['http://127.0.0.1:10086', 'http://localhost:10086']) {
      const response = await app.inject(preflight(origin))
      expect(response.statusCode).toBe(204)
      expect(response.headers['access-control-allow-origin']).toBe(origin)
      expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization')
    }
    const evil = await app.inject(preflight('https://evil.example'))
    expect(evil.headers['access-control-allow-origin']).toBeUndefined()
    const simple = await app.inject({ url: '/feed', headers: { origin: 'http://localhost:10086' } })
    expect(simple.headers['access-control-allow-origin']).toBe('http://localhost:10086')
  })

  it('lets the configured origins call the API', async () => {
    const { app } = testServer({ config: { corsOrigins: ['https://h5.example.com'] } })
    expect((await app.inject(preflight('https://h5.example.com'))).headers['access-control-allow-origin']).toBe(
      'https://h5.example.com',
    )
    expect(
      (await app.inject(preflight('http://localhost:10086'))).headers['access-control-allow-origin'],
    ).toBeUndefined()
  })

  it('sends security headers on answers and errors alike', async () => {
    const { app } = testServer()
    for (const url of ['/health', '/nope']) {
      const { headers } = await app.inject({ url })
      expect(headers['x-content-type-options']).toBe('nosniff')
      expect(headers['strict-transport-security']).toMatch(/max-age=/)
      expect(headers['content-security-policy']).toMatch(/default-src 'none'/)
      expect(headers['x-powered-by']).toBeUndefined()
    }
  })

  it('answers requests that HTTP parsing rejects with 400 { code, message }', async () => {
    const { app } = testServer({ config: { logger: false } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const address = app.server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      const raw = await new Promise<string>((resolve, reject) => {
        let received = ''
        const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'))
        socket.on('data', (chunk) => {
          received += chunk.toString()
        })
        socket.on('end', () => resolve(received))
        socket.on('error', reject)
      })
      expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
        code: 'INVALID_REQUEST',
        message: ERRORS.INVALID_REQUEST.message,
      })
    } finally {
      await app.close()
    }
  })

  it('lets no cache store an answer carrying a token or personal data, errors included', async () => {
    const { app } = testServer()
    const session = await login(app, 'cache-1')
    const { token } = session
    const answers = {
      login: await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'cache-2' } }),
      profile: await app.inject({ url: '/profile', headers: bearer(token) }),
      feed: await app.inject({ url: '/feed', headers: bearer(token) }),
      badToken: await app.inject({ url: '/profile', headers: bearer('x'.repeat(66)) }),
      malformed: await app.inject({ url: '/feed', headers: { authorization: 'Basic abc' } }),
      badLogin: await app.inject({ method: 'POST', url: '/auth/login', payload: { code: '' } }),
      logout: await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) }),
      health: await app.inject({ url: '/health' }),
      notFound: await app.inject({ url: `/nope?token=${token}` }),
    }
    for (const [name, response] of Object.entries(answers)) {
      expect({ name, cacheControl: response.headers['cache-control'], pragma: response.headers.pragma }).toEqual({
        name,
        cacheControl: 'no-store',
        pragma: 'no-cache',
      })
    }
  })

  it('lets caches keep public data: the signed-out feed (per Authorization) and avatars', async () => {
    const { app } = testServer()
    const feed = await app.inject({ url: '/feed' })
    expect(feed.headers['cache-control']).toMatch(/^public, max-age=\d+$/)
    expect(String(feed.headers.vary)).toMatch(/Authorization/)
    const { user } = await login(app, 'cache-3')
    const avatar = await app.inject({ url: new URL(user.avatarUrl).pathname })
    expect(avatar.headers['cache-control']).toMatch(/^public/)
  })

  it('keeps tokens and the Authorization header out of the logs of a whole session', async () => {
    const { app, logs } = testServer()
    const { token } = await login(app, 'code-1')
    await app.inject({ url: '/profile', headers: bearer(token) })
    await app.inject({ url: '/feed', headers: bearer(token) })
    await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) })
    await app.inject({ url: '/profile', headers: bearer(token) })
    // The session was logged (each request's line, sign-in and sign-out), so the checks below read something.
    expect(logs.filter((line) => line.includes('"msg":"request completed"'))).toHaveLength(5)
    expect(logs.join('\n')).toMatch(/"msg":"signed in"[\s\S]*"msg":"signed out"/)
    expect(logs.join('\n')).not.toContain(token)
    expect(logs.join('\n')).not.toContain('session-key-of')
  })

  it('censors credentials wherever a log line carries them', async () => {
    const { app, logs } = testServer()
    await app.ready()
    app.log.info({
      req: { headers: { authorization: 'Bearer AUTH-1' } },
      token: 'TOKEN-1',
      session: { sessionKey: 'KEY-1', session_key: 'KEY-2', token: 'TOKEN-2' },
      wechat: { secret: 'SECRET-1', appSecret: 'SECRET-2' },
    })
    const line = logs.at(-1) ?? ''
    for (const value of ['AUTH-1', 'TOKEN-1', 'TOKEN-2', 'KEY-1', 'KEY-2', 'SECRET-1', 'SECRET-2']) {
      expect(line).not.toContain(value)
    }
    expect(line).toContain('[redacted]')
  })
})
