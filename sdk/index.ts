import type { components } from './api/schema'

export { type ApiClientOptions, createApiClient } from './api/api-client'
export { type AuthMiddlewareOptions, authMiddleware, type SessionEndCode } from './api/auth-middleware'
export type { components, paths } from './api/schema'
export { isValidToken } from './api/token'
export { type ClientOptions, createClient } from './client/client'
export type {
  Client,
  ClientError,
  ClientMethod,
  FetchResult,
  PathsWithMethod,
  RequestOptions,
  SuccessData,
} from './client/client-types'
export {
  type AnySdkError,
  ApiError,
  type ErrorBody,
  type ErrorBodyLike,
  InvalidResponseError,
  isApiError,
  isInvalidResponseError,
  isNetworkError,
  isSdkError,
  NetworkError,
  type NetworkErrorCode,
  SdkError,
  type SdkErrorName,
} from './client/errors'
export type {
  ErrorContext,
  MaybePromise,
  Middleware,
  MiddlewareContext,
  RequestContext,
  ResponseContext,
  Unchanged,
} from './client/middleware'
export type { AuthRequirement, OperationInfo, OperationTable } from './client/operation-info'
export type { Format, JsonType, Shape, ShapeRules, ShapeTable } from './client/shape'
export { type TaroRequest, type TaroTransportOptions, taroTransport } from './client/taro-transport'
export type { HttpMethod, Transport, TransportRequest, TransportResponse } from './client/transport'

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
