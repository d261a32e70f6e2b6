// The write-ahead log's checkpoints (copying committed pages back into the database file, then an fsync) run
// in a worker thread on a connection of its own, so a request's commit only appends to the log. SQLite lets a
// checkpoint run beside the writer: a PASSIVE one takes no write lock and never waits.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { SqliteDriverName } from './sqlite-driver'

/** How often the worker checkpoints: the log stays a few MB at thousands of writes a second. */
export const SQLITE_CHECKPOINT_INTERVAL_MS = 200

/**
 * Log pages after which the writer's own connection checkpoints anyway (SQLite's automatic checkpoint,
 * 40 MB at 4 KB pages): a bound on the log should the worker stop or fall behind.
 */
export const SQLITE_WRITER_CHECKPOINT_PAGES = 10_000

/** A running checkpoint worker. */
export interface SqliteCheckpointer {
  /** Stops the worker and closes its connection; resolves once it has exited. */
  stop(): Promise<void>
}

// Plain JavaScript evaluated in the worker, so the same code runs from the sources and from the server bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { path, driver, intervalMs } = workerData
const Database = driver.name === 'node:sqlite' ? require('node:sqlite').DatabaseSync : require(driver.module)
const db = new Database(path)
const timer = setInterval(() => {
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)')
  } catch {
    // A busy or failing file is tried again at the next tick; the writer's own bound still holds.
  }
}, intervalMs)
parentPort.once('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

const load = createRequire(__filename)

/** Starts checkpointing the write-ahead log of the database at `path` every `intervalMs`. */
export function startSqliteCheckpointer(
  path: string,
  driver: SqliteDriverName,
  intervalMs: number = SQLITE_CHECKPOINT_INTERVAL_MS,
): SqliteCheckpointer {
  const module = driver === 'node:sqlite' ? null : load.resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver: { name: driver, module }, intervalMs },
  })
  // The checkpoints alone must not keep the process alive.
  worker.unref()
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  // A worker that fails leaves the writer's own automatic checkpoint in charge; nothing else depends on it.
  worker.on('error', () => {})
  return {
    async stop() {
      // Held by the worker again until it has exited, or a process with nothing else to do ends here.
      worker.ref()
      worker.postMessage('stop')
      await exited
    },
  }
}
