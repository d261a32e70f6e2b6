import { Redis } from 'ioredis'
import { createRedisClient } from './redis-client'
import { defineScript } from './redis-scripts'
import { startRedis, type TestRedis } from './test/redis-server'

/** How many times Redis has read from its clients' sockets so far. */
async function readsProcessed(observer: Redis): Promise<number> {
  const stats = await observer.info('stats')
  const reads = /^total_reads_processed:(\d+)/m.exec(stats)?.[1]
  if (reads === undefined) throw new Error('this redis-server does not count the reads it processes')
  return Number(reads)
}

describe('the Redis client', () => {
  let redis: TestRedis
  let observer: Redis
  beforeAll(async () => {
    redis = await startRedis()
    observer = new Redis(redis.url)
  })
  afterAll(async () => {
    observer.disconnect()
    await redis.stop()
  })

  it('sends the commands that concurrent requests issue in one turn in one write, each still answered', async () => {
    const client = createRedisClient({ kind: 'single', url: redis.url }, { commandTimeoutMs: 2_000 })
    try {
      // Commands fail fast while disconnected (no offline queue): wait for the connection first.
      await new Promise((resolve) => client.once('ready', resolve))
      const echo = defineScript(client, 'echoTwice', 1, "redis.call('SET', KEYS[1], ARGV[1]) return ARGV[1] .. ARGV[1]")
      await echo(['warm'], ['0'])
      const before = await readsProcessed(observer)
      const replies = Array.from({ length: 20 }, (_, i) => echo([`batched:${i}`], [String(i)]))
      expect(await Promise.all(replies)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}${i}`))
      // The observer's own INFO is one read; the twenty commands, one more (written one by one: twenty).
      expect((await readsProcessed(observer)) - before).toBeLessThanOrEqual(3)
      expect(await client.get('batched:7')).toBe('7')
    } finally {
      client.disconnect()
    }
  })
})
