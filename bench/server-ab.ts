// `npm run bench:ab -- <git revision> [memory|sqlite|redis] [profile|feed|login|logout] [--log]`: the server
// of another revision (A) and of this working tree (B) side by side, for a change smaller than the noise of the
// full benchmark's throughput ratios on a shared machine (with --log, both log as in production). Each round
// runs the hello world, then A and B (in turn first); besides each rate over its hello world, it reports the CPU
// time each server process spent per request (from /proc/<pid>/stat), which moves far less with the machine,
// and the load generator's (this process's) CPU time per request, which shares the same cores. Prints a
// markdown table; writes no file.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startRedis } from '../server/test/redis-server'
import { count, table, times } from './markdown'
import { median } from './sdk-overhead'
import {
  cycle,
  drawEach,
  LOAD,
  logins,
  logoutPoolSize,
  REUSED_TOKENS,
  type RequestPlan,
  run,
  turnOrder,
} from './server-load'
import { startTarget, type Target, withLogFile } from './server-process'
import type { TargetKind } from './server-target'

const ROOT = path.resolve(__dirname, '..')
const ROUNDS = 7
// Linux's USER_HZ: /proc reports CPU time in these ticks.
const CLOCK_TICKS_PER_SECOND = 100
const ENDPOINTS = ['profile', 'feed', 'login', 'logout'] as const
type Endpoint = (typeof ENDPOINTS)[number]

/** CPU time (user + system) a process has used so far, in µs. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND
}

/** Another revision's tree beside this one, with this one's dependencies; removed by the returned function. */
function checkOut(revision: string): { dir: string; remove(): void } {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'miniauth-ab-')), 'tree')
  execFileSync('git', ['worktree', 'add', '--detach', dir, revision], { cwd: ROOT, stdio: 'ignore' })
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  return {
    dir,
    remove() {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' })
      rmSync(path.dirname(dir), { recursive: true, force: true })
    },
  }
}

async function planFor(target: Target, endpoint: Endpoint, tag: string, helloRps: number) {
  if (endpoint === 'login') return { plan: logins(tag) }
  if (endpoint === 'logout') {
    const pool = await target.sessions(logoutPoolSize(helloRps), tag)
    return { plan: drawEach(pool, { method: 'POST', path: '/auth/logout' }), maxRequests: pool.length }
  }
  return { plan: cycle(await target.sessions(REUSED_TOKENS, tag), { method: 'GET', path: `/${endpoint}` }) }
}

async function measure(hello: Target, sides: Target[], endpoint: Endpoint) {
  const helloPlan: RequestPlan = () => [{ method: 'GET', path: '/hello' }]
  const rows = sides.map(() => ({
    rps: [] as number[],
    ratio: [] as number[],
    cpu: [] as number[],
    load: [] as number[],
  }))
  const helloRow = { rps: [] as number[], cpu: [] as number[], load: [] as number[] }
  let helloRps = (await run(hello.baseUrl, helloPlan, LOAD.roundSeconds)).rps
  for (let round = 0; round < ROUNDS; round++) {
    const plans = []
    for (const [i, side] of sides.entries()) plans.push(await planFor(side, endpoint, `ab-${i}-${round}`, helloRps))
    const helloRun = await measured(hello, () => run(hello.baseUrl, helloPlan, LOAD.roundSeconds))
    helloRps = helloRun.result.rps
    helloRow.rps.push(helloRps)
    helloRow.cpu.push(helloRun.serverCpu)
    helloRow.load.push(helloRun.loadCpu)
    for (const i of turnOrder(sides.length, round)) {
      const side = sides[i] as Target
      const { plan, maxRequests } = plans[i] as Awaited<ReturnType<typeof planFor>>
      const { result, serverCpu, loadCpu } = await measured(side, () =>
        run(side.baseUrl, plan, LOAD.roundSeconds, maxRequests),
      )
      const row = rows[i] as (typeof rows)[number]
      row.rps.push(result.rps)
      row.ratio.push(result.rps / helloRps)
      row.cpu.push(serverCpu)
      row.load.push(loadCpu)
    }
  }
  return { hello: helloRow, rows }
}

/**
 * One run, with the CPU time per request of the server's process and of this one (the load generator) while
 * it loads: building the connections' requests beforehand, synchronous and alone, is left out.
 */
async function measured(target: Target, load: () => ReturnType<typeof run>) {
  const server = cpuMicros(target.pid)
  const generator = process.cpuUsage()
  const result = await load()
  const { user, system } = process.cpuUsage(generator)
  const requests = Math.max(1, result.ok + result.failed)
  return {
    result,
    serverCpu: (cpuMicros(target.pid) - server) / requests,
    loadCpu: (user + system - result.setupSeconds * 1e6) / requests,
  }
}

async function main() {
  const args = process.argv.slice(2)
  const logging = args.includes('--log')
  const [revision, kind = 'sqlite', endpoint = 'profile'] = args.filter((arg) => arg !== '--log')
  if (!revision || !['memory', 'sqlite', 'redis'].includes(kind) || !ENDPOINTS.includes(endpoint as Endpoint))
    throw new Error(
      'usage: npm run bench:ab -- <git revision> [memory|sqlite|redis] [profile|feed|login|logout] [--log]',
    )
  const tree = checkOut(revision)
  const redis = kind === 'redis' ? await startRedis() : null
  const started: Target[] = []
  try {
    const options = redis ? { redisUrl: redis.url } : {}
    const hello = await startTarget('hello')
    started.push(hello)
    // With --log, both sides log as in production, each to its own file.
    const { result } = await withLogFile((logA) =>
      withLogFile(async (logB) => {
        const a = await startTarget(kind as TargetKind, {
          ...options,
          ...(logging ? { log: logA } : {}),
          script: path.join(tree.dir, 'bench/server-target.ts'),
        })
        started.push(a)
        const b = await startTarget(kind as TargetKind, { ...options, ...(logging ? { log: logB } : {}) })
        started.push(b)
        return measure(hello, [a, b], endpoint as Endpoint)
      }),
    )
    const { hello: helloRow, rows } = result.result
    const names = [`A: ${revision}`, 'B: working tree']
    const micros = (values: number[]) => `${median(values).toFixed(1)} µs`
    const logged = logging ? ', logging on' : ''
    console.log(`${kind} store${logged}, ${endpoint}: ${ROUNDS} rounds of ${LOAD.roundSeconds} s, medians\n`)
    console.log(
      table(
        ['server', 'req/s', 'vs hello world', 'server CPU per request', 'load generator CPU per request'],
        [
          ['hello world', count(median(helloRow.rps)), '1×', micros(helloRow.cpu), micros(helloRow.load)],
          ...rows.map((row, i) => [
            names[i] ?? '',
            count(median(row.rps)),
            times(median(row.ratio)),
            micros(row.cpu),
            micros(row.load),
          ]),
        ],
      ),
    )
  } finally {
    for (const target of started) await target.stop()
    await redis?.stop()
    tree.remove()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
