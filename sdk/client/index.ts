// The generic typed client over Taro.request: give it the `paths` openapi-typescript generates from any spec.
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
export { type Format, type JsonType, matchesShape, type Shape, type ShapeRules, type ShapeTable } from './shape'
export { type TaroRequest, type TaroTransportOptions, taroTransport } from './taro-transport'
export type { HttpMethod, Transport, TransportRequest, TransportResponse } from './transport'
