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
function assertRedisInstalled() {
  const probe = spawnSync('redis-server', ['--version'])
  if (probe.error) {
    throw new Error(
      'redis-server is not installed, and the server tests run the Redis session store against a real Redis. ' +
        'Install it with `apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS).',
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

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not start in time:\n${output}`)),
      STARTUP_TIMEOUT_MS,
    )
    function fail(error: Error) {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(error)
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
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
    const onEarlyExit = (code: number | null) => fail(new Error(`redis-server exited with ${code}:\n${output}`))
    child.once('exit', onEarlyExit)
    child.once('error', fail)
  })
}

function exited(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}

/** Starts a redis-server on a free loopback port; call `stop()` when done. */
export async function startRedis(): Promise<TestRedis> {
  assertRedisInstalled()
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'miniauth-redis-'))
  let child = await launch(port, dir)
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
      child = await launch(port, dir)
    },
    pause() {
      child.kill('SIGSTOP')
    },
    resume() {
      child.kill('SIGCONT')
    },
  }
}
