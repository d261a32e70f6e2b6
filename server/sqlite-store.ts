import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { isPlatform, type Platform } from './code-exchange'
import { StoreUnavailableError } from './errors'
import {
  SQLITE_CHECKPOINT_INTERVAL_MS,
  SQLITE_WRITER_CHECKPOINT_PAGES,
  type SqliteCheckpointer,
  startSqliteCheckpointer,
} from './sqlite-checkpointer'
import { openSqlite, type SqliteConnection, type SqliteDriverName, sqliteResultCode } from './sqlite-driver'
import { createSqliteReadCache } from './sqlite-read-cache'
import { createWriteBatch } from './sqlite-write-batch'
import {
  type EndReason,
  type IssuedSession,
  type LoginInput,
  type PlatformUser,
  type ProfileChanges,
  type RevokeResult,
  renewedExpiry,
  SESSION_TOMBSTONE_TTL_MS,
  type SessionCheck,
  type SessionStore,
  sessionShortcuts,
  type User,
} from './store'
import { hashToken, issueToken, slotTagFor, slotTagOf } from './token'

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** The database file; created with its folder when missing. `:memory:` keeps nothing. */
  path: string
  /** The clock, in epoch ms; tests pass their own. */
  now?: () => number
  /** How often expired sessions are deleted; 0 turns the timer off (`sweep()` still works). */
  sweepIntervalMs?: number
  /** How many session rows one step of the timed sweep scans; requests are answered between steps. */
  sweepStepRows?: number
  /** How long the reason a token ended is remembered. */
  tombstoneTtlMs?: number
  /** Which SQLite driver to use; by default the one for this Node version. */
  driver?: SqliteDriverName
  /** How often a worker thread checkpoints the write-ahead log; 0 leaves it to the writer (SQLite's default). */
  checkpointIntervalMs?: number
}

/** The SQLite store, with the maintenance a single embedded writer needs. */
export interface SqliteSessionStore extends SessionStore {
  /** The SQLite driver in use (better-sqlite3 before Node 24, node:sqlite from Node 24 on). */
  readonly driver: SqliteDriverName
  /** Deletes every expired session (leaving its tombstone) and every stale tombstone now; returns how many sessions went. */
  sweep(): number
}

/** Default period of the expired-session sweep: 10 minutes. */
export const SQLITE_SWEEP_INTERVAL_MS = 10 * 60 * 1000
// The sweep scans the sessions table in steps of this many rows by tag (about 1 ms each): a request waits for
// one step at most, not for a scan of the whole table (about 30 ms per 150,000 sessions).
const SQLITE_SWEEP_STEP_ROWS = 5_000
// Sorts after every tag (base64url characters): the end of the last step.
const AFTER_EVERY_TAG = '~'
// Live sessions whose rows a check reads from memory (about 300 bytes each); more are read from the file.
const SQLITE_SESSION_CACHE_ROWS = 20_000
// A logout or login through another process on the same file holds here within this time (this process's own
// writes hold at once).
export const SQLITE_OTHER_WRITERS_SEEN_MS = 1

// Bumped with every change to the tables below; a newer file than this code is refused, not guessed at.
const SCHEMA_VERSION = 5
// Same layout as the Redis store: a user and their one session are keyed by the slot tag the token carries.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  tag TEXT PRIMARY KEY,
  openid TEXT NOT NULL,
  id TEXT NOT NULL,
  nickname TEXT NOT NULL,
  avatar_url TEXT NOT NULL,
  phone TEXT,
  phone_number TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sessions (
  tag TEXT PRIMARY KEY REFERENCES users(tag),
  token_hash TEXT NOT NULL,
  session_key TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
`
// Version 1 files get the phone columns (masked for clients, full number for the server only).
const MIGRATE_1_TO_2 = `
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN phone_number TEXT;
`
// Version 3: renewal needs each session's TTL and absolute end; ended tokens keep why, by hash, until a time.
const MIGRATE_2_TO_3 = `
ALTER TABLE sessions ADD COLUMN ttl_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN max_expires_at INTEGER NOT NULL DEFAULT 0;
CREATE TABLE IF NOT EXISTS tombstones (
  token_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tombstones_by_until ON tombstones(until);
`
// Version 4: a user is one platform's user. Every earlier user came from WeChat, and keeps their row and tag.
const MIGRATE_3_TO_4 = `
ALTER TABLE users ADD COLUMN platform TEXT NOT NULL DEFAULT 'wechat';
`
// Version 5: a logout marks its row (one page written) instead of deleting it and writing a tombstone (four
// pages: the row, its expiry index entry, the tombstone and its index entry); the sweep moves marked rows to
// tombstones, and a login replacing one keeps why its token ended the same way. Sessions lose their expiry
// index: every login and renewal rewrote an entry of it (a page each), for a sweep every ten minutes.
const MIGRATE_4_TO_5 = `
ALTER TABLE sessions ADD COLUMN revoked_at INTEGER;
DROP INDEX IF EXISTS sessions_by_expiry;
`

// Errors that come from the statements themselves (a bug, answered 500); every other SQLite error means
// the file cannot be used right now (locked, full, unreadable, out of memory) and is answered 503.
const STATEMENT_ERROR_CODES = new Set([
  'ERROR',
  'CONSTRAINT',
  'MISMATCH',
  'MISUSE',
  'RANGE',
  'TOOBIG',
  'FORMAT',
  'INTERNAL',
  'SCHEMA',
])

interface SessionRow extends UserRow {
  platform: string
  token_hash: string
  expires_at: number
  ttl_ms: number
  max_expires_at: number
  revoked_at: number | null
}

/** A session row's own fields: whose token it holds, until when, and whether it was logged out. */
type SessionState = Pick<SessionRow, 'token_hash' | 'expires_at' | 'revoked_at'>

interface UserRow {
  id: string
  nickname: string
  avatar_url: string
  phone: string | null
}

/**
 * The embedded, durable session store (the server's default): users and sessions in one SQLite file,
 * write-ahead logged. Login, logout and renewal each run atomically in a savepoint of an immediate
 * transaction shared with the other writes of the same event-loop turn (`sqlite-write-batch.ts`), so they
 * stay atomic even when a second process opens the same file; better-sqlite3 is synchronous, so within one
 * process no other request can interleave either. Expired sessions are deleted on sight and by a periodic
 * sweep; checkpoints run in a worker thread (`sqlite-checkpointer.ts`).
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteSessionStore {
  const now = options.now ?? Date.now
  const tombstoneTtlMs = options.tombstoneTtlMs ?? SESSION_TOMBSTONE_TTL_MS
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true })
  const db = openSqlite(options.path, options.driver)
  try {
    // Another process holding the write lock (a second server on the same file) is waited for, briefly.
    db.exec('PRAGMA busy_timeout = 2000')
    // WAL: readers never block the writer; NORMAL sync is durable across process crashes in WAL mode.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON')
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  const checkpointIntervalMs = options.checkpointIntervalMs ?? SQLITE_CHECKPOINT_INTERVAL_MS
  let checkpointer: SqliteCheckpointer | null = null
  if (options.path !== ':memory:' && checkpointIntervalMs > 0) {
    // Checkpoints cost a login more than its own writes: a worker runs them, the writer only past a bound.
    db.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_WRITER_CHECKPOINT_PAGES}`)
    checkpointer = startSqliteCheckpointer(options.path, db.driver, checkpointIntervalMs)
  }

  const findUser = db.prepare<[string], UserRow>('SELECT id, nickname, avatar_url, phone FROM users WHERE tag = ?')
  const insertUser = db.prepare<[string, string, string, string, string, string]>(
    'INSERT OR IGNORE INTO users (tag, platform, openid, id, nickname, avatar_url) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const putSession = db.prepare<[string, string, string, number, number, number]>(
    `INSERT INTO sessions (tag, token_hash, session_key, expires_at, ttl_ms, max_expires_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(tag) DO UPDATE SET token_hash = excluded.token_hash, session_key = excluded.session_key,
       expires_at = excluded.expires_at, ttl_ms = excluded.ttl_ms, max_expires_at = excluded.max_expires_at,
       revoked_at = NULL`,
  )
  const currentSession = db.prepare<[string], SessionState>(
    'SELECT token_hash, expires_at, revoked_at FROM sessions WHERE tag = ?',
  )
  const sessionOf = db.prepare<[string, string], SessionRow>(
    `SELECT u.id, u.nickname, u.avatar_url, u.phone, u.platform, s.token_hash, s.expires_at, s.ttl_ms, s.max_expires_at,
       s.revoked_at
     FROM sessions s JOIN users u ON u.tag = s.tag WHERE s.tag = ? AND s.token_hash = ?`,
  )
  const renew = db.prepare<[number, string, string]>(
    'UPDATE sessions SET expires_at = ? WHERE tag = ? AND token_hash = ? AND revoked_at IS NULL',
  )
  const markRevoked = db.prepare<[number, string, string]>(
    'UPDATE sessions SET revoked_at = ? WHERE tag = ? AND token_hash = ?',
  )
  const putTombstone = db.prepare<[string, string, number]>(
    'INSERT OR REPLACE INTO tombstones (token_hash, reason, until) VALUES (?, ?, ?)',
  )
  const findTombstone = db.prepare<[string, number], { reason: string }>(
    'SELECT reason FROM tombstones WHERE token_hash = ? AND until > ?',
  )
  // The sweep scans the table, a range of tags at a time (no index: one would cost every login, renewal or
  // logout a page).
  const stepEnd = db.prepare<[string, number], { tag: string }>(
    'SELECT tag FROM sessions WHERE tag > ? ORDER BY tag LIMIT 1 OFFSET ?',
  )
  const buryEnded = db.prepare<[number, string, string, number]>(
    `INSERT OR REPLACE INTO tombstones (token_hash, reason, until)
     SELECT token_hash, CASE WHEN revoked_at IS NULL THEN 'expired' ELSE 'revoked' END, coalesce(revoked_at, expires_at) + ?
     FROM sessions WHERE tag > ? AND tag <= ? AND (revoked_at IS NOT NULL OR expires_at <= ?)`,
  )
  const deleteExpired = db.prepare<[string, string, number]>(
    'DELETE FROM sessions WHERE tag > ? AND tag <= ? AND expires_at <= ? AND revoked_at IS NULL',
  )
  const deleteRevoked = db.prepare<[string, string]>(
    'DELETE FROM sessions WHERE tag > ? AND tag <= ? AND revoked_at IS NOT NULL',
  )
  const liveIdentity = db.prepare<[string, string, number], { platform: string; openid: string }>(
    `SELECT u.platform, u.openid FROM sessions s JOIN users u ON u.tag = s.tag
     WHERE s.tag = ? AND s.token_hash = ? AND s.expires_at > ? AND s.revoked_at IS NULL`,
  )
  // Only the token's own live session may change its user: the check and the change are one statement.
  const updateUser = db.prepare<
    [string | null, string | null, string | null, string | null, string, string, number],
    UserRow
  >(
    `UPDATE users SET nickname = coalesce(?, nickname), avatar_url = coalesce(?, avatar_url),
       phone = coalesce(?, phone), phone_number = coalesce(?, phone_number)
     WHERE tag = ? AND EXISTS (SELECT 1 FROM sessions s
       WHERE s.tag = users.tag AND s.token_hash = ? AND s.expires_at > ? AND s.revoked_at IS NULL)
     RETURNING id, nickname, avatar_url, phone`,
  )

  const ping = db.prepare<[], { ok: number }>('SELECT 1 AS ok')
  const deleteStaleTombstones = db.prepare<[number]>('DELETE FROM tombstones WHERE until <= ?')

  // Login, logout and renewal share their turn's transaction with the other writes of the turn (group commit).
  const batched = createWriteBatch(db)
  // A live session's row, by its user's tag: a read is a statement only after a write changed it.
  const liveSessions = createSqliteReadCache<SessionRow>(db, {
    capacity: SQLITE_SESSION_CACHE_ROWS,
    confirmMs: SQLITE_OTHER_WRITERS_SEEN_MS,
  })

  const loginTransaction = (input: LoginInput, platform: Platform, tag: string, tokenHash: string, at: number) =>
    batched(() => {
      liveSessions.forget(tag)
      const { id, nickname, avatarUrl } = input.newUser
      // A returning user (the usual login) is one read; only a new one is written.
      let user = findUser.get(tag)
      if (!user) {
        insertUser.run(tag, platform, input.openid, id, nickname, avatarUrl)
        user = { id, nickname, avatar_url: avatarUrl, phone: null }
      }
      const previous = currentSession.get(tag)
      // The replaced token's holder learns why it stopped working: logged out, replaced, or simply expired.
      if (previous) {
        const reason = endedAs(previous, at) ?? 'replaced'
        const endedAtMs = reason === 'replaced' ? at : (previous.revoked_at ?? previous.expires_at)
        putTombstone.run(previous.token_hash, reason, endedAtMs + tombstoneTtlMs)
      }
      // Replacing the row revokes the user's previous token (single sign-on).
      const maxExpiresAt = at + Math.max(input.ttlMs, input.maxLifetimeMs)
      putSession.run(tag, tokenHash, input.sessionKey, at + input.ttlMs, input.ttlMs, maxExpiresAt)
      return user
    })

  // Why the token of a row that holds it no longer works, or null while it does.
  function endedAs(row: SessionState, at: number): EndReason | null {
    if (row.revoked_at !== null) return row.revoked_at + tombstoneTtlMs > at ? 'revoked' : 'expired'
    return row.expires_at <= at ? 'expired' : null
  }

  function endReason(tokenHash: string, at: number): EndReason {
    const reason = findTombstone.get(tokenHash, at)?.reason
    return reason === 'replaced' || reason === 'revoked' ? reason : 'expired'
  }

  // Validates a token; past half-life, also renews it. Reading alone takes no lock (WAL readers never wait),
  // so only a renewal waits for the write lock, and re-reads under it.
  const checkTransaction = (tag: string, tokenHash: string, at: number): Promise<SessionCheck> =>
    batched(() => {
      const row = sessionOf.get(tag, tokenHash)
      if (!row) return { status: 'ended', reason: endReason(tokenHash, at) }
      const ended = endedAs(row, at)
      if (ended) return { status: 'ended', reason: ended }
      const expiresAtMs = renewedExpiry(at, row.expires_at, row.ttl_ms, row.max_expires_at)
      if (expiresAtMs !== row.expires_at) {
        liveSessions.forget(tag)
        renew.run(expiresAtMs, tag, tokenHash)
      }
      return valid(row, expiresAtMs)
    })

  // The row of `tag`'s session if it holds `tokenHash`: kept in memory from the last read while unchanged.
  function liveSession(tag: string, tokenHash: string): SessionRow | undefined {
    const kept = liveSessions.get(tag)
    if (kept !== undefined && kept.token_hash === tokenHash) return kept
    const row = sessionOf.get(tag, tokenHash)
    if (row !== undefined) liveSessions.set(tag, row)
    return row
  }

  function checkSession(tag: string, tokenHash: string, at: number): SessionCheck | Promise<SessionCheck> {
    const row = liveSession(tag, tokenHash)
    if (!row) return { status: 'ended', reason: endReason(tokenHash, at) }
    const ended = endedAs(row, at)
    if (ended) return { status: 'ended', reason: ended }
    const expiresAtMs = renewedExpiry(at, row.expires_at, row.ttl_ms, row.max_expires_at)
    if (expiresAtMs === row.expires_at) return valid(row, expiresAtMs)
    return checkTransaction(tag, tokenHash, at)
  }

  const revokeTransaction = (tag: string, tokenHash: string, at: number): Promise<RevokeResult> =>
    batched(() => {
      // The session row alone: a logout needs no user.
      const row = currentSession.get(tag)
      if (row?.token_hash !== tokenHash) return { status: 'ended', reason: endReason(tokenHash, at) }
      const ended = endedAs(row, at)
      if (ended) return { status: 'ended', reason: ended }
      liveSessions.forget(tag)
      // Marked, not deleted: the row's own page is all a logout writes (the sweep makes it a tombstone).
      markRevoked.run(at, tag, tokenHash)
      return { status: 'revoked' }
    })

  const stepRows = Math.max(1, options.sweepStepRows ?? SQLITE_SWEEP_STEP_ROWS)
  // One step of the sweep: the sessions after tag `from`, `stepRows` of them, in one transaction. Expired and
  // logged-out ones become tombstones; the first step also drops stale tombstones (by their own index).
  const sweepStep = (from: string, at: number): { removed: number; next: string | null } =>
    immediateTransaction(db, () => {
      const last = stepEnd.get(from, stepRows - 1)?.tag ?? AFTER_EVERY_TAG
      buryEnded.run(tombstoneTtlMs, from, last, at)
      const removed = Number(deleteExpired.run(from, last, at).changes)
      const revoked = Number(deleteRevoked.run(from, last).changes)
      if (from === '') deleteStaleTombstones.run(at)
      if (removed + revoked > 0) liveSessions.clear()
      return { removed, next: last === AFTER_EVERY_TAG ? null : last }
    })

  function sweepAll(at: number): number {
    let removed = 0
    for (let from: string | null = ''; from !== null; ) {
      const step = sweepStep(from, at)
      removed += step.removed
      from = step.next
    }
    return removed
  }

  // The timed sweep: a step per turn of the event loop, so requests are answered between steps.
  let closed = false
  let sweeping = false
  function sweepInSteps(at: number, from = ''): void {
    if (closed) return
    sweeping = true
    try {
      const { next } = sweepStep(from, at)
      if (next !== null) {
        setImmediate(() => sweepInSteps(at, next))
        return
      }
    } catch {
      // A locked or full file is retried at the next tick; requests report it themselves.
    }
    sweeping = false
  }

  function guarded<T>(call: () => T): T {
    try {
      return call()
    } catch (error) {
      throw unavailableOr(error)
    }
  }

  // The same for work that settles later (a batched write).
  async function guardedLater<T>(call: () => T | Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      throw unavailableOr(error)
    }
  }

  const sweepTimer =
    (options.sweepIntervalMs ?? SQLITE_SWEEP_INTERVAL_MS) > 0
      ? setInterval(() => {
          if (!sweeping) sweepInSteps(now())
        }, options.sweepIntervalMs ?? SQLITE_SWEEP_INTERVAL_MS)
      : null
  // The sweep alone must not keep the process alive.
  sweepTimer?.unref()

  async function check(token: string): Promise<SessionCheck> {
    const tag = slotTagOf(token)
    if (tag === null) return { status: 'ended', reason: 'expired' }
    return guardedLater(() => checkSession(tag, hashToken(token), now()))
  }

  async function revoke(token: string): Promise<RevokeResult> {
    const tag = slotTagOf(token)
    if (tag === null) return { status: 'ended', reason: 'expired' }
    return guardedLater(() => revokeTransaction(tag, hashToken(token), now()))
  }

  return {
    kind: 'sqlite',
    driver: db.driver,
    async login(input: LoginInput): Promise<IssuedSession> {
      const platform = input.platform ?? 'wechat'
      const tag = slotTagFor(input.openid, platform)
      const token = issueToken(tag)
      const at = now()
      // IMMEDIATE takes the write lock at BEGIN, so two processes cannot both read "no user" and race.
      const row = await guardedLater(() => loginTransaction(input, platform, tag, hashToken(token), at))
      return { token, expiresAtMs: at + input.ttlMs, user: toUser(row) }
    },
    ...sessionShortcuts(check, revoke),
    async identityOf(token: string): Promise<PlatformUser | null> {
      const tag = slotTagOf(token)
      if (tag === null) return null
      const row = guarded(() => liveIdentity.get(tag, hashToken(token), now()))
      return row ? { platform: platformOf(row.platform), openid: row.openid } : null
    },
    async updateProfile(token: string, changes: ProfileChanges): Promise<User | null> {
      const tag = slotTagOf(token)
      if (tag === null) return null
      liveSessions.forget(tag)
      const row = guarded(() =>
        updateUser.get(
          changes.nickname ?? null,
          changes.avatarUrl ?? null,
          changes.phone?.masked ?? null,
          changes.phone?.number ?? null,
          tag,
          hashToken(token),
          now(),
        ),
      )
      return row ? toUser(row) : null
    },
    sweep() {
      return guarded(() => sweepAll(now()))
    },
    async ping() {
      try {
        return ping.get()?.ok === 1
      } catch {
        return false
      }
    },
    async close() {
      if (sweepTimer) clearInterval(sweepTimer)
      closed = true
      await checkpointer?.stop()
      // Closing checkpoints the write-ahead log into the main file.
      db.close()
    },
  }
}

// IMMEDIATE takes the write lock at BEGIN, so two processes cannot both read "no user" and race.
function immediateTransaction<T>(db: SqliteConnection, body: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = body()
    db.exec('COMMIT')
    return result
  } catch (error) {
    try {
      db.exec('ROLLBACK')
    } catch {
      // SQLite already rolled back (some errors end the transaction themselves).
    }
    throw error
  }
}

function migrate(db: SqliteConnection): void {
  const userVersion = () =>
    Number(db.prepare<[], { user_version: number }>('PRAGMA user_version').get()?.user_version ?? 0)
  const version = userVersion()
  if (version > SCHEMA_VERSION) {
    throw new Error(`the session database has schema version ${version}; this server knows up to ${SCHEMA_VERSION}`)
  }
  immediateTransaction(db, () => {
    // Read again under the write lock: another process may have migrated the file meanwhile.
    const current = userVersion()
    if (current === 1) db.exec(MIGRATE_1_TO_2)
    db.exec(SCHEMA)
    if (current < 3) db.exec(MIGRATE_2_TO_3)
    if (current < 4) db.exec(MIGRATE_3_TO_4)
    if (current < 5) db.exec(MIGRATE_4_TO_5)
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`)
  })
}

// A file that cannot be used right now is StoreUnavailableError (503); a statement's own error stays as it is.
function unavailableOr(error: unknown): unknown {
  const code = sqliteResultCode(error)
  return code !== null && !STATEMENT_ERROR_CODES.has(code) ? new StoreUnavailableError(error) : error
}

function valid(row: SessionRow, expiresAtMs: number): SessionCheck {
  // A row migrated from before maximum lifetimes has 0 there and is never renewed: it lasts until it expires.
  const renewableUntilMs = Math.max(expiresAtMs, row.max_expires_at)
  return { status: 'valid', user: toUser(row), platform: platformOf(row.platform), expiresAtMs, renewableUntilMs }
}

// Only this code writes the column; anything else in it (a file edited by hand) is read as no platform's user.
function platformOf(value: string): Platform {
  if (!isPlatform(value)) throw new Error('a user row names no platform of the contract')
  return value
}

function toUser(row: UserRow): User {
  const user: User = { id: row.id, nickname: row.nickname, avatarUrl: row.avatar_url }
  return row.phone === null ? user : { ...user, phone: row.phone }
}
