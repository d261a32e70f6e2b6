import type { SqliteConnection } from './sqlite-driver'

/** Rows read from the file, kept by key while no other connection has changed the file. */
export interface SqliteReadCache<Row> {
  /** The row kept for `key`, if the file is unchanged by any other connection since it was read. */
  get(key: string): Row | undefined
  set(key: string, row: Row): void
  /** Drops `key`'s row: call before or with every write of this connection that changes what it was read from. */
  forget(key: string): void
  clear(): void
}

/**
 * A read cache for one connection. SQLite's `PRAGMA data_version` changes whenever another connection (another
 * process on the file, or another store in this one) commits, and only then: a `get` asks it, at most once per
 * `confirmMs`, and drops every row when it moved. So a row is never served once another writer's commit is
 * `confirmMs` old: a token logged out through another process is refused by this one within that time. Asking
 * costs a statement (as much as the read it saves, on a server under load), hence not on every `get`. This
 * connection's own writes leave the version unchanged; their callers `forget` what they change, at once. Past
 * `capacity` rows, the oldest kept is dropped.
 */
export function createSqliteReadCache<Row>(
  db: SqliteConnection,
  options: { capacity: number; confirmMs: number },
): SqliteReadCache<Row> {
  const dataVersion = db.prepare<[], { data_version: number }>('PRAGMA data_version')
  const rows = new Map<string, Row>()
  let seenVersion = dataVersion.get()?.data_version
  let confirmedAt = performance.now()

  function current(): boolean {
    const at = performance.now()
    if (at - confirmedAt < options.confirmMs) return true
    const version = dataVersion.get()?.data_version
    if (version === seenVersion) {
      confirmedAt = at
      return true
    }
    seenVersion = version
    rows.clear()
    return false
  }

  return {
    get(key) {
      return current() ? rows.get(key) : undefined
    },
    set(key, row) {
      // A row read after `get` checked the version; the oldest row leaves past capacity.
      if (rows.size >= options.capacity && !rows.has(key)) {
        const oldest = rows.keys().next()
        if (!oldest.done) rows.delete(oldest.value)
      }
      rows.set(key, row)
    },
    forget(key) {
      rows.delete(key)
    },
    clear() {
      rows.clear()
    },
  }
}
