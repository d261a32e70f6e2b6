// What every Redis topology must hold for servers sharing it, declared inside each topology's describe.
import type { FastifyInstance } from 'fastify'
import type { RedisSessionStore } from '../redis-store'
import { bearer, testServer } from './harness'

/** Declares the single-sign-on and shared-rate-limit tests on the store and server `current()` gives. */
export function itSharesOneRedisAcrossServers(current: () => { store: RedisSessionStore; app: FastifyInstance }) {
  it('leaves exactly one valid token after 200 concurrent logins of one user through the API', async () => {
    const { app } = current()
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
    const { store } = current()
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
}
