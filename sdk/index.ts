// The product's SDK: the generic client (./client) typed by this API's contract (./api). Test doubles live in
// ./testing and are never exported from here.
import type { components } from './api/schema'

export { type ApiClientOptions, createApiClient } from './api/api-client'
export { type AuthMiddlewareOptions, authMiddleware, type SessionEndCode } from './api/auth-middleware'
export type { components, paths } from './api/schema'
export { isValidToken } from './api/token'
export * from './client'

/** The body every API error response carries: a stable machine `code` and a human `message`. */
export type ErrorBody = components['schemas']['Error']
/** A signed-in WeChat user, as the API returns it. */
export type User = components['schemas']['User']
/** What `POST /auth/login` returns: the token, when it expires, and the user. */
export type Session = components['schemas']['Session']
/** A bearer token as the server issues it. */
export type Token = components['schemas']['Token']
/** One entry of `GET /feed`. */
export type FeedItem = components['schemas']['FeedItem']
/** The stable machine codes of API errors. */
export type ErrorCode = components['schemas']['ErrorCode']
