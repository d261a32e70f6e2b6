// Server throughput and latency with autocannon on loopback: the four API operations on the memory, the
// SQLite (embedded, the default) and the Redis store, the last two also with production logging on, against a
// Fastify hello-world route in the same run; and Redis round trips per operation, counted by Redis itself.
import autocannon from 'autocannon'
import { startRedis } from '../server/test/redis-server'
import { measureRoundTrips, type RedisRoundTrips } from './redis-round-trips'
import { median } from './sdk-overhead'
import { type LogFile, startTarget, type Target, withLogFile } from './server-process'
import type { TargetKind } from './server-target'

/** Load settings shared by every run: each row is the median of `rounds` short runs, each beside a hello world. */
export const LOAD = { connections: 20, roundSeconds: 2, rounds: 5, warmupSeconds: 1 }

/** One run's figures; in a row, rate and latencies are medians over the rounds, counts and seconds sums. */
export interface Run {
  rps: number
  p50Ms: number
  p99Ms: number
  ok: number
  failed: number
  seconds: number
  /** Seconds spent setting the connections up (building their requests) before the load, not counted in it. */
  setupSeconds: number
}

/** One row: an endpoint on one target, over every round. */
export interface EndpointLoad extends Run {
  target: TargetName
  endpoint: string
  /** The hello world measured in the same rounds, just before this target: median rate and p99. */
  baselineRps: number
  baselineP99Ms: number
  /** Median over the rounds of this round's rate over its hello world's. */
  ratio: number
  /** For a logging-on row, median over the rounds of its rate over the logging-off target's in the same round. */
  vsLoggingOff?: number
}

/** What a row measured: the baseline or one store, with or without logging. */
export type TargetName =
  | 'hello world'
  | 'hello world, API headers'
  | 'memory store'
  | 'SQLite store'
  | 'SQLite store, logging on'
  | 'Redis store'
  | 'Redis store, logging on'

// Profile and feed cycle through this many users' tokens, so no single key is hot.
export const REUSED_TOKENS = 1_000
const LOGIN_USERS = 10_000
// Logout spends one token per request: the pool is sized from the hello-world rate, with room, and capped.
const LOGOUT_POOL_HEADROOM = 1.3
const LOGOUT_POOL_MAX = 150_000

/** Tokens enough for one logout round beside a hello world of `helloRps` (which bounds any route's rate). */
export const logoutPoolSize = (helloRps: number) =>
  Math.min(LOGOUT_POOL_MAX, Math.ceil(helloRps * LOAD.roundSeconds * LOGOUT_POOL_HEADROOM))

/** One autocannon run, stopped by force if it overruns its duration. */
function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: LOAD.connections, timeout: 10, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    )
    const timer = setTimeout(() => instance.stop(), ((options.duration ?? 10) + 15) * 1000)
    instance.once('done', () => clearTimeout(timer))
  })
}

/**
 * What connection `connection` of `connections` sends, in a loop. Each connection has its own list, built
 * into request bytes once before the first request goes out, as the hello world's single request is: a
 * request built anew each time (autocannon's `setupRequest`) costs the load generator, on the same two cores,
 * about 15 µs more per request.
 */
export type RequestPlan = (connection: number, connections: number) => autocannon.Request[]

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Every `connections`-th item from `connection` on: the connections' lists share nothing and miss nothing. */
function dealt<T>(items: readonly T[], connection: number, connections: number): T[] {
  const mine: T[] = []
  for (let i = connection; i < items.length; i += connections) mine.push(items[i] as T)
  return mine
}

/**
 * Each token exactly once: run with `maxOverallRequests` = the pool's size, which autocannon shares out
 * among the connections as `dealt` does, so each connection stops at the end of its own list.
 */
export function drawEach(tokens: string[], request: autocannon.Request): RequestPlan {
  return (connection, connections) =>
    dealt(tokens, connection, connections).map((token) => ({ ...request, headers: bearer(token) }))
}

/** Tokens in turn, for operations that leave the session in place. */
export const cycle: (tokens: string[], request: autocannon.Request) => RequestPlan = drawEach

/** Logins of LOGIN_USERS dev users in turn (each connection its own): found users, previous session revoked. */
export function logins(prefix: string): RequestPlan {
  const users = Array.from({ length: LOGIN_USERS }, (_, n) => JSON.stringify({ code: `dev:${prefix}-${n}` }))
  return (connection, connections) =>
    dealt(users, connection, connections).map((body) => ({
      method: 'POST',
      path: '/auth/login',
      headers: { 'content-type': 'application/json' },
      body,
    }))
}

export async function run(url: string, plan: RequestPlan, seconds: number, maxRequests?: number): Promise<Run> {
  // Connections are set up one after another before any request is sent; that time is not load.
  let setupMs = 0
  let connection = 0
  const result = await load({
    url,
    duration: seconds,
    setupClient(client) {
      const started = performance.now()
      client.setRequests(plan(connection++, LOAD.connections))
      setupMs += performance.now() - started
    },
    ...(maxRequests ? { maxOverallRequests: maxRequests } : {}),
  })
  const loadSeconds = result.duration - setupMs / 1000
  return {
    rps: result['2xx'] / loadSeconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors,
    seconds: loadSeconds,
    setupSeconds: setupMs / 1000,
  }
}

/** A row from its rounds, each beside the hello world run just before it (and the logging-off run, if any). */
function row(target: TargetName, endpoint: string, runs: Run[], hellos: Run[], unlogged?: Run[]): EndpointLoad {
  const sum = (pick: (r: Run) => number) => runs.reduce((total, r) => total + pick(r), 0)
  return {
    target,
    endpoint,
    rps: median(runs.map((r) => r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    ok: sum((r) => r.ok),
    failed: sum((r) => r.failed),
    seconds: sum((r) => r.seconds),
    setupSeconds: sum((r) => r.setupSeconds),
    baselineRps: median(hellos.map((r) => r.rps)),
    baselineP99Ms: median(hellos.map((r) => r.p99Ms)),
    ratio: median(runs.map((r, i) => r.rps / (hellos[i]?.rps ?? Number.NaN))),
    ...(unlogged ? { vsLoggingOff: median(runs.map((r, i) => r.rps / (unlogged[i]?.rps ?? Number.NaN))) } : {}),
  }
}

const helloPlan: RequestPlan = () => [{ method: 'GET', path: '/hello' }]

/** The hello world on its own (its process stays up all run), for the report's first row. */
async function measureHello(hello: Target): Promise<EndpointLoad> {
  await run(hello.baseUrl, helloPlan, LOAD.warmupSeconds)
  const runs: Run[] = []
  for (let round = 0; round < LOAD.rounds; round++) runs.push(await run(hello.baseUrl, helloPlan, LOAD.roundSeconds))
  return row('hello world', 'GET /hello', runs, runs)
}

/** A target under measurement: its server and what its rows are called. */
interface Measured {
  target: Target
  name: TargetName
  tag: string
}

/** The order a round runs `size` targets in: reversed every other round, so none always follows the hello world. */
export function turnOrder(size: number, round: number): number[] {
  const order = Array.from({ length: size }, (_, i) => i)
  return round % 2 === 1 ? order.reverse() : order
}

/**
 * One endpoint on every target of a group, interleaved: each round runs the hello world, then each target in
 * turn (`turnOrder`), so a change in the machine's load hits a row and its baseline alike; each figure is the
 * median of the rounds. A logging-on target (the group's second) is also compared with the logging-off one of its round.
 */
async function measureEndpoint(
  hello: Target,
  group: Measured[],
  endpoint: string,
  plan: (m: Measured, round: number, helloRps: number) => Promise<{ plan: RequestPlan; maxRequests?: number }>,
  options: { warmup: boolean; helloRps: number },
): Promise<EndpointLoad[]> {
  if (options.warmup) {
    for (const m of group) await run(m.target.baseUrl, (await plan(m, -1, 0)).plan, LOAD.warmupSeconds)
  }
  const hellos: Run[] = []
  const runs: Run[][] = group.map(() => [])
  for (let round = 0; round < LOAD.rounds; round++) {
    // Whatever a target needs for the round (logout's tokens) is made first, outside any measured run.
    const previousHello = hellos[hellos.length - 1]?.rps ?? options.helloRps
    const plans = []
    for (const m of group) plans.push(await plan(m, round, previousHello))
    hellos.push(await run(hello.baseUrl, helloPlan, LOAD.roundSeconds))
    for (const i of turnOrder(group.length, round)) {
      const { plan: requests, maxRequests } = plans[i] as { plan: RequestPlan; maxRequests?: number }
      runs[i]?.push(await run((group[i] as Measured).target.baseUrl, requests, LOAD.roundSeconds, maxRequests))
    }
  }
  return group.map((m, i) => row(m.name, endpoint, runs[i] ?? [], hellos, i > 0 ? runs[0] : undefined))
}

/** The four operations on every target of a group (one store, logging off and on), endpoint by endpoint. */
async function measureApi(hello: Target, group: Measured[], helloRps: number): Promise<EndpointLoad[]> {
  const reused = new Map<Measured, string[]>()
  for (const m of group) reused.set(m, await m.target.sessions(REUSED_TOKENS, `${m.tag}-reused`))
  const reusing = (request: autocannon.Request) => async (m: Measured) => ({
    plan: cycle(reused.get(m) ?? [], request),
  })
  return [
    ...(await measureEndpoint(hello, group, 'POST /auth/login', async (m) => ({ plan: logins(`${m.tag}-login`) }), {
      warmup: true,
      helloRps,
    })),
    ...(await measureEndpoint(hello, group, 'GET /profile', reusing({ method: 'GET', path: '/profile' }), {
      warmup: true,
      helloRps,
    })),
    ...(await measureEndpoint(hello, group, 'GET /feed', reusing({ method: 'GET', path: '/feed' }), {
      warmup: true,
      helloRps,
    })),
    // No warm-up (it would spend tokens; the routes above warmed the server). The hello-world rate bounds what
    // any route reaches, so a pool sized from the last one lasts the round.
    ...(await measureEndpoint(
      hello,
      group,
      'POST /auth/logout',
      async (m, round, helloRps) => {
        const pool = await m.target.sessions(logoutPoolSize(helloRps), `${m.tag}-logout-${round}`)
        return { plan: drawEach(pool, { method: 'POST', path: '/auth/logout' }), maxRequests: pool.length }
      },
      { warmup: false, helloRps },
    )),
  ]
}

/** Everything the server benchmark measured. */
export interface ServerBenchResult {
  loads: EndpointLoad[]
  roundTrips: RedisRoundTrips[]
  /** Bytes of log each logging target wrote over its whole run. */
  logBytes: Partial<Record<TargetName, number>>
  /** Why the Redis store was not measured, when it was not. */
  redisMissing?: string
}

/** Runs `measure` on fresh target processes (one per entry), stopping them all after. */
async function withTargets<T>(
  starts: { kind: TargetKind; name: TargetName; tag: string; redisUrl?: string; log?: LogFile }[],
  measure: (group: Measured[]) => Promise<T>,
): Promise<T> {
  const group: Measured[] = []
  try {
    for (const s of starts) group.push({ target: await startTarget(s.kind, s), name: s.name, tag: s.tag })
    return await measure(group)
  } finally {
    for (const m of group) await m.target.stop()
  }
}

/**
 * The API on the memory store, then on SQLite and on a throwaway Redis, each without and with logging side by
 * side, every round of every row beside a hello-world run (the first row is the hello world alone).
 */
export async function measureServer(log: (line: string) => void = () => {}): Promise<ServerBenchResult> {
  log('server: hello world')
  const hello = await startTarget('hello')
  try {
    return await measureAll(hello, log)
  } finally {
    await hello.stop()
  }
}

async function measureAll(hello: Target, log: (line: string) => void): Promise<ServerBenchResult> {
  const loads = [await measureHello(hello)]
  const helloRps = loads[0]?.rps ?? 0
  log('server: hello world with the API headers, and a login without a store (the floors of a read and a login)')
  const floor = [{ kind: 'floor' as const, name: 'hello world, API headers' as const, tag: 'floor' }]
  loads.push(
    ...(await withTargets(floor, async (g) => [
      ...(await measureEndpoint(hello, g, 'GET /hello', async () => ({ plan: helloPlan }), { warmup: true, helloRps })),
      ...(await measureEndpoint(hello, g, 'POST /auth/login', async () => ({ plan: logins('floor') }), {
        warmup: true,
        helloRps,
      })),
    ])),
  )
  const logBytes: ServerBenchResult['logBytes'] = {}

  log('server: memory store')
  loads.push(
    ...(await withTargets([{ kind: 'memory', name: 'memory store', tag: 'mem' }], (g) =>
      measureApi(hello, g, helloRps),
    )),
  )
  log('server: SQLite store, logging off and on')
  const sqlite = await withLogFile((file) =>
    withTargets(
      [
        { kind: 'sqlite', name: 'SQLite store', tag: 'sqlite' },
        { kind: 'sqlite', name: 'SQLite store, logging on', tag: 'sqlite-log', log: file },
      ],
      (g) => measureApi(hello, g, helloRps),
    ),
  )
  loads.push(...sqlite.result)
  logBytes['SQLite store, logging on'] = sqlite.bytes

  log('server: Redis store, logging off and on')
  try {
    const redis = await measureRedis(hello, helloRps)
    logBytes['Redis store, logging on'] = redis.logBytes
    return { loads: [...loads, ...redis.loads], roundTrips: redis.roundTrips, logBytes }
  } catch (error) {
    // Without redis-server the hello-world and embedded figures still stand; the report says what is missing.
    return {
      loads,
      roundTrips: [],
      logBytes,
      redisMissing: error instanceof Error ? error.message.split('\n')[0] : String(error),
    }
  }
}

/** The API on the Redis store of a throwaway redis-server, without and with logging, and its round trips. */
async function measureRedis(
  hello: Target,
  helloRps: number,
): Promise<{ loads: EndpointLoad[]; roundTrips: RedisRoundTrips[]; logBytes: number }> {
  const redisServer = await startRedis()
  try {
    const redisUrl = redisServer.url
    const logged = await withLogFile((file) =>
      withTargets(
        [
          { kind: 'redis', name: 'Redis store', tag: 'redis', redisUrl },
          { kind: 'redis', name: 'Redis store, logging on', tag: 'redis-log', redisUrl, log: file },
        ],
        async (group) => {
          const roundTrips = await measureRoundTrips(group[0]?.target.baseUrl ?? '', redisUrl)
          return { roundTrips, loads: await measureApi(hello, group, helloRps) }
        },
      ),
    )
    return { ...logged.result, logBytes: logged.bytes }
  } finally {
    await redisServer.stop()
  }
}
