import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { ERRORS } from './errors'
import { createRedisStore, type RedisSessionStore } from './redis-store'
import { type FakeRedis, startFakeRedis } from './test/fake-redis'
import { bearer, codeExchange, login, testServer } from './test/harness'
import { freePort, startRedis, type TestRedis } from './test/redis-server'
import { hashToken, slotTagFor } from './token'

const STORE_UNAVAILABLE = { code: 'STORE_UNAVAILABLE', message: ERRORS.STORE_UNAVAILABLE.message }

let redis: TestRedis
let store: RedisSessionStore
let app: FastifyInstance
let exchange: ReturnType<typeof codeExchange>

beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})
beforeEach(async () => {
  store = createRedisStore({ url: redis.url, commandTimeoutMs: 300 })
  if (!(await store.ready(5000))) throw new Error('test Redis not reachable')
  exchange = codeExchange()
  app = testServer({ store, exchange, rateLimitRedis: store.client }).app
})
afterEach(async () => {
  redis.resume()
  await app.close()
  await store.close()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitForHealth(status: number, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if ((await app.inject({ url: '/health' })).statusCode === status) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`/health did not answer ${status} within ${timeoutMs} ms`)
}

describe('with Redis down', () => {
  it('answers 503 STORE_UNAVAILABLE, issues no token, and recovers by itself when Redis is back', async () => {
    const before = await login(app, 'alice')
    await redis.kill()

    const attempt = await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'bob' } })
    expect({ status: attempt.statusCode, body: attempt.json() }).toEqual({ status: 503, body: STORE_UNAVAILABLE })
    // The shared rate limit needs Redis too, so WeChat is not even asked for a code that could not be used.
    expect(exchange.calls).toEqual(['alice'])
    for (const request of [
      { url: '/profile', headers: bearer(before.token) },
      { url: '/feed', headers: bearer(before.token) },
      { method: 'POST' as const, url: '/auth/logout', headers: bearer(before.token) },
    ]) {
      const response = await app.inject(request)
      expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 503, body: STORE_UNAVAILABLE })
    }
    expect((await app.inject({ url: '/feed' })).statusCode).toBe(200)
    const health = await app.inject({ url: '/health' })
    expect({ status: health.statusCode, body: health.json() }).toEqual({
      status: 503,
      body: { status: 'unavailable', store: 'redis' },
    })

    await redis.restart()
    await waitForHealth(200)
    const after = await login(app, 'alice')
    expect((await app.inject({ url: '/profile', headers: bearer(after.token) })).statusCode).toBe(200)
    // The restarted Redis kept nothing (no persistence in tests), so the old token is simply unknown.
    expect((await app.inject({ url: '/profile', headers: bearer(before.token) })).statusCode).toBe(401)
  })

  it('answers 503 instead of hanging when Redis stops answering, and recovers when it answers again', async () => {
    const { token } = await login(app, 'alice')
    redis.pause()
    const hung = await app.inject({ url: '/profile', headers: bearer(token) })
    expect({ status: hung.statusCode, body: hung.json() }).toEqual({ status: 503, body: STORE_UNAVAILABLE })
    const attempt = await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'bob' } })
    expect(attempt.statusCode).toBe(503)
    expect(attempt.body).not.toContain('token')
    redis.resume()
    await waitForHealth(200)
    expect((await app.inject({ url: '/profile', headers: bearer(token) })).statusCode).toBe(200)
  })
})

describe('with Redis refusing writes', () => {
  async function expectStoreUnavailableEverywhere(token: string) {
    const answers = await Promise.all(
      [
        { method: 'POST' as const, url: '/auth/login', payload: { code: 'bob' } },
        { method: 'POST' as const, url: '/auth/logout', headers: bearer(token) },
      ].map((request) => app.inject(request)),
    )
    for (const answer of answers) {
      expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status: 503, body: STORE_UNAVAILABLE })
    }
    const health = await app.inject({ url: '/health' })
    expect({ status: health.statusCode, body: health.json() }).toEqual({
      status: 503,
      body: { status: 'unavailable', store: 'redis' },
    })
  }

  it('answers 503 and /health 503 while it is a read-only replica (READONLY), and recovers when primary again', async () => {
    const { token } = await login(app, 'alice')
    // A replica of an address nothing listens on: it keeps its data, stays read-only and never syncs.
    await store.client.replicaof('127.0.0.1', String(await freePort()))
    await expectStoreUnavailableEverywhere(token)
    const admin = new Redis(redis.url)
    await admin.replicaof('NO', 'ONE')
    admin.disconnect()
    await waitForHealth(200)
    expect((await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) })).statusCode).toBe(204)
  })

  it('answers logins 503 and /health 503 while it is out of memory (OOM), yet logs out (a delete frees memory)', async () => {
    const { token } = await login(app, 'alice')
    await store.client.config('SET', 'maxmemory-policy', 'noeviction')
    await store.client.config('SET', 'maxmemory', '1')
    try {
      const attempt = await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'bob' } })
      expect({ status: attempt.statusCode, body: attempt.json() }).toEqual({ status: 503, body: STORE_UNAVAILABLE })
      const health = await app.inject({ url: '/health' })
      expect({ status: health.statusCode, body: health.json() }).toEqual({
        status: 503,
        body: { status: 'unavailable', store: 'redis' },
      })
      const logout = await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) })
      expect(logout.statusCode).toBe(204)
    } finally {
      await store.client.config('SET', 'maxmemory', '0')
    }
    await waitForHealth(200)
    expect((await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'bob' } })).statusCode).toBe(200)
  })
})

describe('with Redis answering every command with an error reply', () => {
  const planted = {
    openid: 'openid-carol',
    sessionKey: 'session-key-of-carol',
    token: `${slotTagFor('openid-carol')}.${'Q'.repeat(43)}`,
  }
  // What the store sends to Redis: the openid, WeChat's session_key and the token's hash (never the token).
  const sentToRedis = [planted.openid, planted.sessionKey, hashToken(planted.token)]
  let fake: FakeRedis | undefined
  let failing: RedisSessionStore | undefined
  afterEach(async () => {
    await failing?.close()
    await fake?.close()
  })

  it.each([
    'LOADING Redis is loading the dataset in memory',
    "READONLY You can't write against a read only replica.",
    'MOVED 3999 127.0.0.1:6381',
    'ASK 3999 127.0.0.1:6381',
    "OOM command not allowed when used memory > 'maxmemory'.",
    'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSCRIPT.',
    'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no.',
    'CLUSTERDOWN The cluster is down',
    'TRYAGAIN Multiple keys request during rehashing of slot',
    'NOSCRIPT No matching script. Please use EVAL.',
    'NOPERM User default has no permissions to run the evalsha command',
    'WRONGTYPE Operation against a key holding the wrong kind of value',
    'ERR Error running script: @user_script:2: bad value {args}',
  ])('answers 503 STORE_UNAVAILABLE on "%s", with none of the arguments in the log', async (errorLine) => {
    const redisFake = await startFakeRedis(errorLine)
    const failingStore = createRedisStore({ url: redisFake.url, commandTimeoutMs: 300 })
    // Closed in afterEach, so a failed expectation cannot leave a client reconnecting forever.
    fake = redisFake
    failing = failingStore
    const logs: string[] = []
    const capture = { level: 'trace', stream: { write: (line: string) => logs.push(line) } }
    // Once with the shared rate limit on the failing Redis (login stops there), once without (login reaches the store).
    for (const rateLimitRedis of [failingStore.client, undefined]) {
      const server = testServer({
        store: failingStore,
        exchange,
        config: { logger: capture },
        ...(rateLimitRedis ? { rateLimitRedis } : {}),
      })
      try {
        for (const request of [
          { method: 'POST' as const, url: '/auth/login', payload: { code: 'carol' } },
          { url: '/profile', headers: bearer(planted.token) },
          { url: '/feed', headers: bearer(planted.token) },
          { method: 'POST' as const, url: '/auth/logout', headers: bearer(planted.token) },
        ]) {
          // READONLY makes the client reconnect (to find a new primary), and a request sent meanwhile fails
          // without reaching Redis: ask again until one reaches it, so the secrets are really sent.
          let received = redisFake.commands.length
          let response = await server.app.inject(request)
          for (let attempt = 0; attempt < 20 && redisFake.commands.length === received; attempt++) {
            expect(response.statusCode).toBe(503)
            await failingStore.ready(5000)
            await sleep(50)
            received = redisFake.commands.length
            response = await server.app.inject(request)
          }
          expect({ url: request.url, status: response.statusCode, body: response.json() }).toEqual({
            url: request.url,
            status: 503,
            body: STORE_UNAVAILABLE,
          })
        }
        expect((await server.app.inject({ url: '/health' })).statusCode).toBe(503)
      } finally {
        await server.app.close()
      }
    }
    // The store did send the secrets to Redis, so their absence from the log means something.
    const sent = redisFake.commands.flat().join(' ')
    for (const secret of sentToRedis) expect(sent).toContain(secret)
    const log = logs.join('')
    expect(log).toContain('STORE_UNAVAILABLE')
    for (const secret of [...sentToRedis, planted.token]) expect(log).not.toContain(secret)
  })
})
