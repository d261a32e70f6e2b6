import type { components } from '../sdk/api/schema'
import type { Platform } from './code-exchange'

/** A user as the API returns it, typed from the spec. */
export type User = components['schemas']['User']

/** What a login asks the store to do. */
export interface LoginInput {
  /** The platform the code came from; a user is one platform's user. `wechat` when absent. */
  platform?: Platform
  /** The platform's openid the code was exchanged for (Alipay: open_id or user_id). */
  openid: string
  /** The platform's session key ('' where it has none): kept with the session, never returned. */
  sessionKey: string
  /** The user to create when this openid has never logged in. */
  newUser: User
  /** How long the new token stays valid; a use after half of it extends it by this much again. */
  ttlMs: number
  /** How long the token may live at most, renewals included, counted from login. */
  maxLifetimeMs: number
}

/** Why a token stopped working: a newer login of its user, its lifetime ran out, or it was logged out. */
export type EndReason = 'replaced' | 'expired' | 'revoked'

/**
 * What a token is worth now: its user and their platform, its (possibly renewed) expiry and the latest renewals
 * can take it to (epoch ms), or why it ended.
 */
export type SessionCheck =
  | { status: 'valid'; user: User; platform: Platform; expiresAtMs: number; renewableUntilMs: number }
  | { status: 'ended'; reason: EndReason }

/** Who a user is on their platform: what a call to that platform about them needs. */
export interface PlatformUser {
  /** The platform the user signed in from. */
  platform: Platform
  /** Their openid on that platform. */
  openid: string
}

/** What a logout did: revoked the token, or found it already ended (and why). */
export type RevokeResult = { status: 'revoked' } | { status: 'ended'; reason: EndReason }

/** How long a store remembers why a token ended: past this, an ended token reads as expired (unknown). */
export const SESSION_TOMBSTONE_TTL_MS = 7 * 24 * 60 * 60 * 1000

/** The expiry after a use at `nowMs`: past half of `ttlMs` it moves to a full `ttlMs` ahead, never past the maximum. */
export function renewedExpiry(nowMs: number, expiresAtMs: number, ttlMs: number, maxExpiresAtMs: number): number {
  if (expiresAtMs - nowMs >= ttlMs / 2) return expiresAtMs
  return Math.max(expiresAtMs, Math.min(nowMs + ttlMs, maxExpiresAtMs))
}

/** A verified phone number: the full number stays in the store, only `masked` is ever returned. */
export interface PhoneNumber {
  /** The full number as WeChat gave it (with its country code when not 86). */
  number: string
  /** What clients see, e.g. `138****0000`. */
  masked: string
}

/** Profile fields to change; absent fields keep their value. */
export interface ProfileChanges {
  /** The new nickname, already judged valid. */
  nickname?: string
  /** The new avatar URL. */
  avatarUrl?: string
  /** A newly verified phone number. */
  phone?: PhoneNumber
}

/** A session the store has just issued. */
export interface IssuedSession {
  /** The opaque bearer token. */
  token: string
  /** When the token stops being valid (epoch ms). */
  expiresAtMs: number
  /** The user the token belongs to. */
  user: User
}

/**
 * Users and their single sessions. `login` and `logout` are each atomic: a login finds or creates the
 * user, revokes their previous token and issues a new one, so concurrent logins leave one valid token.
 * Methods reject with `StoreUnavailableError` when the backing service cannot be reached.
 */
export interface SessionStore {
  /** Which implementation this is, as reported by `/health`. */
  readonly kind: 'memory' | 'sqlite' | 'redis'
  /** Finds or creates the user, revokes their previous token and issues a new one. */
  login(input: LoginInput): Promise<IssuedSession>
  /**
   * Validates a token and, past half of its lifetime, renews it (up to the maximum) in the same store round
   * trip; an ended token says why (an unknown one reads as expired).
   */
  check(token: string): Promise<SessionCheck>
  /** The user a token belongs to, or null when it is unknown, revoked or expired (`check`, without the why). */
  authenticate(token: string): Promise<User | null>
  /** The platform and openid of the token's user (for platform calls about them), or null when it is not valid. */
  identityOf(token: string): Promise<PlatformUser | null>
  /** Changes the profile of the token's user, atomically with checking the token; null when it is not valid. */
  updateProfile(token: string, changes: ProfileChanges): Promise<User | null>
  /** Revokes a token in one round trip, leaving a tombstone; an already ended token says why. */
  revoke(token: string): Promise<RevokeResult>
  /** Revokes a token; false when it was not valid (`revoke`, without the why). */
  logout(token: string): Promise<boolean>
  /** Whether the store is reachable and accepts writes (what `/health` reports). */
  ping(): Promise<boolean>
  /** Releases connections. */
  close(): Promise<void>
}

/** `authenticate` and `logout` as every store derives them from its `check` and `revoke`. */
export function sessionShortcuts(
  check: SessionStore['check'],
  revoke: SessionStore['revoke'],
): Pick<SessionStore, 'check' | 'authenticate' | 'revoke' | 'logout'> {
  return {
    check,
    async authenticate(token) {
      const result = await check(token)
      return result.status === 'valid' ? result.user : null
    },
    revoke,
    async logout(token) {
      return (await revoke(token)).status === 'revoked'
    },
  }
}
