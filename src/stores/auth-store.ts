import { create } from 'zustand'
import { persist, type StorageValue } from 'zustand/middleware'
import type { components } from '../../sdk/schema'
import { taroPersistStorage } from './taro-storage'

type User = components['schemas']['User']
type Session = components['schemas']['Session']

/** Storage key of the persisted auth state. */
export const AUTH_STORAGE_KEY = 'miniauth:auth'
/** Version of the persisted shape; bump it with a migration when the shape changes. */
export const AUTH_STORAGE_VERSION = 1
/** At most this many revocations wait for the server; older ones are dropped (they expire by TTL anyway). */
export const MAX_PENDING_REVOCATIONS = 5

/** What survives a restart. */
export interface PersistedAuth {
  token: string | null
  expiresAt: string | null
  user: User | null
  /** Tokens whose logout could not reach the server; sent again until it answers 204 or 401. */
  pendingRevocations: string[]
}

/** Why the session ended: the user asked, or the server no longer accepts the token. */
export type SignOutReason = 'SIGNED_OUT' | 'SESSION_EXPIRED'

/** What the user is waiting for, if anything (not persisted). */
export type AuthActivity = 'idle' | 'loggingIn' | 'loggingOut'

/** The auth store's state and its only writers. */
export interface AuthState extends PersistedAuth {
  /** A login or logout in progress, so buttons can be disabled. */
  activity: AuthActivity
  /** Marks a login or logout as running or finished. */
  setActivity(activity: AuthActivity): void
  /** Increases on every sign-in and sign-out, so pages can drop responses fetched for an older session. */
  epoch: number
  /** The last auth event, named for what happened. */
  lastEvent: 'SIGNED_IN' | SignOutReason | null
  /** Starts a session (the only writer, with `clearSession`, of token, expiry and user). */
  setSession(session: Session): void
  /** Ends the session; `revoke` keeps that token to be revoked on the server later. */
  clearSession(reason: SignOutReason, revoke?: string): void
  /** Forgets a pending revocation once the server has answered for it. */
  settleRevocation(token: string): void
}

const loggedOut: PersistedAuth = { token: null, expiresAt: null, user: null, pendingRevocations: [] }

function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) return false
  const user = value as Record<string, unknown>
  return typeof user.id === 'string' && typeof user.nickname === 'string' && typeof user.avatarUrl === 'string'
}

/** Accepts a stored value only when it is this version's shape; an expired session reads as logged out. */
export function readPersistedAuth(raw: unknown, nowMs = Date.now()): StorageValue<PersistedAuth> | null {
  if (typeof raw !== 'object' || raw === null) return null
  const { state, version } = raw as { state?: unknown; version?: unknown }
  if (version !== AUTH_STORAGE_VERSION || typeof state !== 'object' || state === null) return null
  const s = state as Record<string, unknown>
  const pending = Array.isArray(s.pendingRevocations)
    ? s.pendingRevocations.filter((t): t is string => typeof t === 'string' && t.length > 0)
    : []
  const expiresAtMs = typeof s.expiresAt === 'string' ? Date.parse(s.expiresAt) : Number.NaN
  const hasSession = typeof s.token === 'string' && s.token.length > 0 && isUser(s.user) && expiresAtMs > nowMs
  if (!hasSession) {
    // A corrupt or expired session is dropped, but a queued revocation is still worth sending.
    return pending.length > 0 ? { state: { ...loggedOut, pendingRevocations: pending }, version } : null
  }
  return {
    state: {
      token: s.token as string,
      expiresAt: s.expiresAt as string,
      user: s.user as User,
      pendingRevocations: pending,
    },
    version,
  }
}

/** The auth store, hydrated synchronously from Taro storage under `miniauth:auth`. */
export const useAuthStore = create<AuthState>()(
  persist(
    (set) => ({
      ...loggedOut,
      epoch: 0,
      lastEvent: null,
      activity: 'idle',
      setActivity: (activity) => set({ activity }),
      setSession: (session) =>
        set((s) => ({
          token: session.token,
          expiresAt: session.expiresAt,
          user: session.user,
          epoch: s.epoch + 1,
          lastEvent: 'SIGNED_IN',
        })),
      clearSession: (reason, revoke) =>
        set((s) => ({
          token: null,
          expiresAt: null,
          user: null,
          pendingRevocations: revoke
            ? [...s.pendingRevocations.filter((t) => t !== revoke), revoke].slice(-MAX_PENDING_REVOCATIONS)
            : s.pendingRevocations,
          epoch: s.epoch + 1,
          lastEvent: reason,
        })),
      settleRevocation: (token) =>
        set((s) => ({ pendingRevocations: s.pendingRevocations.filter((t) => t !== token) })),
    }),
    {
      name: AUTH_STORAGE_KEY,
      version: AUTH_STORAGE_VERSION,
      storage: taroPersistStorage<PersistedAuth>(
        (raw) => readPersistedAuth(raw),
        (state) => state.token === null && state.pendingRevocations.length === 0,
      ),
      partialize: ({ token, expiresAt, user, pendingRevocations }) => ({ token, expiresAt, user, pendingRevocations }),
      // readPersistedAuth only lets the current version through; a future shape change adds its step here.
      migrate: () => loggedOut,
    },
  ),
)
