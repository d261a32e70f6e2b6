// Redis round trips per API operation, counted by Redis itself: MONITOR lists every command a client
// sends (one round trip each) and, marked "lua", every command a script runs inside Redis.
import { Redis } from 'ioredis'

const COUNTED_REQUESTS = 20
// Commands the measurement itself sends.
const NOT_COUNTED = new Set(['info', 'config', 'client', 'hello', 'ping', 'select', 'echo'])
const MARKER = 'miniauth-bench-count-end'

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Redis round trips and the commands scripts run per request, from Redis' own MONITOR feed. */
export interface RedisRoundTrips {
  endpoint: string
  /** Commands the server sent (each one round trip). */
  roundTrips: number
  /** What they were, e.g. `evalsha ×2`. */
  sent: string
  /** Commands run inside those scripts. */
  inScripts: number
}

function tally(counts: Map<string, number>, n: number): string {
  return [...counts].map(([name, calls]) => `${name} ×${calls / n}`).join(', ')
}

/** Sends `n` requests one at a time while MONITOR records what reaches Redis. */
async function countCommands(
  redisUrl: string,
  endpoint: string,
  n: number,
  send: (i: number) => Promise<Response>,
): Promise<RedisRoundTrips> {
  // monitor() opens its own connection: both are closed at the end.
  const client = new Redis(redisUrl)
  const monitor = await client.monitor()
  const sent = new Map<string, number>()
  let inScripts = 0
  let onMarker = () => {}
  // MONITOR names the source: a client address, or "lua" for commands a script runs.
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const name = String(args[0]).toLowerCase()
    if (name === 'echo' && args[1] === MARKER) onMarker()
    else if (source === 'lua') inScripts++
    else if (!NOT_COUNTED.has(name)) sent.set(name, (sent.get(name) ?? 0) + 1)
  })
  try {
    for (let i = 0; i < n; i++) {
      const response = await send(i)
      if (!response.ok) throw new Error(`${endpoint} answered ${response.status} while counting Redis commands`)
      await response.arrayBuffer()
    }
    // MONITOR lines may arrive after the replies they describe: a marker command sent last ends the count.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the MONITOR feed did not catch up')), 5_000)
      onMarker = () => {
        clearTimeout(timer)
        resolve()
      }
      const marker = new Redis(redisUrl)
      void marker.echo(MARKER).finally(() => marker.disconnect())
    })
  } finally {
    monitor.disconnect()
    client.disconnect()
  }
  const roundTrips = [...sent.values()].reduce((a, b) => a + b, 0) / n
  return { endpoint, roundTrips, sent: tally(sent, n), inScripts: inScripts / n }
}

/** Redis round trips of each operation, after one warm-up request each (scripts loaded). */
export async function measureRoundTrips(baseUrl: string, redisUrl: string): Promise<RedisRoundTrips[]> {
  const post = (p: string, init: RequestInit) => fetch(`${baseUrl}${p}`, { method: 'POST', ...init })
  const loginAs = (name: string) =>
    post('/auth/login', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: name }) })
  const tokenOf = async (response: Response) => ((await response.json()) as { token: string }).token
  const warm = await tokenOf(await loginAs('dev:count-warm'))
  await fetch(`${baseUrl}/profile`, { headers: bearer(warm) })
  await post('/auth/logout', { headers: bearer(warm) })
  const tokens: string[] = []
  const login = await countCommands(redisUrl, 'POST /auth/login', COUNTED_REQUESTS, async (i) => {
    const response = await loginAs(`dev:count-${i}`)
    tokens.push(await tokenOf(response.clone()))
    return response
  })
  const token = tokens[0] ?? ''
  const profile = await countCommands(redisUrl, 'GET /profile', COUNTED_REQUESTS, () =>
    fetch(`${baseUrl}/profile`, { headers: bearer(token) }),
  )
  const feed = await countCommands(redisUrl, 'GET /feed', COUNTED_REQUESTS, () =>
    fetch(`${baseUrl}/feed`, { headers: bearer(token) }),
  )
  const logout = await countCommands(redisUrl, 'POST /auth/logout', COUNTED_REQUESTS, (i) =>
    post('/auth/logout', { headers: bearer(tokens[i] ?? '') }),
  )
  return [login, profile, feed, logout]
}
