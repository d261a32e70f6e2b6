// The processes the server benchmark loads: each server target in its own process (so autocannon never shares
// its event loop), talked to over IPC, and the file a logging target's stdout goes to.
import { type ChildProcess, fork } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TargetKind, TargetReply, TargetRequest } from './server-target'

const READY_TIMEOUT_MS = 30_000
const SESSIONS_TIMEOUT_MS = 120_000

/** A reference-server (or hello-world) process under load. */
export interface Target {
  baseUrl: string
  /** The server process, for its CPU time. */
  pid: number
  sessions(count: number, prefix: string): Promise<string[]>
  stop(): Promise<void>
}

/** Where a logging target's stdout goes: a file, as a production server's redirected stdout. */
export interface LogFile {
  fd: number
  path: string
}

/** Forks `bench/server-target.ts` (or `script`, another revision's) and resolves once it listens. */
export function startTarget(
  kind: TargetKind,
  options: { redisUrl?: string; log?: LogFile; script?: string } = {},
): Promise<Target> {
  const args = [kind, ...(options.redisUrl ? [options.redisUrl] : []), ...(options.log ? ['--log'] : [])]
  const child: ChildProcess = fork(options.script ?? path.join(__dirname, 'server-target.ts'), args, {
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
      pid: child.pid ?? 0,
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

/** Runs `measure` with a fresh log file for the target's stdout; returns what it measured and the log's size. */
export async function withLogFile<T>(measure: (log: LogFile) => Promise<T>): Promise<{ result: T; bytes: number }> {
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
