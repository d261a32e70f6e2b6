// Server throughput and latency with autocannon on loopback: the four API operations on the memory, the
// SQLite (embedded, the default) and the Redis store, the last two also with production logging on, against a
// Fastify hello-world route in the same run; and Redis round trips per operation, counted by Redis itself.
import { type ChildProcess, fork } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { startRedis } from '../server/test/redis-server'
import { measureRoundTrips, type RedisRoundTrips } from './redis-round-trips'
import type { TargetKind, TargetReply, TargetRequest } from './server-target'

/** Load settings shared by every run. */
export const LOAD = { connections: 20, durationSeconds: 5, warmupSeconds: 1 }

/** One measured run. */
export interface EndpointLoad {
  target: TargetName
  endpoint: string
  rps: number
  p50Ms: number
  p99Ms: number
  ok: number
  failed: number
  seconds: number
  /** The hello world measured just before this row, which the row is compared with. */
  baselineRps: number
  baselineP99Ms: number
}

/** What a row measured: the baseline or one store, with or without logging. */
export type TargetName =
  | 'hello world'
  | 'memory store'
  | 'SQLite store'
  | 'SQLite store, logging on'
  | 'Redis store'
  | 'Redis store, logging on'

const READY_TIMEOUT_MS = 30_000
const SESSIONS_TIMEOUT_MS = 120_000
// Profile and feed cycle through this many users' tokens, so no single key is hot.
const REUSED_TOKENS = 1_000
const LOGIN_USERS = 10_000
// Logout spends one token per request: the pool is sized from the hello-world rate, with room, and capped.
const LOGOUT_POOL_HEADROOM = 1.3
const LOGOUT_POOL_MAX = 150_000

interface Target {
  baseUrl: string
  sessions(count: number, prefix: string): Promise<string[]>
  stop(): Promise<void>
}

/** Where a logging target's stdout goes: a file, as a production server's redirected stdout. */
interface LogFile {
  fd: number
  path: string
}

function startTarget(kind: TargetKind, options: { redisUrl?: string; log?: LogFile } = {}): Promise<Target> {
  const args = [kind, ...(options.redisUrl ? [options.redisUrl] : []), ...(options.log ? ['--log'] : [])]
  const child: ChildProcess = fork(path.join(__dirname, 'server-target.ts'), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', options.log ? options.log.fd : 'inherit', 'inherit', 'ipc'],
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
  const rps = result['2xx'] / result.duration
  return {
    target,
    endpoint,
    rps,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors,
    seconds: result.duration,
    baselineRps: rps,
    baselineP99Ms: result.latency.p99,
  }
}

const helloPlan: RequestPlan = () => ({ method: 'GET', path: '/hello' })

/** The hello world, measured again (its own process stays up) before each row, so load changes hit both. */
function measureHello(hello: Target, options: { warmup?: boolean } = { warmup: false }): Promise<EndpointLoad> {
  return measure('hello world', 'GET /hello', hello.baseUrl, helloPlan, options)
}

/** One row with the hello world measured just before it; `row` gets that baseline's rate. */
async function besideHello(hello: Target, row: (baselineRps: number) => Promise<EndpointLoad>): Promise<EndpointLoad> {
  const baseline = await measureHello(hello)
  return { ...(await row(baseline.rps)), baselineRps: baseline.rps, baselineP99Ms: baseline.p99Ms }
}

/**
 * The four operations against one reference server, each right after a hello-world run. The hello-world rate
 * bounds what any route can reach, so the logout pool sized from it lasts the whole run.
 */
async function measureApi(target: Target, name: TargetName, tag: string, hello: Target): Promise<EndpointLoad[]> {
  const url = target.baseUrl
  const reused = await target.sessions(REUSED_TOKENS, `${tag}-reused`)
  const rows = [
    await besideHello(hello, () => measure(name, 'POST /auth/login', url, logins(`${tag}-login`))),
    await besideHello(hello, () =>
      measure(name, 'GET /profile', url, cycle(reused, { method: 'GET', path: '/profile' })),
    ),
    await besideHello(hello, () => measure(name, 'GET /feed', url, cycle(reused, { method: 'GET', path: '/feed' }))),
  ]
  rows.push(
    await besideHello(hello, async (ceilingRps) => {
      const poolSize = Math.min(LOGOUT_POOL_MAX, Math.ceil(ceilingRps * LOAD.durationSeconds * LOGOUT_POOL_HEADROOM))
      const pool = await target.sessions(poolSize, `${tag}-logout`)
      // No warm-up: it would spend tokens, and the routes above already warmed the server.
      const plan = drawEach(pool, { method: 'POST', path: '/auth/logout' })
      return measure(name, 'POST /auth/logout', url, plan, { warmup: false, maxRequests: pool.length })
    }),
  )
  return rows
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

/** Runs `measure` with a fresh log file for the target's stdout; returns what it measured and the log's size. */
async function withLogFile<T>(measure: (log: LogFile) => Promise<T>): Promise<{ result: T; bytes: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'miniauth-bench-log-'))
  const log = { path: path.join(dir, 'server.log'), fd: 0 }
  log.fd = openSync(log.path, 'w')
  try {
    const result = await measure(log)
    return { result, bytes: statSync(log.path).size }
  } finally {
    closeSync(log.fd)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The API on one store in its own target process; `tag` keeps its users apart from other runs'. */
async function measureTarget(
  kind: TargetKind,
  name: TargetName,
  tag: string,
  hello: Target,
  options: { redisUrl?: string; log?: LogFile } = {},
): Promise<EndpointLoad[]> {
  const target = await startTarget(kind, options)
  try {
    return await measureApi(target, name, tag, hello)
  } finally {
    await target.stop()
  }
}

/**
 * The API on the memory store, on SQLite without and with logging, then on a throwaway Redis without and with
 * logging, each row beside a hello-world run just before it (the first one, after a warm-up, is its own row).
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
  const loads = [await measureHello(hello, { warmup: true })]
  const logBytes: ServerBenchResult['logBytes'] = {}

  log('server: memory store')
  loads.push(...(await measureTarget('memory', 'memory store', 'mem', hello)))
  log('server: SQLite store')
  loads.push(...(await measureTarget('sqlite', 'SQLite store', 'sqlite', hello)))
  log('server: SQLite store, logging on')
  const sqliteLogged = await withLogFile((file) =>
    measureTarget('sqlite', 'SQLite store, logging on', 'sqlite-log', hello, { log: file }),
  )
  loads.push(...sqliteLogged.result)
  logBytes['SQLite store, logging on'] = sqliteLogged.bytes

  log('server: Redis store')
  try {
    const redis = await measureRedis(hello)
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
): Promise<{ loads: EndpointLoad[]; roundTrips: RedisRoundTrips[]; logBytes: number }> {
  const redisServer = await startRedis()
  try {
    const target = await startTarget('redis', { redisUrl: redisServer.url })
    let loads: EndpointLoad[]
    let roundTrips: RedisRoundTrips[]
    try {
      roundTrips = await measureRoundTrips(target.baseUrl, redisServer.url)
      loads = await measureApi(target, 'Redis store', 'redis', hello)
    } finally {
      await target.stop()
    }
    const logged = await withLogFile((file) =>
      measureTarget('redis', 'Redis store, logging on', 'redis-log', hello, { redisUrl: redisServer.url, log: file }),
    )
    return { loads: [...loads, ...logged.result], roundTrips, logBytes: logged.bytes }
  } finally {
    await redisServer.stop()
  }
}
