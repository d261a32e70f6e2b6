import type { Middleware } from '../client/middleware'
import type { OperationInfo } from '../client/operation-info'
import { matchesShape } from '../client/shape'
import type { TransportResponse } from '../client/transport'
import { SHAPES } from './operations.gen'
import type { components } from './schema'

/** Why the server says a session ended: replaced by a newer login, logged out, or expired (also unknown). */
export type SessionEndCode = components['schemas']['SessionExpiredError']['code']

const END_CODES: readonly SessionEndCode[] = ['SESSION_EXPIRED', 'SESSION_REPLACED', 'SESSION_REVOKED']

/** Settings of `authMiddleware`. */
export interface AuthMiddlewareOptions {
  /** The current token, read at request time; null or undefined when signed out. */
  getToken: () => string | null | undefined | Promise<string | null | undefined>
  /** Called with a token the server rejected with 401 and why: once per token, however many requests hit it. */
  onSessionExpired: (token: string, code: SessionEndCode) => void
}

// A burst of 401s carries one token, and a new one only follows a new login: a few recent ones suffice.
const REPORTED_TOKENS_KEPT = 8
// Far more calls than WeChat runs at once (10); an entry this old belongs to a call that will never answer.
const CALLS_IN_FLIGHT_KEPT = 256

/** Forgets the oldest entries (Sets and Maps iterate in insertion order) beyond `limit`. */
function keepNewest<K>(record: Set<K> | Map<K, unknown>, limit: number): void {
  while (record.size > limit) record.delete(record.keys().next().value as K)
}

/**
 * Whether a 401 is the API's own word that the token is dead: its body is the operation's declared 401
 * error (or, without metadata, at least `{ code, message }`). A gateway's or captive portal's 401 page
 * says nothing about the session and must not end it.
 */
function apiRejection(response: TransportResponse, operation: OperationInfo | undefined): SessionEndCode | null {
  let body: { code?: unknown; message?: unknown } | null
  try {
    body = JSON.parse(response.body)
  } catch {
    return null
  }
  const shape = operation?.errors['401']
  const isRejection = operation
    ? shape !== undefined && matchesShape(shape, body, SHAPES)
    : typeof body?.code === 'string' && typeof body.message === 'string'
  if (!isRejection) return null
  // Any other code in an API's 401 still ends the session; why is then unknown, which reads as expired.
  return END_CODES.find((code) => code === body?.code) ?? 'SESSION_EXPIRED'
}

/** Adds the bearer token to every non-public operation and reports a 401 on a request it authorized. */
export function authMiddleware({ getToken, onSessionExpired }: AuthMiddlewareOptions): Middleware {
  // Which token each in-flight call carried: only a 401 for a token we sent says our session is gone.
  const sentTokens = new Map<number, string>()
  // A burst of concurrent 401s carries one token: reporting each token once gives one report per burst.
  const reportedTokens = new Set<string>()
  return {
    async onRequest({ id, request, operation }) {
      if (operation?.auth === 'none') return
      // The app revokes an old token by setting the header itself: that choice wins.
      if (Object.keys(request.headers).some((name) => name.toLowerCase() === 'authorization')) return
      const token = await getToken()
      if (!token) return
      sentTokens.set(id, token)
      // A call whose answer never reaches this hook (a later hook threw) must not stay here forever.
      keepNewest(sentTokens, CALLS_IN_FLIGHT_KEPT)
      return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }
    },
    onResponse({ id, response, operation }) {
      const token = sentTokens.get(id)
      sentTokens.delete(id)
      if (token === undefined || response.status !== 401 || reportedTokens.has(token)) return
      const code = apiRejection(response, operation)
      if (code === null) return
      reportedTokens.add(token)
      keepNewest(reportedTokens, REPORTED_TOKENS_KEPT)
      onSessionExpired(token, code)
    },
    onError({ id }) {
      sentTokens.delete(id)
    },
  }
}
