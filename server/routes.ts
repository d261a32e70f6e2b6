import type { FastifyReply, FastifyRequest } from 'fastify'
import { feedFor } from '../fixtures/feed'
import type { components } from '../sdk/api/schema'
import { avatarPath } from './avatar'
import { readBearer } from './bearer'
import { type CodeExchange, DEFAULT_NICKNAMES, type Platform } from './code-exchange'
import { ApiError } from './errors'
import { createProfileHandlers, type ProfileDependencies } from './profile-routes'
import { sessionEnded, signedInSession, signedInUser } from './session-ended'
import type { AuthMode, OperationId } from './spec'
import type { SessionStore, User } from './store'
import { randomBase64url } from './token'

type Schemas = components['schemas']

/** What every operation handler gets: the request, the reply and the bearer token when one was sent. */
export interface OperationContext {
  /** The Fastify request. */
  request: FastifyRequest
  /** The Fastify reply. */
  reply: FastifyReply
  /** The bearer token; never null for operations whose security requires one. */
  token: string | null
}

/** The code exchanges of the platforms besides WeChat, each present only where that platform is enabled. */
export type OtherPlatformExchanges = Partial<Record<Exclude<Platform, 'wechat'>, CodeExchange>>

/** A handler for one operation of the contract. */
export type OperationHandler = (context: OperationContext) => Promise<unknown>

/** What the handlers need. */
export interface HandlerDependencies extends ProfileDependencies {
  /** Users and sessions. */
  store: SessionStore
  /** WeChat (or dev) code exchange. */
  exchange: CodeExchange
  /** The other platforms' exchanges (real or dev); a platform without one answers `PLATFORM_NOT_ENABLED`. */
  exchanges: OtherPlatformExchanges
  /** Lifetime of a new token; a use after half of it extends it by this much again. */
  sessionTtlMs: number
  /** How long a token may live at most, renewals included. */
  sessionMaxLifetimeMs: number
}

/**
 * Checks the Authorization header against the operation's security: a header that is not a Bearer
 * credential is 400; a token not of the contract's shape, or none where one is required, is 401. Looking
 * the token up is left to the handler, so each operation touches the store exactly once.
 */
export function bearerFor(request: FastifyRequest, auth: AuthMode): string | null {
  if (auth === 'none') return null
  const bearer = readBearer(request.headers.authorization)
  if (bearer.kind === 'malformed')
    throw new ApiError('INVALID_REQUEST', 'Authorization header is not a Bearer credential')
  // A token that can never have been issued is as dead as an unknown one (RFC 6750 invalid_token).
  if (bearer.kind === 'invalid-token') throw new ApiError('SESSION_EXPIRED', 'bearer token not of the contract shape')
  if (bearer.kind === 'absent') {
    if (auth === 'required') throw new ApiError('SESSION_EXPIRED', 'no bearer token')
    return null
  }
  return bearer.token
}

/** One handler per operationId of the contract. */
export function createHandlers(deps: HandlerDependencies): Record<OperationId, OperationHandler> {
  const { store } = deps

  function newUser(platform: Platform): User {
    const id = `u_${randomBase64url(12)}`
    return { id, nickname: DEFAULT_NICKNAMES[platform], avatarUrl: `${deps.publicBaseUrl}${avatarPath(id, platform)}` }
  }

  return {
    async login({ request }): Promise<Schemas['Session']> {
      const { code, phoneCode, platform = 'wechat' } = request.body as Schemas['LoginRequest']
      const exchange = platform === 'wechat' ? deps.exchange : deps.exchanges[platform]
      if (!exchange) throw new ApiError('PLATFORM_NOT_ENABLED', `no code exchange for ${platform}`)
      // Phone verification is WeChat's: a phone code from elsewhere is refused before any call is made.
      if (phoneCode !== undefined && platform !== 'wechat') {
        throw new ApiError('PHONE_NOT_ALLOWED', `a phone code with a ${platform} login`)
      }
      if (phoneCode === code) throw new ApiError('INVALID_CODE', 'the phone code was sent as the login code')
      // The phone first: when it fails, the login code is still unused and nothing has changed.
      const phone = phoneCode === undefined ? undefined : await deps.phone.verify(phoneCode)
      const identity = await exchange.exchange(code)
      const candidate = newUser(platform)
      const issued = await store.login({
        platform,
        openid: identity.openid,
        sessionKey: identity.sessionKey,
        newUser: candidate,
        ttlMs: deps.sessionTtlMs,
        maxLifetimeMs: deps.sessionMaxLifetimeMs,
      })
      const user = phone ? await store.updateProfile(issued.token, { phone }) : issued.user
      if (!user) throw new ApiError('SESSION_EXPIRED', 'the new session ended before the phone was bound')
      const session = { ...issued, user }
      request.log.info(
        {
          userId: session.user.id,
          platform,
          firstLogin: session.user.id === candidate.id,
          withPhone: phone !== undefined,
        },
        'signed in',
      )
      return { token: session.token, expiresAt: new Date(session.expiresAtMs).toISOString(), user: session.user }
    },

    async logout({ request, reply, token }) {
      if (token === null) throw new ApiError('SESSION_EXPIRED', 'logout without a token')
      const result = await store.revoke(token)
      if (result.status === 'ended') throw sessionEnded(result.reason, `logout of a ${result.reason} token`)
      request.log.info('signed out')
      return reply.code(204).send()
    },

    async getSession({ token }): Promise<Schemas['SessionDetails']> {
      const session = await signedInSession(store, token)
      return {
        expiresAt: new Date(session.expiresAtMs).toISOString(),
        renewableUntil: new Date(session.renewableUntilMs).toISOString(),
        user: session.user,
      }
    },

    async getProfile({ token }): Promise<Schemas['User']> {
      return signedInUser(store, token)
    },

    async getFeed({ token }): Promise<Schemas['Feed']> {
      return feedFor(token === null ? null : await signedInUser(store, token))
    },

    ...createProfileHandlers(deps),

    async getHealth({ reply }): Promise<Schemas['Health']> {
      const up = await store.ping()
      reply.code(up ? 200 : 503)
      return { status: up ? 'ok' : 'unavailable', store: store.kind }
    },
  }
}
