import type { FastifyInstance } from 'fastify'
import { Cluster } from 'ioredis'
import { ERRORS } from './errors'
import { createRedisStore, type RedisSessionStore, sessionKey, userKey } from './redis-store'
import { bearer, codeExchange, testServer } from './test/harness'
import { askNode, startRedisCluster, type TestCluster } from './test/redis-cluster'
import { flushRedis, keysPerNode } from './test/redis-data'
import { itSharesOneRedisAcrossServers } from './test/shared-redis'
import { describeSessionStore, loginAs } from './test/store-contract'
import { slotTagFor } from './token'

let cluster: TestCluster
beforeAll(async () => {
  cluster = await startRedisCluster(3)
}, 60_000)
afterAll(async () => {
  await cluster?.stop()
})

async function freshClusterStore(): Promise<RedisSessionStore> {
  // Hundreds of concurrent scripts can take seconds on a busy CI machine.
  const store = createRedisStore({ topology: { kind: 'cluster', nodes: cluster.nodes }, commandTimeoutMs: 5000 })
  if (!(await store.ready(10_000))) throw new Error('test cluster not reachable')
  await flushRedis(store.client)
  return store
}

describeSessionStore('the Redis session store on a 3-master Cluster', freshClusterStore)

describe('a server on a Redis Cluster', () => {
  let store: RedisSessionStore
  let app: FastifyInstance
  beforeEach(async () => {
    store = await freshClusterStore()
    app = testServer({ store, rateLimitRedis: store.client }).app
  })
  afterEach(async () => {
    await app.close()
    await store.close()
  })

  it("spreads users over the masters while each user's keys share one slot", async () => {
    expect(store.client).toBeInstanceOf(Cluster)
    for (let i = 0; i < 30; i++) await loginAs(store, `user-${i}`)
    const perNode = await keysPerNode(store.client)
    expect(perNode).toHaveLength(3)
    expect(perNode.filter((count) => count > 0).length).toBeGreaterThan(1)
    const slotOf = (key: string) => store.client.cluster('KEYSLOT', key)
    const tag = slotTagFor('user-0')
    expect(await slotOf(userKey(tag))).toBe(await slotOf(sessionKey(tag)))
  })

  itSharesOneRedisAcrossServers(() => ({ store, app }))

  it('answers /health 503 when one master of three cannot write, and logins in its slots 503, not 500', async () => {
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200)
    const full = cluster.nodes[1]
    if (!full) throw new Error('no second master')
    await askNode(full.port, (client) => client.config('SET', 'maxmemory', '1'))
    try {
      const health = await app.inject({ url: '/health' })
      expect({ status: health.statusCode, body: health.json() }).toEqual({
        status: 503,
        body: { status: 'unavailable', store: 'redis' },
      })
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          app.inject({ method: 'POST', url: '/auth/login', payload: { code: `user-${i}` } }),
        ),
      )
      const statuses = answers.map((answer) => answer.statusCode)
      expect(statuses).toContain(503)
      expect(statuses).toContain(200)
      expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([])
    } finally {
      await askNode(full.port, (client) => client.config('SET', 'maxmemory', '0'))
    }
  })
})

describe('a server pointed at one Cluster node by REDIS_URL', () => {
  it('answers 503 for users whose slot is on another master (MOVED), never 500, and /health 503', async () => {
    const node = cluster.nodes[0]
    if (!node) throw new Error('no master')
    const store = createRedisStore({ url: `redis://${node.host}:${node.port}` })
    const { app } = testServer({ store, exchange: codeExchange() })
    try {
      expect(await store.ready(5000)).toBe(true)
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          app.inject({ method: 'POST', url: '/auth/login', payload: { code: `user-${i}` } }),
        ),
      )
      const moved = answers.filter((answer) => answer.statusCode === 503)
      expect(moved.length).toBeGreaterThan(0)
      for (const answer of moved) {
        expect(answer.json()).toEqual({ code: 'STORE_UNAVAILABLE', message: ERRORS.STORE_UNAVAILABLE.message })
      }
      expect(answers.filter((answer) => answer.statusCode !== 200 && answer.statusCode !== 503)).toEqual([])
      expect((await app.inject({ url: '/health' })).statusCode).toBe(503)
      // Users whose slot is on this very node still work: the server is misconfigured, not down.
      const served = answers.find((answer) => answer.statusCode === 200)
      if (served) {
        const { token } = served.json() as { token: string }
        expect((await app.inject({ url: '/profile', headers: bearer(token) })).statusCode).toBe(200)
      }
    } finally {
      await app.close()
      await store.close()
    }
  })
})
