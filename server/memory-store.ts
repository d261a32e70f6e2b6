import type { IssuedSession, LoginInput, ProfileChanges, SessionStore, User } from './store'
import { hashToken, issueToken, slotTagFor, slotTagOf } from './token'

interface StoredUser extends User {
  openid: string
  phoneNumber?: string
}

// What leaves the store: the API's fields only, never the openid or the full phone number.
function publicUser(user: StoredUser): User {
  const { id, nickname, avatarUrl, phone } = user
  return phone === undefined ? { id, nickname, avatarUrl } : { id, nickname, avatarUrl, phone }
}

interface MemorySession {
  tokenHash: string
  sessionKey: string
  expiresAtMs: number
}

/** Options of the in-process store. */
export interface MemoryStoreOptions {
  /** The clock, in epoch ms; tests pass their own. */
  now?: () => number
  /** How often expired sessions are swept out. */
  sweepIntervalMs?: number
}

/** Default sweep period: an expired session stays in memory at most this long. */
export const MEMORY_SWEEP_INTERVAL_MS = 60_000

/** The in-process store, with what it holds and its sweep. */
export interface MemorySessionStore extends SessionStore {
  /** Removes every expired session now; returns how many went. */
  sweep(): number
  /** How many users and sessions are held. */
  size(): { users: number; sessions: number }
}

/**
 * The in-process session store: the default, for development and a single instance. Its layout mirrors
 * the Redis store: users and their one session are keyed by the slot tag the token carries.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemorySessionStore {
  const now = options.now ?? Date.now
  const users = new Map<string, StoredUser>()
  const sessions = new Map<string, MemorySession>()

  // A session nobody shows again would otherwise stay until the process ends (Redis expires keys itself).
  function sweep(): number {
    const at = now()
    let removed = 0
    for (const [tag, session] of sessions) {
      if (session.expiresAtMs <= at) {
        sessions.delete(tag)
        removed++
      }
    }
    return removed
  }
  const sweeper = setInterval(sweep, options.sweepIntervalMs ?? MEMORY_SWEEP_INTERVAL_MS)
  sweeper.unref()

  // Every method body below runs without awaiting, so each is atomic on Node's single thread.
  function liveSession(token: string): { tag: string; session: MemorySession } | null {
    const tag = slotTagOf(token)
    const session = tag === null ? undefined : sessions.get(tag)
    if (tag === null || !session || session.tokenHash !== hashToken(token)) return null
    if (session.expiresAtMs <= now()) {
      sessions.delete(tag)
      return null
    }
    return { tag, session }
  }

  return {
    kind: 'memory',
    async login(input: LoginInput): Promise<IssuedSession> {
      const tag = slotTagFor(input.openid)
      let user = users.get(tag)
      if (!user) {
        user = { ...input.newUser, openid: input.openid }
        users.set(tag, user)
      }
      const token = issueToken(tag)
      const expiresAtMs = now() + input.ttlMs
      sessions.set(tag, { tokenHash: hashToken(token), sessionKey: input.sessionKey, expiresAtMs })
      return { token, expiresAtMs, user: publicUser(user) }
    },
    async authenticate(token: string): Promise<User | null> {
      const live = liveSession(token)
      const user = live && users.get(live.tag)
      return user ? publicUser(user) : null
    },
    async openidOf(token: string): Promise<string | null> {
      const live = liveSession(token)
      return (live && users.get(live.tag)?.openid) ?? null
    },
    async updateProfile(token: string, changes: ProfileChanges): Promise<User | null> {
      const live = liveSession(token)
      const user = live && users.get(live.tag)
      if (!user) return null
      if (changes.nickname !== undefined) user.nickname = changes.nickname
      if (changes.avatarUrl !== undefined) user.avatarUrl = changes.avatarUrl
      if (changes.phone !== undefined) {
        user.phone = changes.phone.masked
        user.phoneNumber = changes.phone.number
      }
      return publicUser(user)
    },
    async logout(token: string): Promise<boolean> {
      const live = liveSession(token)
      if (!live) return false
      sessions.delete(live.tag)
      return true
    },
    async ping() {
      return true
    },
    async close() {
      clearInterval(sweeper)
    },
    sweep,
    size: () => ({ users: users.size, sessions: sessions.size }),
  }
}
