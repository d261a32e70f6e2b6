// A real, throwaway redis-server for tests: a free loopback port, no persistence, a temp dir.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A running redis-server the test owns. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>`. */
  url: string
  /** The loopback port it listens on. */
  port: number
  /** Shuts it down gracefully and removes its temp dir (for `afterAll`). */
  stop(): Promise<void>
  /** Kills it without warning, as a crash or a lost network would. */
  kill(): Promise<void>
  /** Starts it again on the same port (empty: nothing is persisted). */
  restart(): Promise<void>
  /** Freezes the process (SIGSTOP): connections stay open but nothing answers, like a hung server. */
  pause(): void
  /** Unfreezes a paused process (SIGCONT). */
  resume(): void
}

const STARTUP_TIMEOUT_MS = 10_000

/** Fails with the fix when redis-server is missing, instead of letting Redis tests skip silently. */
export function assertRedisInstalled(command = 'redis-server') {
  const probe = spawnSync(command, ['--version'])
  if (probe.error) {
    throw new Error(
      `${command} is not installed, and the server tests run the Redis session store against a real Redis. ` +
        'Install it with `apt-get install redis-server redis-sentinel` (Debian/Ubuntu) or `brew install redis` (macOS).',
    )
  }
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** Spawns `command` and resolves once its log prints `readyLine`; fails with the log when it exits or stalls. */
export function launchRedisProcess(command: string, args: string[], readyLine: string): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => fail(new Error(`${command} did not start in time:\n${output}`)), STARTUP_TIMEOUT_MS)
    function fail(error: Error) {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(error)
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes(readyLine)) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        child.stdout?.resume()
        child.off('exit', onEarlyExit)
        resolve(child)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const onEarlyExit = (code: number | null) => fail(new Error(`${command} exited with ${code}:\n${output}`))
    child.once('exit', onEarlyExit)
    child.once('error', fail)
  })
}

/** The arguments of a throwaway redis-server on a loopback `port`: nothing persisted, files in `dir`. */
export function redisServerArgs(port: number, dir: string): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]
}

function launch(port: number, dir: string, extraArgs: string[]): Promise<ChildProcess> {
  return launchRedisProcess(
    'redis-server',
    [...redisServerArgs(port, dir), ...extraArgs],
    'Ready to accept connections',
  )
}

/** Resolves once `child` has exited, sending `signal` when it still runs. */
export function exited(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}

/** Starts a redis-server on a free loopback port (with `extraArgs`); call `stop()` when done. */
export async function startRedis(extraArgs: string[] = []): Promise<TestRedis> {
  assertRedisInstalled()
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'miniauth-redis-'))
  let child = await launch(port, dir, extraArgs)
  // A test run that dies must not leave a redis-server behind.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await exited(child, 'SIGTERM')
      process.off('exit', killOnExit)
      rmSync(dir, { recursive: true, force: true })
    },
    async kill() {
      await exited(child, 'SIGKILL')
    },
    async restart() {
      await exited(child, 'SIGTERM')
      child = await launch(port, dir, extraArgs)
    },
    pause() {
      child.kill('SIGSTOP')
    },
    resume() {
      child.kill('SIGCONT')
    },
  }
}

/**
 * The processes one test set-up starts under `dir`: killed if the test process exits without stopping them;
 * `stop` ends them gracefully and removes `dir`.
 */
export function processGroup(dir: string): { children: ChildProcess[]; stop(): Promise<void> } {
  const children: ChildProcess[] = []
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL')
  }
  process.once('exit', killAll)
  return {
    children,
    async stop() {
      await Promise.all(children.map((child) => exited(child, 'SIGTERM')))
      process.off('exit', killAll)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
