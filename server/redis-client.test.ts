import { setTimeout as sleep } from 'node:timers/promises'
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

describe('the Redis client with a server that stopped answering', () => {
  let redis: TestRedis
  beforeEach(async () => {
    redis = await startRedis()
  })
  afterEach(async () => {
    redis.resume()
    await redis.stop()
  })

  async function pausedClient(commandTimeoutMs: number) {
    const client = createRedisClient({ kind: 'single', url: redis.url }, { commandTimeoutMs })
    await new Promise((resolve) => client.once('ready', resolve))
    redis.pause()
    return client
  }

  it('answers a command with a timeout after its timeout, and not long after', async () => {
    const client = await pausedClient(300)
    try {
      const started = Date.now()
      await expect(client.get('anything')).rejects.toThrow('Command timed out')
      const waited = Date.now() - started
      expect(waited).toBeGreaterThanOrEqual(300)
      // A tenth of the timeout is the design's slack; a loaded machine may add some.
      expect(waited).toBeLessThan(1500)
    } finally {
      client.disconnect()
    }
  })

  it("times each command from its own sending: a later one still waits when an earlier one's time is up", async () => {
    const client = await pausedClient(400)
    try {
      const first = client.get('first')
      await sleep(250)
      const secondSent = Date.now()
      let secondSettled = false
      const second = client.get('second').finally(() => {
        secondSettled = true
      })
      await expect(first).rejects.toThrow('Command timed out')
      expect(secondSettled).toBe(false)
      await expect(second).rejects.toThrow('Command timed out')
      expect(Date.now() - secondSent).toBeGreaterThanOrEqual(400)
    } finally {
      client.disconnect()
    }
  })
})
