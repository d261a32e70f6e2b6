import { type Command, Redis } from 'ioredis'
import { CommandDeadlines, createRedisClient } from './redis-client'
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

describe("the Redis client's command deadlines", () => {
  function sent() {
    const command = { isResolved: false, reject: jest.fn() }
    return { command, asSent: command as unknown as Command }
  }

  it('ends each unanswered command once past its deadline, leaves answered ones be, and then stops its timer', () => {
    jest.useFakeTimers()
    try {
      let now = 0
      const deadlines = new CommandDeadlines(1000, () => now)
      const answered = sent()
      const unanswered = sent()
      deadlines.track(answered.asSent)
      now = 400
      deadlines.track(unanswered.asSent)
      answered.command.isResolved = true
      now = 999
      jest.advanceTimersByTime(999)
      expect(unanswered.command.reject).not.toHaveBeenCalled()
      // The answered command is let go at the first tick; the other waits for its own deadline.
      expect(deadlines.watched).toBe(1)
      now = 1399
      jest.advanceTimersByTime(400)
      expect(unanswered.command.reject).not.toHaveBeenCalled()
      now = 1400
      jest.advanceTimersByTime(100)
      expect(unanswered.command.reject).toHaveBeenCalledWith(new Error('Command timed out'))
      expect(answered.command.reject).not.toHaveBeenCalled()
      expect(deadlines.watched).toBe(0)
      expect(jest.getTimerCount()).toBe(0)
    } finally {
      jest.useRealTimers()
    }
  })

  it('answers a command to a Redis that stopped answering with a timeout, after its timeout and not long after', async () => {
    const redis = await startRedis()
    const client = createRedisClient({ kind: 'single', url: redis.url }, { commandTimeoutMs: 300 })
    try {
      await new Promise((resolve) => client.once('ready', resolve))
      redis.pause()
      const started = Date.now()
      await expect(client.get('anything')).rejects.toThrow('Command timed out')
      const waited = Date.now() - started
      expect(waited).toBeGreaterThanOrEqual(300)
      // A tenth of the timeout is the design's slack; a loaded machine may add some.
      expect(waited).toBeLessThan(1500)
    } finally {
      redis.resume()
      client.disconnect()
      await redis.stop()
    }
  })
})
