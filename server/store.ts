import type { components } from '../sdk/schema'

/** A user as the API returns it, typed from the spec. */
export type User = components['schemas']['User']

/** What a login asks the store to do. */
export interface LoginInput {
  /** The WeChat openid the code was exchanged for. */
  openid: string
  /** WeChat's session_key: kept with the session, never returned. */
  sessionKey: string
  /** The user to create when this openid has never logged in. */
  newUser: User
  /** How long the new token stays valid. */
  ttlMs: number
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
  /** The user a token belongs to, or null when it is unknown, revoked or expired. */
  authenticate(token: string): Promise<User | null>
  /** The openid of the token's user (for WeChat calls about that user), or null when the token is not valid. */
  openidOf(token: string): Promise<string | null>
  /** Changes the profile of the token's user, atomically with checking the token; null when it is not valid. */
  updateProfile(token: string, changes: ProfileChanges): Promise<User | null>
  /** Revokes a token; false when it was not valid. */
  logout(token: string): Promise<boolean>
  /** Whether the store is reachable and accepts writes (what `/health` reports). */
  ping(): Promise<boolean>
  /** Releases connections. */
  close(): Promise<void>
}
