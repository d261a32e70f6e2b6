import type { components } from './schema'

export { type ApiClientOptions, createApiClient } from './api-client'
export { type AuthMiddlewareOptions, authMiddleware, type SessionEndCode } from './auth-middleware'
export { type ClientOptions, createClient } from './client'
export type {
  Client,
  ClientError,
  ClientMethod,
  FetchResult,
  PathsWithMethod,
  RequestOptions,
  SuccessData,
} from './client-types'
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
} from './errors'
export type {
  ErrorContext,
  MaybePromise,
  Middleware,
  MiddlewareContext,
  RequestContext,
  ResponseContext,
  Unchanged,
} from './middleware'
export type { AuthRequirement, OperationInfo, OperationTable } from './operation-info'
export type { components, paths } from './schema'
export type { Format, JsonType, Shape, ShapeRules, ShapeTable } from './shape'
export { type TaroRequest, type TaroTransportOptions, taroTransport } from './taro-transport'
export { isValidToken } from './token'
export type { HttpMethod, Transport, TransportRequest, TransportResponse } from './transport'

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
