// Server throughput and latency with autocannon on loopback: the four API operations on the memory and the
// Redis store, against a Fastify hello-world route in the same run; and Redis round trips per operation,
// counted by Redis itself (INFO commandstats).
import { type ChildProcess, fork } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import { Redis } from 'ioredis'
import { startRedis } from '../server/test/redis-server'
import type { TargetKind, TargetReply, TargetRequest } from './server-target'

/** Load settings shared by every run. */
export const LOAD = { connections: 20, durationSeconds: 5, warmupSeconds: 1 }

/** One measured run. */
export interface EndpointLoad {
  target: 'hello world' | 'memory store' | 'Redis store'
  endpoint: string
  rps: number
  p50Ms: number
  p99Ms: number
  ok: number
  failed: number
  seconds: number
}

const READY_TIMEOUT_MS = 30_000
const SESSIONS_TIMEOUT_MS = 120_000
// Profile and feed cycle through this many users' tokens, so no single key is hot.
const REUSED_TOKENS = 1_000
const LOGIN_USERS = 10_000
// Logout spends one token per request: the pool is sized from the hello-world rate, with room, and capped.
const LOGOUT_POOL_HEADROOM = 1.3
const LOGOUT_POOL_MAX = 150_000
const COUNTED_REQUESTS = 20
// Commands the measurement itself sends.
const NOT_COUNTED = new Set(['info', 'config', 'client', 'hello', 'ping', 'select', 'echo'])
const MARKER = 'miniauth-bench-count-end'

interface Target {
  baseUrl: string
  sessions(count: number, prefix: string): Promise<string[]>
  stop(): Promise<void>
}

function startTarget(kind: TargetKind, redisUrl?: string): Promise<Target> {
  const child: ChildProcess = fork(path.join(__dirname, 'server-target.ts'), [kind, ...(redisUrl ? [redisUrl] : [])], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const next = (type: TargetReply['type'], timeoutMs: number) =>
    new Promise<TargetReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server target (${kind}): no "${type}" in time`)), timeoutMs)
      const onExit = () => reject(new Error(`server target (${kind}) exited`))
      child.once('exit', onExit)
      child.on('message', function onMessage(message: TargetReply) {
        if (message.type !== type) return
        clearTimeout(timer)
        child.off('message', onMessage)
        child.off('exit', onExit)
        resolve(message)
      })
    })
  const tell = (message: TargetRequest) => child.send(message)
  return next('ready', READY_TIMEOUT_MS).then(
    (ready) => ({
      baseUrl: `http://127.0.0.1:${ready.type === 'ready' ? ready.port : 0}`,
      async sessions(count, prefix) {
        const reply = next('sessions', SESSIONS_TIMEOUT_MS)
        tell({ type: 'sessions', count, prefix })
        const answer = await reply
        return answer.type === 'sessions' ? answer.tokens : []
      },
      async stop() {
        if (child.exitCode === null && child.connected) tell({ type: 'stop' })
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timer)
      },
    }),
    (error: unknown) => {
      child.kill('SIGKILL')
      throw error
    },
  )
}

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

type RequestPlan = () => autocannon.Request

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Each token at most once, in order; a drained pool ends the run through `maxOverallRequests`. */
function drawEach(tokens: string[], request: autocannon.Request): RequestPlan {
  let next = 0
  return () => ({ ...request, setupRequest: (r) => ({ ...r, headers: bearer(tokens[next++] ?? 'drained') }) })
}

/** Tokens round-robin, for operations that leave the session in place. */
function cycle(tokens: string[], request: autocannon.Request): RequestPlan {
  let next = 0
  return () => ({
    ...request,
    setupRequest: (r) => ({ ...r, headers: bearer(tokens[next++ % tokens.length] ?? '') }),
  })
}

/** Logins of LOGIN_USERS dev users in turn: found users, previous session revoked, as in real use. */
function logins(prefix: string): RequestPlan {
  let next = 0
  return () => ({
    method: 'POST',
    path: '/auth/login',
    headers: { 'content-type': 'application/json' },
    setupRequest: (r) => ({ ...r, body: JSON.stringify({ code: `dev:${prefix}-${next++ % LOGIN_USERS}` }) }),
  })
}

async function measure(
  target: EndpointLoad['target'],
  endpoint: string,
  url: string,
  plan: RequestPlan,
  options: { warmup?: boolean; maxRequests?: number } = {},
): Promise<EndpointLoad> {
  if (options.warmup !== false) await load({ url, duration: LOAD.warmupSeconds, requests: [plan()] })
  const result = await load({
    url,
    duration: LOAD.durationSeconds,
    requests: [plan()],
    ...(options.maxRequests ? { maxOverallRequests: options.maxRequests } : {}),
  })
  return {
    target,
    endpoint,
    rps: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors,
    seconds: result.duration,
  }
}

/**
 * The four operations against one reference server. `ceilingRps` (the hello-world rate) bounds what any
 * route can reach, so the logout pool sized from it lasts the whole run.
 */
async function measureApi(
  target: Target,
  name: EndpointLoad['target'],
  tag: string,
  ceilingRps: number,
): Promise<EndpointLoad[]> {
  const url = target.baseUrl
  const reused = await target.sessions(REUSED_TOKENS, `${tag}-reused`)
  const rows = [
    await measure(name, 'POST /auth/login', url, logins(`${tag}-login`)),
    await measure(name, 'GET /profile', url, cycle(reused, { method: 'GET', path: '/profile' })),
    await measure(name, 'GET /feed', url, cycle(reused, { method: 'GET', path: '/feed' })),
  ]
  const poolSize = Math.min(LOGOUT_POOL_MAX, Math.ceil(ceilingRps * LOAD.durationSeconds * LOGOUT_POOL_HEADROOM))
  const pool = await target.sessions(poolSize, `${tag}-logout`)
  // No warm-up: it would spend tokens, and the routes above already warmed the server.
  const plan = drawEach(pool, { method: 'POST', path: '/auth/logout' })
  rows.push(await measure(name, 'POST /auth/logout', url, plan, { warmup: false, maxRequests: pool.length }))
  return rows
}

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
async function measureRoundTrips(baseUrl: string, redisUrl: string): Promise<RedisRoundTrips[]> {
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

/** Everything the server benchmark measured. */
export interface ServerBenchResult {
  loads: EndpointLoad[]
  roundTrips: RedisRoundTrips[]
}

/** Runs the hello-world baseline, then the API on the memory store, then on a throwaway Redis. */
export async function measureServer(log: (line: string) => void = () => {}): Promise<ServerBenchResult> {
  log('server: hello world')
  const hello = await startTarget('hello')
  let baseline: EndpointLoad
  try {
    baseline = await measure('hello world', 'GET /hello', hello.baseUrl, () => ({ method: 'GET', path: '/hello' }))
  } finally {
    await hello.stop()
  }
  const loads = [baseline]

  log('server: memory store')
  const memory = await startTarget('memory')
  try {
    loads.push(...(await measureApi(memory, 'memory store', 'mem', baseline.rps)))
  } finally {
    await memory.stop()
  }

  log('server: Redis store')
  const redisServer = await startRedis()
  try {
    const target = await startTarget('redis', redisServer.url)
    try {
      const roundTrips = await measureRoundTrips(target.baseUrl, redisServer.url)
      loads.push(...(await measureApi(target, 'Redis store', 'redis', baseline.rps)))
      return { loads, roundTrips }
    } finally {
      await target.stop()
    }
  } finally {
    await redisServer.stop()
  }
}
