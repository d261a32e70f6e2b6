import type { IssuedSession, LoginInput, SessionStore, User } from './store'
import { hashToken, issueToken, slotTagFor, slotTagOf } from './token'

interface MemorySession {
  tokenHash: string
  sessionKey: string
  expiresAtMs: number
}

/** Options of the in-process store. */
export interface MemoryStoreOptions {
  /** The clock, in epoch ms; tests pass their own. */
  now?: () => number
}

/**
 * The in-process session store: the default, for development and a single instance. Its layout mirrors
 * the Redis store: users and their one session are keyed by the slot tag the token carries.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SessionStore {
  const now = options.now ?? Date.now
  const users = new Map<string, User & { openid: string }>()
  const sessions = new Map<string, MemorySession>()

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
      return { token, expiresAtMs, user: { id: user.id, nickname: user.nickname, avatarUrl: user.avatarUrl } }
    },
    async authenticate(token: string): Promise<User | null> {
      const live = liveSession(token)
      const user = live && users.get(live.tag)
      return user ? { id: user.id, nickname: user.nickname, avatarUrl: user.avatarUrl } : null
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
    async close() {},
  }
}
