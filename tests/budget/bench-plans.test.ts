// The server benchmark's request plans: what each load connection sends.
import { cycle, drawEach, LOAD, logins, turnOrder } from '../../bench/server-load'

const CONNECTIONS = LOAD.connections

/** autocannon's share of `maxOverallRequests` for connection `i` (lib/run.js, distributeNums). */
const autocannonShare = (total: number, i: number) =>
  Math.floor(total / CONNECTIONS) + (i + 1 <= total % CONNECTIONS ? 1 : 0)

describe('the server benchmark', () => {
  it('deals a logout pool out whole: every token to one connection once, as many as autocannon lets it send', () => {
    const tokens = Array.from({ length: 1_013 }, (_, n) => `token-${n}`)
    const plan = drawEach(tokens, { method: 'POST', path: '/auth/logout' })
    const lists = Array.from({ length: CONNECTIONS }, (_, c) => plan(c, CONNECTIONS))
    const sent = lists.flat().map((request) => request.headers?.authorization)
    expect(sent.sort()).toEqual(tokens.map((token) => `Bearer ${token}`).sort())
    lists.forEach((list, c) => {
      expect(list).toHaveLength(autocannonShare(tokens.length, c))
    })
  })

  it('gives each connection its own tokens and login users, none shared with another connection', () => {
    const reads = cycle(
      Array.from({ length: 1_000 }, (_, n) => `token-${n}`),
      { method: 'GET', path: '/profile' },
    )
    const users = logins('test')
    for (const plan of [reads, users]) {
      const seen = new Map<string, number>()
      for (let c = 0; c < CONNECTIONS; c++) {
        for (const request of plan(c, CONNECTIONS)) {
          const key = request.body ?? request.headers?.authorization ?? ''
          expect(seen.get(key) ?? c).toBe(c)
          seen.set(key, c)
        }
      }
      expect(seen.size).toBe(plan === users ? 10_000 : 1_000)
    }
  })

  it('lets the targets of a round take turns going first', () => {
    expect(turnOrder(2, 0)).toEqual([0, 1])
    expect(turnOrder(2, 1)).toEqual([1, 0])
    expect(turnOrder(1, 1)).toEqual([0])
  })
})
