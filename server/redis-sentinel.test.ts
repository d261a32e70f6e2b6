import type { FastifyInstance } from 'fastify'
import { ERRORS } from './errors'
import { createRedisStore, type RedisSessionStore } from './redis-store'
import { bearer, codeExchange, login, testServer } from './test/harness'
import { askNode, waitUntil } from './test/redis-cluster'
import { flushRedis } from './test/redis-data'
import { startSentinelSet, type TestSentinel } from './test/redis-sentinel'
import { describeSessionStore } from './test/store-contract'

const STORE_UNAVAILABLE = { code: 'STORE_UNAVAILABLE', message: ERRORS.STORE_UNAVAILABLE.message }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let sentinel: TestSentinel
beforeAll(async () => {
  sentinel = await startSentinelSet()
}, 60_000)
afterAll(async () => {
  await sentinel?.stop()
})

async function freshSentinelStore(): Promise<RedisSessionStore> {
  const store = createRedisStore({
    topology: { kind: 'sentinel', sentinels: sentinel.sentinels, name: sentinel.name },
    commandTimeoutMs: 500,
  })
  if (!(await store.ready(10_000))) throw new Error('test Sentinel primary not reachable')
  await flushRedis(store.client)
  return store
}

describeSessionStore('the Redis session store through Sentinel', freshSentinelStore)

describe('a server on a Sentinel-managed primary', () => {
  let store: RedisSessionStore
  let app: FastifyInstance
  beforeEach(async () => {
    store = await freshSentinelStore()
    app = testServer({ store, rateLimitRedis: store.client }).app
  })
  afterEach(async () => {
    await app.close()
    await store.close()
  })

  it('leaves exactly one valid token after 200 concurrent logins of one user through the API', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'alice' } })),
    )
    expect(new Set(answers.map((answer) => answer.statusCode))).toEqual(new Set([200]))
    const tokens = answers.map((answer) => (answer.json() as { token: string }).token)
    const profiles = await Promise.all(tokens.map((token) => app.inject({ url: '/profile', headers: bearer(token) })))
    expect(profiles.filter((profile) => profile.statusCode === 200)).toHaveLength(1)
    expect(profiles.filter((profile) => profile.statusCode === 401)).toHaveLength(199)
  })

  it('counts login attempts per client address across instances', async () => {
    const limited = () =>
      testServer({ store, rateLimitRedis: store.client, config: { loginRateLimitPerMinute: 3 } }).app
    const [first, second] = [limited(), limited()]
    try {
      const statuses: number[] = []
      for (const instance of [first, second, first, second]) {
        statuses.push(
          (await instance.inject({ method: 'POST', url: '/auth/login', payload: { code: 'eve' } })).statusCode,
        )
      }
      expect(statuses).toEqual([200, 200, 200, 429])
    } finally {
      await Promise.all([first.close(), second.close()])
    }
  })

  // Last in this file: it moves the primary for good.
  it('follows the new primary after a failover mid-run, answering only 503s in between', async () => {
    const before = await login(app, 'alice')
    const answers: Array<{ status: number; token?: string; afterFailover: boolean }> = []
    let failedOver = false
    let running = true
    const traffic = (async () => {
      // A new user each time, so every token issued must stay valid: none is revoked by a later login.
      for (let i = 0; running; i++) {
        const afterFailover = failedOver
        const answer = await app.inject({ method: 'POST', url: '/auth/login', payload: { code: `user-${i}` } })
        const token = answer.statusCode === 200 ? (answer.json() as { token: string }).token : undefined
        answers.push({ status: answer.statusCode, afterFailover, ...(token ? { token } : {}) })
        await sleep(10)
      }
    })()
    try {
      await sleep(200)
      const { from, to } = await sentinel.failover()
      failedOver = true
      await waitUntil(
        'logins on the new primary',
        async () => answers.filter((answer) => answer.afterFailover && answer.status === 200).length >= 20,
        20_000,
      )
      // Sentinel turns the old primary into a replica at its next check (up to 10 s): from then on its own
      // data is gone, so a token it had issued after the failover would be lost.
      await waitUntil('the old primary to serve as a replica', async () => (await role(from)) === 'slave', 20_000)
      running = false
      await traffic

      expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([])
      expect(answers.slice(-5).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200])
      // Every session issued after the failover was written to the new primary and is still valid.
      const issuedAfter = answers.flatMap((answer) => (answer.afterFailover && answer.token ? [answer.token] : []))
      const profiles = await Promise.all(
        issuedAfter.map((token) => app.inject({ url: '/profile', headers: bearer(token) })),
      )
      expect(profiles.map((profile) => profile.statusCode).filter((status) => status !== 200)).toEqual([])
      expect(await askNode(to, (client) => client.dbsize())).toBeGreaterThan(issuedAfter.length)
      const after = await login(app, 'alice')
      expect((await app.inject({ url: '/profile', headers: bearer(after.token) })).statusCode).toBe(200)
      expect((await app.inject({ url: '/profile', headers: bearer(before.token) })).statusCode).toBe(401)
      expect((await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(after.token) })).statusCode).toBe(
        204,
      )
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200)

      // A server pinned to the demoted primary by REDIS_URL cannot follow: it answers 503, and /health says so.
      const pinned = createRedisStore({ url: `redis://127.0.0.1:${from}` })
      const stale = testServer({ store: pinned, exchange: codeExchange() }).app
      try {
        expect(await pinned.ready(5000)).toBe(true)
        const attempt = await stale.inject({ method: 'POST', url: '/auth/login', payload: { code: 'bob' } })
        expect({ status: attempt.statusCode, body: attempt.json() }).toEqual({ status: 503, body: STORE_UNAVAILABLE })
        expect((await stale.inject({ url: '/health' })).statusCode).toBe(503)
      } finally {
        await stale.close()
        await pinned.close()
      }
    } finally {
      running = false
      await traffic
    }
  }, 60_000)
})

function role(port: number) {
  return askNode(port, async (client) => /^role:(\w+)/m.exec(await client.info('replication'))?.[1])
}
