import type { FastifyInstance } from 'fastify'
import { ERRORS } from './errors'
import { createRedisStore, type RedisSessionStore } from './redis-store'
import { bearer, codeExchange, login, testServer } from './test/harness'
import { askNode, waitUntil } from './test/redis-cluster'
import { flushRedis } from './test/redis-data'
import { startSentinelSet, type TestSentinel } from './test/redis-sentinel'
import { itSharesOneRedisAcrossServers } from './test/shared-redis'
import { describeSessionStore } from './test/store-contract'

const STORE_UNAVAILABLE = { code: 'STORE_UNAVAILABLE', message: ERRORS.STORE_UNAVAILABLE.message }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
// Hundreds of concurrent scripts can take seconds on a busy CI machine; a failover fails commands at once anyway.
const TEST_COMMAND_TIMEOUT_MS = 5000

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
    commandTimeoutMs: TEST_COMMAND_TIMEOUT_MS,
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

  itSharesOneRedisAcrossServers(() => ({ store, app }))

  // Last in this describe: it moves the primary for good.
  it('follows the new primary after SENTINEL FAILOVER mid-run, answering only 503s in between', async () => {
    const before = await login(app, 'alice')
    const traffic = loginTraffic(app)
    try {
      await waitUntil('logins before the failover', async () => traffic.answers.length >= 10, 20_000)
      const { from, to } = await sentinel.failover('command')
      traffic.markFailedOver()
      await waitUntil('logins on the new primary', async () => traffic.okAfterFailover() >= 20, 20_000)
      // Sentinel turns the old primary into a replica at its next check (up to 10 s): from then on its own
      // data is gone, so a token it had issued after the failover would be lost.
      await waitUntil('the old primary to serve as a replica', async () => (await role(from)) === 'slave', 20_000)
      await traffic.stop()
      await expectFollowed(app, traffic.answers, to)

      const after = await login(app, 'alice')
      expect((await app.inject({ url: '/profile', headers: bearer(after.token) })).statusCode).toBe(200)
      expect((await app.inject({ url: '/profile', headers: bearer(before.token) })).statusCode).toBe(401)
      expect((await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(after.token) })).statusCode).toBe(
        204,
      )

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
      await traffic.stop()
    }
  }, 60_000)
})

describe('a server on a Sentinel-managed primary that dies', () => {
  it('follows the replica Sentinel promotes, answering only 503s in between', async () => {
    const dying = await startSentinelSet()
    const store = createRedisStore({
      topology: { kind: 'sentinel', sentinels: dying.sentinels, name: dying.name },
      commandTimeoutMs: TEST_COMMAND_TIMEOUT_MS,
    })
    const { app } = testServer({ store, rateLimitRedis: store.client })
    const traffic = loginTraffic(app)
    try {
      await waitUntil('logins before the crash', async () => traffic.answers.length >= 10, 20_000)
      const { to } = await dying.failover('kill')
      traffic.markFailedOver()
      await waitUntil('logins on the new primary', async () => traffic.okAfterFailover() >= 20, 20_000)
      await traffic.stop()
      await expectFollowed(app, traffic.answers, to)
    } finally {
      await traffic.stop()
      await app.close()
      await store.close()
      await dying.stop()
    }
  }, 60_000)
})

interface TrafficAnswer {
  status: number
  token?: string
  afterFailover: boolean
}

/** Logs a new user in every 10 ms until stopped, so every token issued must stay valid (none is replaced). */
function loginTraffic(app: FastifyInstance) {
  const answers: TrafficAnswer[] = []
  let failedOver = false
  let running = true
  const done = (async () => {
    for (let i = 0; running; i++) {
      const afterFailover = failedOver
      const answer = await app.inject({ method: 'POST', url: '/auth/login', payload: { code: `user-${i}` } })
      const token = answer.statusCode === 200 ? (answer.json() as { token: string }).token : undefined
      answers.push({ status: answer.statusCode, afterFailover, ...(token ? { token } : {}) })
      await sleep(10)
    }
  })()
  return {
    answers,
    /** From now on, answers count as after the failover. */
    markFailedOver() {
      failedOver = true
    },
    /** Logins answered 200 that were sent after the failover. */
    okAfterFailover: () => answers.filter((answer) => answer.afterFailover && answer.status === 200).length,
    async stop() {
      running = false
      await done
    },
  }
}

/** Only 200s and 503s, 200s again at the end, and every session issued after the failover valid on `newPrimary`. */
async function expectFollowed(app: FastifyInstance, answers: TrafficAnswer[], newPrimary: number) {
  expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([])
  expect(answers.slice(-5).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200])
  const issuedAfter = answers.flatMap((answer) => (answer.afterFailover && answer.token ? [answer.token] : []))
  const profiles = await Promise.all(
    issuedAfter.map((token) => app.inject({ url: '/profile', headers: bearer(token) })),
  )
  expect(profiles.map((profile) => profile.statusCode).filter((status) => status !== 200)).toEqual([])
  expect(await askNode(newPrimary, (client) => client.dbsize())).toBeGreaterThan(issuedAfter.length)
  expect((await app.inject({ url: '/health' })).statusCode).toBe(200)
}

function role(port: number) {
  return askNode(port, async (client) => /^role:(\w+)/m.exec(await client.info('replication'))?.[1])
}
