import { create } from 'zustand'
import { persist, type StorageValue } from 'zustand/middleware'
import { isValidToken } from '../../sdk'
import type { components } from '../../sdk/api/schema'
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

/** The flows the user can wait for; each owns its own flag, so one finishing never clears the other's. */
export type AuthFlow = 'loggingIn' | 'loggingOut'

/** The auth store's state and its only writers. */
export interface AuthState extends PersistedAuth {
  /** A login is running (not persisted). */
  loggingIn: boolean
  /** A logout is running (not persisted). */
  loggingOut: boolean
  /** Marks one flow as running or finished, leaving the other's flag alone. */
  setRunning(flow: AuthFlow, running: boolean): void
  /** Increases on every sign-in and sign-out, so pages can drop responses fetched for an older session. */
  epoch: number
  /** The last auth event, named for what happened. */
  lastEvent: 'SIGNED_IN' | SignOutReason | null
  /** Starts a session (the only writer, with `clearSession`, of token, expiry and user); a replaced token is queued for revocation. */
  setSession(session: Session): void
  /** Keeps the cached user in step with what the server just said about the current session's account. */
  updateUser(user: User): void
  /** Ends the session; `revoke` keeps that token to be revoked on the server later. */
  clearSession(reason: SignOutReason, revoke?: string): void
  /** Forgets a pending revocation once the server has answered for it. */
  settleRevocation(token: string): void
}

const loggedOut: PersistedAuth = { token: null, expiresAt: null, user: null, pendingRevocations: [] }

function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) return false
  const user = value as Record<string, unknown>
  return (
    typeof user.id === 'string' &&
    typeof user.nickname === 'string' &&
    typeof user.avatarUrl === 'string' &&
    (user.phone === undefined || typeof user.phone === 'string')
  )
}

/** The user's own fields only: nothing else a response or storage carried is kept. */
function userFields(user: User): User {
  const kept: User = { id: user.id, nickname: user.nickname, avatarUrl: user.avatarUrl }
  if (user.phone !== undefined) kept.phone = user.phone
  return kept
}

function sameUser(a: User | null, b: User): boolean {
  return a !== null && a.id === b.id && a.nickname === b.nickname && a.avatarUrl === b.avatarUrl && a.phone === b.phone
}

/** Adds `tokens` to the queue once each, keeping the newest `MAX_PENDING_REVOCATIONS` (older ones expire by TTL). */
function queueRevocations(queue: readonly string[], ...tokens: string[]): string[] {
  const queued = [...queue.filter((t) => !tokens.includes(t)), ...tokens]
  return queued.slice(-MAX_PENDING_REVOCATIONS)
}

/** Only revocations: what is left of a stored value that cannot be a session (null when nothing is). */
function revocationsOnly(tokens: string[]): StorageValue<PersistedAuth> | null {
  return tokens.length > 0
    ? { state: { ...loggedOut, pendingRevocations: tokens }, version: AUTH_STORAGE_VERSION }
    : null
}

/** Every contract-shaped token in a text that is not a readable value (cut off mid-write, another version). */
function tokensIn(text: string): string[] {
  return queueRevocations([], ...new Set(text.split(/[\s"'{}[\],:\\]+/).filter(isValidToken)))
}

/**
 * Accepts a stored value only when it is this version's shape. Expiry is not judged here: the device clock
 * may be wrong, and the server says when a session has ended. Whatever is dropped (a session of the wrong
 * shape, another version, text cut off mid-write) still has its well-formed tokens queued for revocation,
 * so a session dropped here never stays valid on the server unseen. `text` is the stored text, if any.
 */
export function readPersistedAuth(raw: unknown, text: string | null = null): StorageValue<PersistedAuth> | null {
  const { state, version } = (typeof raw === 'object' && raw !== null ? raw : {}) as {
    state?: unknown
    version?: unknown
  }
  if (version !== AUTH_STORAGE_VERSION || typeof state !== 'object' || state === null) {
    return revocationsOnly(tokensIn(text ?? ''))
  }
  const s = state as Record<string, unknown>
  // Bounded as read, not only as written: storage may hold anything another build or a bug left there.
  const pending = queueRevocations(
    [],
    ...new Set(Array.isArray(s.pendingRevocations) ? s.pendingRevocations.filter(isValidToken) : []),
  )
  const token = isValidToken(s.token) ? s.token : null
  const hasSession = token !== null && isUser(s.user) && typeof s.expiresAt === 'string'
  if (!hasSession) {
    return revocationsOnly(token === null ? pending : queueRevocations(pending, token))
  }
  return {
    state: { token, expiresAt: s.expiresAt as string, user: userFields(s.user as User), pendingRevocations: pending },
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
      loggingIn: false,
      loggingOut: false,
      setRunning: (flow, running) => set(flow === 'loggingIn' ? { loggingIn: running } : { loggingOut: running }),
      setSession: (session) =>
        set((s) => ({
          token: session.token,
          expiresAt: session.expiresAt,
          user: userFields(session.user),
          // A session replaced on this device would otherwise stay valid on the server.
          pendingRevocations:
            s.token && s.token !== session.token
              ? queueRevocations(s.pendingRevocations, s.token)
              : s.pendingRevocations,
          epoch: s.epoch + 1,
          lastEvent: 'SIGNED_IN',
        })),
      updateUser: (user) => set((s) => (s.token === null || sameUser(s.user, user) ? s : { user: userFields(user) })),
      clearSession: (reason, revoke) =>
        set((s) => ({
          token: null,
          expiresAt: null,
          user: null,
          pendingRevocations: revoke ? queueRevocations(s.pendingRevocations, revoke) : s.pendingRevocations,
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
        (raw, text) => readPersistedAuth(raw, text),
        (state) => state.token === null && state.pendingRevocations.length === 0,
      ),
      partialize: ({ token, expiresAt, user, pendingRevocations }) => ({ token, expiresAt, user, pendingRevocations }),
      // readPersistedAuth only lets the current version through; a future shape change adds its step here.
      migrate: () => loggedOut,
    },
  ),
)
