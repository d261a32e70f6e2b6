import type { FastifyInstance } from 'fastify'
import { ERRORS } from './errors'
import { createRedisStore, type RedisSessionStore } from './redis-store'
import { bearer, codeExchange, login, testServer } from './test/harness'
import { startRedis, type TestRedis } from './test/redis-server'

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
