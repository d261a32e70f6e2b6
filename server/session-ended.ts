import { ApiError, type ErrorCode } from './errors'
import type { EndReason, SessionCheck, SessionStore, User } from './store'

/** The 401 code that tells a client why its token stopped working. */
export const END_REASON_CODES = {
  replaced: 'SESSION_REPLACED',
  expired: 'SESSION_EXPIRED',
  revoked: 'SESSION_REVOKED',
} as const satisfies Record<EndReason, ErrorCode>

/** The 401 for a token that ended for `reason`. */
export function sessionEnded(reason: EndReason, detail: string): ApiError {
  return new ApiError(END_REASON_CODES[reason], detail)
}

/**
 * The user of a request's token, validated and (past half-life) renewed in one store call; otherwise the
 * 401 that names why the token ended.
 */
export async function signedInUser(store: SessionStore, token: string | null): Promise<User> {
  return (await signedInSession(store, token)).user
}

/** `signedInUser` with the platform the user signed in from. */
export async function signedInSession(
  store: SessionStore,
  token: string | null,
): Promise<Extract<SessionCheck, { status: 'valid' }>> {
  if (token === null) throw new ApiError('SESSION_EXPIRED', 'no bearer token')
  const result = await store.check(token)
  if (result.status === 'ended') throw sessionEnded(result.reason, `token ${result.reason}`)
  return result
}

/**
 * The 401 for a token a store write refused. Only this failure path asks the store why, so a request that
 * succeeds still costs one round trip.
 */
export async function refusedToken(store: SessionStore, token: string | null): Promise<ApiError> {
  if (token === null) return new ApiError('SESSION_EXPIRED', 'no bearer token')
  const result = await store.check(token)
  return result.status === 'ended'
    ? sessionEnded(result.reason, `token ${result.reason}`)
    : new ApiError('SESSION_EXPIRED', 'the session ended while the request ran')
}
