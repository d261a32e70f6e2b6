// Group commit: the write transactions asked for in one turn of the event loop run one after another inside
// one immediate transaction, each in its own savepoint, and settle once it has committed. A commit (taking
// the write lock, appending to the log) costs more than a login's own statements; under load a turn holds
// several requests' writes, which then share one.
import { setImmediate } from 'node:timers'
import type { SqliteConnection } from './sqlite-driver'

/** Runs `body` inside a write transaction shared with the other writes of this turn; resolves once committed. */
export type BatchedWrite = <T>(body: () => T) => Promise<T>

interface Pending {
  body: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/**
 * Batches write transactions on `db`. Each body runs alone (nothing interleaves on one thread) and atomically:
 * one that throws is rolled back to its savepoint and rejects, the others of its batch still commit. The
 * immediate transaction keeps a second process on the file out for the whole batch.
 */
export function createWriteBatch(db: SqliteConnection): BatchedWrite {
  const begin = db.prepare('BEGIN IMMEDIATE')
  const commit = db.prepare('COMMIT')
  const rollback = db.prepare('ROLLBACK')
  const savepoint = db.prepare('SAVEPOINT batched_write')
  const release = db.prepare('RELEASE batched_write')
  const undo = db.prepare('ROLLBACK TO batched_write')
  let queue: Pending[] = []

  function runAll(batch: Pending[]): (() => void)[] {
    const settle: (() => void)[] = []
    for (const write of batch) {
      savepoint.run()
      try {
        const value = write.body()
        release.run()
        settle.push(() => write.resolve(value))
      } catch (error) {
        try {
          undo.run()
          release.run()
        } catch {
          // SQLite ended the whole transaction itself (some errors do): the batch fails with this error.
          throw error
        }
        settle.push(() => write.reject(error))
      }
    }
    return settle
  }

  function flush() {
    const batch = queue
    queue = []
    let settle: (() => void)[]
    try {
      begin.run()
    } catch (error) {
      for (const write of batch) write.reject(error)
      return
    }
    try {
      settle = runAll(batch)
      commit.run()
    } catch (error) {
      try {
        rollback.run()
      } catch {
        // Already rolled back by SQLite.
      }
      // Nothing of the batch was committed: every write of it fails.
      for (const write of batch) write.reject(error)
      return
    }
    for (const done of settle) done()
  }

  return <T>(body: () => T) =>
    new Promise<T>((resolve, reject) => {
      // The first write of a turn schedules the commit after the turn's I/O callbacks (the check phase).
      if (queue.push({ body, resolve: resolve as (value: unknown) => void, reject }) === 1) setImmediate(flush)
    })
}
