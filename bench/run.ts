// `npm run bench`: every figure beside a baseline measured in the same run, printed as markdown and written
// to bench/RESULTS.md. Parts run one after another (so builds never overlap a timing), each with a time
// limit; a part that fails is reported as not measured and the others still run.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { measurePlatformSizes } from './platform-size'
import { type BenchResults, renderReport } from './report'
import { type H5Startup, type SdkSizes, serverDetails } from './report-details'
import { measureSdkOverhead } from './sdk-overhead'
import { LOAD, measureServer } from './server-load'
import type { SingleFlightCheck } from './single-flight'
import { measureWeappSizes } from './weapp-size'

const ROOT = path.resolve(__dirname, '..')
const RESULTS_FILE = path.join(ROOT, 'bench/RESULTS.md')
const TSX_CLI = require.resolve('tsx/cli', { paths: [ROOT] })

const MINUTE_MS = 60_000
// Three groups of API targets (memory; SQLite and Redis, each logging off and on), every row in rounds beside
// a hello-world run: about seven minutes on a quiet machine.
const SERVER_TIMEOUT_MS = 20 * MINUTE_MS

const log = (line: string) => console.error(`bench: ${line}`)

/** Runs a script that prints one JSON value on stdout; killed when it overruns `timeoutMs`. */
function runJson<T>(args: string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const last = stdout.trim().split('\n').pop() ?? ''
      if (code === 0) {
        try {
          resolve(JSON.parse(last) as T)
          return
        } catch {
          // Falls through to the error below with what the script printed.
        }
      }
      const why = signal === 'SIGKILL' ? `no result within ${timeoutMs / 1000} s` : `exit ${code}`
      reject(new Error(`${args.slice(-1)[0]}: ${why}; ${stderr.trim().split('\n').slice(-3).join(' / ')}`))
    })
  })
}

/** Resolves to the part's result, or to the error that stopped it (a part never stops the run). */
async function part<T>(name: string, timeoutMs: number, run: () => Promise<T>): Promise<T | Error> {
  log(`${name}…`)
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  try {
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${timeoutMs / 1000} s`)), timeoutMs)
    })
    const result = await Promise.race([run(), overrun])
    log(`${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
    return result
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error))
    console.error(`bench: ${name} not measured:`, failure.message)
    return failure
  } finally {
    clearTimeout(timer)
  }
}

function machine(): string {
  const cpus = os.cpus()
  const load = os.loadavg().map((n) => n.toFixed(1))
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load average at start ${load.join(' / ')}`
}

/** `--only server`: the server load alone, printed and not written to RESULTS.md (a partial report). */
async function serverOnly() {
  const startedOn = machine()
  const server = await part('server load', SERVER_TIMEOUT_MS, () => measureServer(log))
  if (server instanceof Error) process.exit(1)
  console.log(`${startedOn}\n\n${serverDetails(server, LOAD)}`)
  process.exit(server.redisMissing ? 1 : 0)
}

async function main() {
  const only = process.argv.indexOf('--only')
  if (only >= 0) {
    if (process.argv[only + 1] !== 'server') throw new Error('--only takes: server')
    return serverOnly()
  }
  const started = Date.now()
  const startedOn = machine()
  const results: BenchResults = {
    weapp: await part('weapp package size (builds ours if stale, and a blank app)', 8 * MINUTE_MS, measureWeappSizes),
    platforms: await part(
      'Alipay and Douyin package sizes (builds ours and a blank app for each)',
      10 * MINUTE_MS,
      () => measurePlatformSizes(),
    ),
    sdkSize: await part('SDK size', MINUTE_MS, () => runJson<SdkSizes>(['bench/sdk-size.mjs', '--json'], MINUTE_MS)),
    overhead: await part('SDK per-request overhead', MINUTE_MS, () => measureSdkOverhead()),
    singleFlight: await part('single flight', MINUTE_MS, () =>
      runJson<SingleFlightCheck[]>([TSX_CLI, '--tsconfig', 'bench/tsconfig.json', 'bench/single-flight.ts'], MINUTE_MS),
    ),
    server: await part('server load', SERVER_TIMEOUT_MS, () => measureServer(log)),
    h5: await part('H5 start-up (builds the H5 bundle if not cached)', 5 * MINUTE_MS, () =>
      runJson<H5Startup>(['bench/h5-startup.mjs'], 5 * MINUTE_MS),
    ),
  }
  const seconds = (Date.now() - started) / 1000
  const header = [
    `Run on ${new Date().toISOString().slice(0, 10)}: ${startedOn}; the whole run took ${seconds.toFixed(0)} s.`,
    'Each figure is measured beside its baseline in the same run, so ratios hold on a noisy machine; absolute timings do not travel.',
  ].join(' ')
  const report = renderReport(results, header, LOAD)
  writeFileSync(RESULTS_FILE, report)
  console.log(report)
  log(`written to ${path.relative(ROOT, RESULTS_FILE)} in ${seconds.toFixed(0)} s`)
  const missing = Object.entries(results).filter(([, value]) => value instanceof Error)
  if (!(results.server instanceof Error) && results.server.redisMissing) missing.push(['redis', results.server])
  const broken = Array.isArray(results.singleFlight) && results.singleFlight.some((c) => c.actual !== c.expected)
  // A figure that could not be taken, or a single-flight count off its expectation, fails the run.
  process.exit(missing.length > 0 || broken ? 1 : 0)
}

main().catch((error: unknown) => {
  console.error('bench failed:', error)
  process.exit(1)
})
