import { createRedisClient } from './redis-client'
import { startRedis, type TestRedis } from './test/redis-server'

describe('the Redis client', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis.stop()
  })

  it('sends the commands that concurrent requests issue together in one pipeline, each still answered', async () => {
    const client = createRedisClient({ kind: 'single', url: redis.url }, { commandTimeoutMs: 2_000 })
    try {
      // Commands fail fast while disconnected (no offline queue): wait for the connection first.
      await new Promise((resolve) => client.once('ready', resolve))
      const replies = Array.from({ length: 20 }, (_, i) => client.set(`pipelined:${i}`, String(i)))
      // Queued for one write at the end of this tick, not written one by one.
      expect(client.autoPipelineQueueSize).toBe(20)
      expect(await Promise.all(replies)).toEqual(Array(20).fill('OK'))
      expect(await client.get('pipelined:7')).toBe('7')
    } finally {
      client.disconnect()
    }
  })
})
