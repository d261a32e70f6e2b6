import type { Platform } from './code-exchange'
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

interface StoredUser extends User {
  platform: Platform
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
  ttlMs: number
  maxExpiresAtMs: number
}

interface Tombstone {
  reason: EndReason
  untilMs: number
}

/** Options of the in-process store. */
export interface MemoryStoreOptions {
  /** The clock, in epoch ms; tests pass their own. */
  now?: () => number
  /** How often expired sessions are swept out. */
  sweepIntervalMs?: number
  /** How long the reason a token ended is remembered. */
  tombstoneTtlMs?: number
}

/** Default sweep period: an expired session stays in memory at most this long. */
export const MEMORY_SWEEP_INTERVAL_MS = 60_000

/** The in-process store, with what it holds and its sweep. */
export interface MemorySessionStore extends SessionStore {
  /** Removes every expired session and tombstone now; returns how many sessions went. */
  sweep(): number
  /** How many users, sessions and tombstones are held. */
  size(): { users: number; sessions: number; tombstones: number }
}

/**
 * The in-process session store: the default, for development and a single instance. Its layout mirrors
 * the Redis store: users and their one session are keyed by the slot tag the token carries; the reason
 * an ended token stopped working is kept by its hash (only its holder can ask) for a bounded time.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemorySessionStore {
  const now = options.now ?? Date.now
  const tombstoneTtlMs = options.tombstoneTtlMs ?? SESSION_TOMBSTONE_TTL_MS
  const users = new Map<string, StoredUser>()
  const sessions = new Map<string, MemorySession>()
  const tombstones = new Map<string, Tombstone>()

  function bury(tokenHash: string, reason: EndReason, endedAtMs: number): void {
    const untilMs = endedAtMs + tombstoneTtlMs
    if (untilMs > now()) tombstones.set(tokenHash, { reason, untilMs })
  }

  // A session nobody shows again would otherwise stay until the process ends (Redis expires keys itself).
  function sweep(): number {
    const at = now()
    let removed = 0
    for (const [tag, session] of sessions) {
      if (session.expiresAtMs <= at) {
        sessions.delete(tag)
        bury(session.tokenHash, 'expired', session.expiresAtMs)
        removed++
      }
    }
    for (const [hash, tombstone] of tombstones) if (tombstone.untilMs <= at) tombstones.delete(hash)
    return removed
  }
  const sweeper = setInterval(sweep, options.sweepIntervalMs ?? MEMORY_SWEEP_INTERVAL_MS)
  sweeper.unref()

  // Every method body below runs without awaiting, so each is atomic on Node's single thread.
  function lookUp(token: string): { tag: string; session: MemorySession } | { reason: EndReason } {
    const tag = slotTagOf(token)
    if (tag === null) return { reason: 'expired' }
    const tokenHash = hashToken(token)
    const session = sessions.get(tag)
    if (session && session.tokenHash === tokenHash) {
      if (session.expiresAtMs > now()) return { tag, session }
      sessions.delete(tag)
      bury(tokenHash, 'expired', session.expiresAtMs)
    }
    const tombstone = tombstones.get(tokenHash)
    if (tombstone && tombstone.untilMs > now()) return { reason: tombstone.reason }
    return { reason: 'expired' }
  }

  async function check(token: string): Promise<SessionCheck> {
    const found = lookUp(token)
    if (!('tag' in found)) return { status: 'ended', reason: found.reason }
    const stored = users.get(found.tag)
    if (!stored) return { status: 'ended', reason: 'expired' }
    const user = publicUser(stored)
    const { session } = found
    session.expiresAtMs = renewedExpiry(now(), session.expiresAtMs, session.ttlMs, session.maxExpiresAtMs)
    return {
      status: 'valid',
      user,
      platform: stored.platform,
      expiresAtMs: session.expiresAtMs,
      renewableUntilMs: session.maxExpiresAtMs,
    }
  }

  async function revoke(token: string): Promise<RevokeResult> {
    const found = lookUp(token)
    if (!('tag' in found)) return { status: 'ended', reason: found.reason }
    sessions.delete(found.tag)
    bury(found.session.tokenHash, 'revoked', now())
    return { status: 'revoked' }
  }

  return {
    kind: 'memory',
    async login(input: LoginInput): Promise<IssuedSession> {
      const platform = input.platform ?? 'wechat'
      const tag = slotTagFor(input.openid, platform)
      let user = users.get(tag)
      if (!user) {
        user = { ...input.newUser, platform, openid: input.openid }
        users.set(tag, user)
      }
      const token = issueToken(tag)
      const at = now()
      const expiresAtMs = at + input.ttlMs
      const previous = sessions.get(tag)
      // The replaced token's holder learns why it stopped working; one already past its expiry simply expired.
      if (previous && previous.expiresAtMs > at) bury(previous.tokenHash, 'replaced', at)
      else if (previous) bury(previous.tokenHash, 'expired', previous.expiresAtMs)
      sessions.set(tag, {
        tokenHash: hashToken(token),
        sessionKey: input.sessionKey,
        expiresAtMs,
        ttlMs: input.ttlMs,
        maxExpiresAtMs: at + Math.max(input.ttlMs, input.maxLifetimeMs),
      })
      return { token, expiresAtMs, user: publicUser(user) }
    },
    ...sessionShortcuts(check, revoke),
    async identityOf(token: string): Promise<PlatformUser | null> {
      const found = lookUp(token)
      const user = 'tag' in found ? users.get(found.tag) : undefined
      return user ? { platform: user.platform, openid: user.openid } : null
    },
    async updateProfile(token: string, changes: ProfileChanges): Promise<User | null> {
      const found = lookUp(token)
      const user = 'tag' in found ? users.get(found.tag) : undefined
      if (!user) return null
      if (changes.nickname !== undefined) user.nickname = changes.nickname
      if (changes.avatarUrl !== undefined) user.avatarUrl = changes.avatarUrl
      if (changes.phone !== undefined) {
        user.phone = changes.phone.masked
        user.phoneNumber = changes.phone.number
      }
      return publicUser(user)
    },
    async ping() {
      return true
    },
    async close() {
      clearInterval(sweeper)
    },
    sweep,
    size: () => ({ users: users.size, sessions: sessions.size, tombstones: tombstones.size }),
  }
}
