// What only the SQLite store has to prove; the behaviours every store shares run in store.test.ts.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import { StoreUnavailableError } from './errors'
import { createSqliteStore, SQLITE_OTHER_WRITERS_SEEN_MS, type SqliteSessionStore } from './sqlite-store'
import type { User } from './store'
import { tempDataDir, tempSqlitePath } from './test/sqlite-file'
import { expectWritesSeen } from './test/store-contract'
import { hashToken, issueToken, slotTagFor } from './token'

const HOUR_MS = 60 * 60 * 1000

function newUser(id: string): User {
  return { id, nickname: '微信用户', avatarUrl: `http://127.0.0.1:3000/avatars/${id}.svg` }
}

function loginInput(openid: string, userId = `u_${openid}`, ttlMs = HOUR_MS) {
  return { openid, sessionKey: `session-key-of-${openid}`, newUser: newUser(userId), ttlMs, maxLifetimeMs: 30 * ttlMs }
}

function loginAs(store: SqliteSessionStore, openid: string, userId = `u_${openid}`, ttlMs = HOUR_MS) {
  return store.login(loginInput(openid, userId, ttlMs))
}

// The tables as schema versions 3 and 4 left them (4 gave users their platform), in a new file.
function fileOfSchema(version: 3 | 4) {
  const path = tempSqlitePath()
  const db = new Database(path)
  const platform = version === 4 ? ", platform TEXT NOT NULL DEFAULT 'wechat'" : ''
  db.exec(`
    CREATE TABLE users (tag TEXT PRIMARY KEY, openid TEXT NOT NULL, id TEXT NOT NULL, nickname TEXT NOT NULL,
      avatar_url TEXT NOT NULL, phone TEXT, phone_number TEXT${platform}) WITHOUT ROWID;
    CREATE TABLE sessions (tag TEXT PRIMARY KEY REFERENCES users(tag), token_hash TEXT NOT NULL,
      session_key TEXT NOT NULL, expires_at INTEGER NOT NULL, ttl_ms INTEGER NOT NULL DEFAULT 0,
      max_expires_at INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
    CREATE INDEX sessions_by_expiry ON sessions(expires_at);
    CREATE TABLE tombstones (token_hash TEXT PRIMARY KEY, reason TEXT NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID;
    CREATE INDEX tombstones_by_until ON tombstones(until);
  `)
  db.pragma(`user_version = ${version}`)
  return { path, db }
}

function schemaVersionOf(path: string): unknown {
  const db = new Database(path, { readonly: true })
  try {
    return db.pragma('user_version', { simple: true })
  } finally {
    db.close()
  }
}

const open: SqliteSessionStore[] = []
function storeAt(
  path: string,
  options: { now?: () => number; sweepIntervalMs?: number; sweepStepRows?: number; checkpointIntervalMs?: number } = {},
) {
  const store = createSqliteStore({ path, sweepIntervalMs: 0, ...options })
  open.push(store)
  return store
}
afterEach(async () => {
  for (const store of open.splice(0)) await store.close()
})

describe('the sqlite session store on disk', () => {
  it('keeps users and sessions when the file is closed and opened again', async () => {
    const path = tempSqlitePath()
    const first = storeAt(path)
    const alice = await loginAs(first, 'alice', 'u_alice')
    const bob = await loginAs(first, 'bob', 'u_bob')
    await first.logout(bob.token)
    await first.close()

    const reopened = storeAt(path)
    expect(await reopened.authenticate(alice.token)).toEqual(newUser('u_alice'))
    expect(await reopened.authenticate(bob.token)).toBeNull()
    // The user record survived too: a later login finds the same id, not the one offered for a new user.
    expect((await loginAs(reopened, 'bob', 'u_other')).user.id).toBe('u_bob')
  })

  it('creates the folder of its file and writes ahead to a log', async () => {
    const path = join(tempDataDir(), 'nested', 'deeper', 'miniauth.sqlite')
    storeAt(path)
    const db = new Database(path, { readonly: true })
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    } finally {
      db.close()
    }
  })

  it('keeps a hash of the token and the session_key, never the token itself', async () => {
    const path = tempSqlitePath()
    const store = storeAt(path)
    const { token } = await loginAs(store, 'alice')
    const db = new Database(path, { readonly: true })
    try {
      const rows = db.prepare('SELECT * FROM sessions').all() as Array<Record<string, unknown>>
      expect(rows).toHaveLength(1)
      expect(rows[0]?.session_key).toBe('session-key-of-alice')
      expect(Object.values(rows[0] ?? {})).not.toContain(token)
      expect(JSON.stringify(db.prepare('SELECT * FROM users').all())).not.toContain(token)
    } finally {
      db.close()
    }
  })

  it('sees logins made by another server on the same file (single sign-on across processes)', async () => {
    const path = tempSqlitePath()
    const one = storeAt(path)
    const two = storeAt(path)
    const phone = await loginAs(one, 'alice', 'u_alice')
    const tablet = await loginAs(two, 'alice', 'u_never_used')
    expect(tablet.user.id).toBe('u_alice')
    expect(await one.authenticate(phone.token)).toBeNull()
    expect(await one.authenticate(tablet.token)).toEqual(newUser('u_alice'))
    expect(await two.logout(phone.token)).toBe(false)
    expect(await one.logout(tablet.token)).toBe(true)
    expect(await two.authenticate(tablet.token)).toBeNull()
  })

  it('sees within a millisecond what another server on the same file changed in a session it already read', async () => {
    const path = tempSqlitePath()
    await expectWritesSeen(storeAt(path), storeAt(path), () => sleep(SQLITE_OTHER_WRITERS_SEEN_MS))
  })

  it('answers StoreUnavailableError while another process holds the write lock, and works again after', async () => {
    const path = tempSqlitePath()
    const store = storeAt(path)
    const { token } = await loginAs(store, 'alice')
    const other = new Database(path)
    try {
      other.exec('BEGIN EXCLUSIVE')
      const refused = await loginAs(store, 'bob').catch((error: unknown) => error)
      // The whole error on failure: its code says which SQLite condition it was.
      expect(refused).toMatchObject({ name: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE' })
      expect(refused).toBeInstanceOf(StoreUnavailableError)
      other.exec('COMMIT')
      expect((await loginAs(store, 'bob')).user.id).toBe('u_bob')
      expect(await store.authenticate(token)).not.toBeNull()
    } finally {
      other.close()
    }
  })

  it('upgrades a file of schema version 1 to the current one: users and sessions kept, profiles gain a phone', async () => {
    const path = tempSqlitePath()
    const db = new Database(path)
    db.exec(`
      CREATE TABLE users (tag TEXT PRIMARY KEY, openid TEXT NOT NULL, id TEXT NOT NULL, nickname TEXT NOT NULL,
        avatar_url TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE sessions (tag TEXT PRIMARY KEY REFERENCES users(tag), token_hash TEXT NOT NULL,
        session_key TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX sessions_by_expiry ON sessions(expires_at);
    `)
    const tag = slotTagFor('alice')
    const token = issueToken(tag)
    db.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?)').run(
      tag,
      'alice',
      'u_alice',
      '旧昵称',
      newUser('u_alice').avatarUrl,
    )
    db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?)').run(tag, hashToken(token), 'k', Date.now() + HOUR_MS)
    db.pragma('user_version = 1')
    db.close()
    const store = storeAt(path)
    expect(await store.authenticate(token)).toEqual({ ...newUser('u_alice'), nickname: '旧昵称' })
    const bound = await store.updateProfile(token, { phone: { number: '13812345678', masked: '138****5678' } })
    expect(bound?.phone).toBe('138****5678')
    expect(schemaVersionOf(path)).toBe(5)
  })

  it('upgrades a file of schema version 3: its users become WeChat users with their ids, sessions and tags', async () => {
    const { path, db } = fileOfSchema(3)
    const tag = slotTagFor('alice')
    const token = issueToken(tag)
    db.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      tag,
      'alice',
      'u_alice',
      '旧昵称',
      newUser('u_alice').avatarUrl,
      '138****5678',
      '13812345678',
    )
    const at = Date.now()
    db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)').run(
      tag,
      hashToken(token),
      'k',
      at + HOUR_MS,
      HOUR_MS,
      at + 30 * HOUR_MS,
    )
    db.close()
    const store = storeAt(path)
    const user = { ...newUser('u_alice'), nickname: '旧昵称', phone: '138****5678' }
    expect(await store.check(token)).toMatchObject({ status: 'valid', platform: 'wechat', user })
    expect(await store.identityOf(token)).toEqual({ platform: 'wechat', openid: 'alice' })
    // The same WeChat openid logs in to the same account; the same string from Alipay is someone else.
    expect((await store.login({ ...loginInput('alice', 'u_new'), platform: 'wechat' })).user).toEqual(user)
    expect((await store.login({ ...loginInput('alice', 'u_alipay'), platform: 'alipay' })).user.id).toBe('u_alipay')
    expect(schemaVersionOf(path)).toBe(5)
  })

  it('upgrades a file of schema version 4: its live sessions and its tombstones keep working', async () => {
    const { path, db } = fileOfSchema(4)
    const at = Date.now()
    const tag = slotTagFor('alice')
    const [live, loggedOut] = [issueToken(tag), issueToken(tag)]
    db.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?, NULL, NULL, ?)').run(
      tag,
      'alice',
      'u_alice',
      '微信用户',
      newUser('u_alice').avatarUrl,
      'wechat',
    )
    db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)').run(
      tag,
      hashToken(live),
      'k',
      at + HOUR_MS,
      HOUR_MS,
      at + 30 * HOUR_MS,
    )
    db.prepare('INSERT INTO tombstones VALUES (?, ?, ?)').run(hashToken(loggedOut), 'revoked', at + HOUR_MS)
    db.close()
    const store = storeAt(path)
    expect(await store.authenticate(live)).toEqual(newUser('u_alice'))
    expect(await store.check(loggedOut)).toEqual({ status: 'ended', reason: 'revoked' })
    expect(await store.logout(live)).toBe(true)
    expect(await store.check(live)).toEqual({ status: 'ended', reason: 'revoked' })
    expect(schemaVersionOf(path)).toBe(5)
    // Sessions are swept by a scan: no index on their expiry is left for each login to rewrite.
    const check = new Database(path, { readonly: true })
    const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions'")
    expect(indexes.all()).toEqual([])
    check.close()
  })

  it('refuses a file written by a newer schema instead of guessing at it', () => {
    const path = tempSqlitePath()
    storeAt(path)
    const db = new Database(path)
    db.pragma('user_version = 99')
    db.close()
    expect(() => storeAt(path)).toThrow(/schema version 99/)
  })
})

describe('the sqlite store sweep', () => {
  function countSessions(path: string): number {
    const db = new Database(path, { readonly: true })
    try {
      return (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n
    } finally {
      db.close()
    }
  }

  it('deletes expired sessions and keeps live ones and every user', async () => {
    let now = 1_000_000
    const path = tempSqlitePath()
    const store = storeAt(path, { now: () => now })
    await loginAs(store, 'short', 'u_short', 1000)
    const long = await loginAs(store, 'long', 'u_long', HOUR_MS)
    now += 5000
    expect(countSessions(path)).toBe(2)
    expect(store.sweep()).toBe(1)
    expect(countSessions(path)).toBe(1)
    expect(await store.authenticate(long.token)).toEqual(newUser('u_long'))
    // The swept user is still known: logging in again finds the same id.
    expect((await loginAs(store, 'short', 'u_new')).user.id).toBe('u_short')
  })

  it('turns logged-out sessions into tombstones: their tokens still say revoked, their rows are gone', async () => {
    let now = 1_000_000
    const path = tempSqlitePath()
    const store = storeAt(path, { now: () => now })
    const alice = await loginAs(store, 'alice')
    const bob = await loginAs(store, 'bob')
    expect(await store.logout(alice.token)).toBe(true)
    now += 1000
    // A logged-out session is not an expired one: the sweep removes none of those.
    expect(store.sweep()).toBe(0)
    expect(countSessions(path)).toBe(1)
    expect(await store.check(alice.token)).toEqual({ status: 'ended', reason: 'revoked' })
    expect(await store.logout(alice.token)).toBe(false)
    expect(await store.authenticate(bob.token)).toEqual(newUser('u_bob'))
  })

  it('sweeps in steps of a few rows: the whole table on sweep(), and on its timer a step per turn', async () => {
    let now = 1_000_000
    const path = tempSqlitePath()
    const whole = storeAt(path, { now: () => now, sweepStepRows: 2 })
    for (const name of ['a', 'b', 'c', 'd', 'e']) await loginAs(whole, name, `u_${name}`, 1000)
    const kept = await loginAs(whole, 'kept', 'u_kept', HOUR_MS)
    const loggedOut = await loginAs(whole, 'gone', 'u_gone', HOUR_MS)
    await whole.logout(loggedOut.token)
    now += 5000
    expect(whole.sweep()).toBe(5)
    expect(countSessions(path)).toBe(1)
    expect(await whole.check(loggedOut.token)).toEqual({ status: 'ended', reason: 'revoked' })
    expect(await whole.authenticate(kept.token)).toEqual(newUser('u_kept'))

    const timedPath = tempSqlitePath()
    const timed = storeAt(timedPath, { now: () => now, sweepStepRows: 2, sweepIntervalMs: 20 })
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) await loginAs(timed, name, `u_${name}`, 1000)
    await loginAs(timed, 'kept', 'u_kept', HOUR_MS)
    now += 5000
    for (let waited = 0; waited < 3000 && countSessions(timedPath) > 1; waited += 20) await sleep(20)
    expect(countSessions(timedPath)).toBe(1)
  })

  it('sweeps on its own timer', async () => {
    jest.useFakeTimers()
    try {
      let now = 1_000_000
      const path = tempSqlitePath()
      const store = storeAt(path, { now: () => now, sweepIntervalMs: 60_000 })
      await loginAs(store, 'alice', 'u_alice', 1000)
      now += 5000
      expect(countSessions(path)).toBe(1)
      jest.advanceTimersByTime(60_000)
      expect(countSessions(path)).toBe(0)
    } finally {
      jest.useRealTimers()
    }
  })
})

describe('the sqlite store checkpoints', () => {
  /** Users in the database file alone, as a copy without its write-ahead log sees them. */
  function usersInFileAlone(path: string): number {
    const copy = join(tempDataDir(), 'copy.sqlite')
    copyFileSync(path, copy)
    try {
      const db = new Database(copy, { readonly: true })
      try {
        return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n
      } finally {
        db.close()
      }
    } catch {
      // Copied halfway through a checkpoint: not readable yet.
      return -1
    }
  }

  it('copies committed logins into the database file from a worker, well before the writer would', async () => {
    const path = tempSqlitePath()
    const store = storeAt(path, { checkpointIntervalMs: 20 })
    // About 500 log pages: under SQLite's own automatic checkpoint (1000), far under the raised one.
    for (let i = 0; i < 100; i++) await loginAs(store, `reader-${i}`)
    let users = usersInFileAlone(path)
    while (users !== 100) {
      await sleep(20)
      users = usersInFileAlone(path)
    }
    expect(users).toBe(100)
  })

  it('stops its worker on close, and the file keeps every login', async () => {
    const path = tempSqlitePath()
    const store = createSqliteStore({ path, sweepIntervalMs: 0, checkpointIntervalMs: 20 })
    const session = await loginAs(store, 'alice')
    await store.close()
    expect(usersInFileAlone(path)).toBe(1)
    const reopened = storeAt(path)
    expect(await reopened.authenticate(session.token)).toEqual(newUser('u_alice'))
  })
})
