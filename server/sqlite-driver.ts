// One small synchronous SQLite interface over the two drivers the supported Node versions need:
// better-sqlite3 12 on Node 20 and 22 (Node 20 has no built-in SQLite), and Node's own `node:sqlite`
// from Node 24 on, where better-sqlite3 12 aborts the process when a statement is garbage collected
// (its ObjectWrap cleanup hook; fixed only in better-sqlite3 13, which no longer runs on Node 20).
import { createRequire } from 'node:module'
import BetterSqlite3 from 'better-sqlite3'

/** A prepared statement: positional parameters in, `changes` or one row out. */
export interface SqliteStatement<Params extends unknown[], Row> {
  /** Runs a statement that writes. */
  run(...params: Params): { changes: number | bigint }
  /** The first row, or undefined. */
  get(...params: Params): Row | undefined
}

/** An open SQLite database, whichever driver opened it. */
export interface SqliteConnection {
  /** Which driver this is (reported in logs and tests). */
  readonly driver: SqliteDriverName
  /** Runs one or more statements without results. */
  exec(sql: string): void
  /** Prepares a statement. */
  prepare<Params extends unknown[] = [], Row = Record<string, unknown>>(sql: string): SqliteStatement<Params, Row>
  /** Closes the database; a second call does nothing. */
  close(): void
}

/** The drivers `openSqlite` can use. */
export type SqliteDriverName = 'better-sqlite3' | 'node:sqlite'

/** The driver for this Node: the built-in one from Node 24 on, better-sqlite3 before. */
export function defaultSqliteDriver(nodeVersion: string = process.versions.node): SqliteDriverName {
  return Number(nodeVersion.split('.')[0]) >= 24 ? 'node:sqlite' : 'better-sqlite3'
}

// node:sqlite is asked for only when chosen: Node 20 does not have it. (better-sqlite3 loads its native
// part only when a database is opened, so importing it above is harmless on Node 24.)
const load = createRequire(__filename)

interface NativeDatabase {
  exec(sql: string): unknown
  prepare(sql: string): {
    run(...params: unknown[]): { changes: number | bigint }
    get(...params: unknown[]): unknown
  }
  close(): void
}

/** Opens (creating if needed) the database file at `path` with `driver`. */
export function openSqlite(path: string, driver: SqliteDriverName = defaultSqliteDriver()): SqliteConnection {
  const db: NativeDatabase =
    driver === 'node:sqlite'
      ? new (load('node:sqlite') as { DatabaseSync: new (path: string) => NativeDatabase }).DatabaseSync(path)
      : (new BetterSqlite3(path) as NativeDatabase)
  let open = true
  return {
    driver,
    exec(sql) {
      db.exec(sql)
    },
    prepare<Params extends unknown[], Row>(sql: string): SqliteStatement<Params, Row> {
      const statement = db.prepare(sql)
      // better-sqlite3's rows are plain objects already: no copy on the request path.
      if (driver === 'better-sqlite3')
        return { run: (...params) => statement.run(...params), get: (...params) => statement.get(...params) as Row }
      return {
        run: (...params) => statement.run(...params),
        // node:sqlite returns null-prototype rows; a plain copy compares and serialises like any object.
        get: (...params) => {
          const row = statement.get(...params)
          return row === undefined || row === null ? undefined : ({ ...(row as object) } as Row)
        },
      }
    },
    close() {
      if (!open) return
      open = false
      db.close()
    },
  }
}

// SQLite's primary result codes, by number (node:sqlite reports `errcode`) and by name (better-sqlite3's `code`).
const RESULT_CODE_NAMES: Record<number, string> = {
  1: 'ERROR',
  2: 'INTERNAL',
  3: 'PERM',
  4: 'ABORT',
  5: 'BUSY',
  6: 'LOCKED',
  7: 'NOMEM',
  8: 'READONLY',
  9: 'INTERRUPT',
  10: 'IOERR',
  11: 'CORRUPT',
  13: 'FULL',
  14: 'CANTOPEN',
  15: 'PROTOCOL',
  17: 'SCHEMA',
  18: 'TOOBIG',
  19: 'CONSTRAINT',
  20: 'MISMATCH',
  21: 'MISUSE',
  23: 'AUTH',
  24: 'FORMAT',
  25: 'RANGE',
  26: 'NOTADB',
}

/** The primary SQLite result code of a driver error (`BUSY`, `FULL`, …), or null when it is not one. */
export function sqliteResultCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null
  const { code, errcode } = error as { code?: unknown; errcode?: unknown }
  if (typeof errcode === 'number') return RESULT_CODE_NAMES[errcode & 0xff] ?? 'UNKNOWN'
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return code.slice('SQLITE_'.length).split('_')[0] ?? null
  return null
}
