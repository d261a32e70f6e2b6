/** Any `{ code, message }` body an `ApiError` can carry. */
export interface ErrorBodyLike {
  /** Stable machine-readable code. */
  code: string
  /** Human-readable message. */
  message: string
}

/** What `error.name` says, one literal per SDK error class. */
export type SdkErrorName = 'SdkError' | 'ApiError' | 'NetworkError' | 'InvalidResponseError'

/** Base of every error the SDK resolves with: a stable `code` and the HTTP `status` (0 when none arrived). */
export abstract class SdkError<Code extends string = string> extends Error {
  /** Which SDK error this is, a literal per class, so a misspelt name does not compile. */
  override readonly name: SdkErrorName = 'SdkError'
  /** Stable machine-readable code; switch on this, never on `message`. */
  readonly code: Code
  /** The HTTP status, or 0 when no response arrived. */
  readonly status: number
  // A brand instead of `instanceof` alone: errors may cross realms or be bundled twice.
  protected readonly __isSdkError = true

  /** Creates an error with its code, status and optional cause. */
  constructor(message: string, code: Code, status: number, cause?: unknown) {
    super(message)
    this.code = code
    this.status = status
    if (cause !== undefined) this.cause = cause
  }
}

/** The server answered with an error status and a `{ code, message }` body. */
export class ApiError<Body extends ErrorBodyLike = ErrorBodyLike> extends SdkError<Body['code']> {
  /** Always `ApiError`. */
  override readonly name = 'ApiError' as const
  /** The server's error body, typed from the operation's declared error responses. */
  readonly body: Body

  /** Wraps the server's error body and the status it came with. */
  constructor(body: Body, status: number) {
    super(body.message, body.code, status)
    this.body = body
  }
}

/** Codes of a request that got no response at all. */
export type NetworkErrorCode = 'NETWORK_ERROR' | 'TIMEOUT'

/** The request got no response: offline, DNS failure, timeout. `status` is always 0. */
export class NetworkError extends SdkError<NetworkErrorCode> {
  /** Always `NetworkError`. */
  override readonly name = 'NetworkError' as const
  /** Creates a network error; `cause` keeps what the platform reported. */
  constructor(code: NetworkErrorCode, message: string, cause?: unknown) {
    super(message, code, 0, cause)
  }
}

/** A response the client cannot trust: not JSON, empty, an HTML page, or not the shape the spec declares. */
export class InvalidResponseError extends SdkError<'INVALID_RESPONSE'> {
  /** Always `InvalidResponseError`. */
  override readonly name = 'InvalidResponseError' as const
  /** The raw response text, kept for diagnosis. */
  readonly body: string

  /** Records why the response was rejected, its status and raw text. */
  constructor(message: string, status: number, body: string) {
    super(message, 'INVALID_RESPONSE', status)
    this.body = body
  }
}

/** Every error the SDK hands out, to callers and to middleware: switch on `name` or `code`. */
export type AnySdkError = ApiError | NetworkError | InvalidResponseError

/** Whether `value` is any SDK error, even one from another realm or bundle copy. */
export function isSdkError(value: unknown): value is SdkError {
  return typeof value === 'object' && value !== null && (value as { __isSdkError?: unknown }).__isSdkError === true
}

/** Whether `value` is an error the server answered with. */
export function isApiError(value: unknown): value is ApiError<ErrorBodyLike> {
  return isSdkError(value) && value.name === 'ApiError'
}

/** Whether `value` is a request that got no response. */
export function isNetworkError(value: unknown): value is NetworkError {
  return isSdkError(value) && value.name === 'NetworkError'
}

/** Whether `value` is a response the client could not understand. */
export function isInvalidResponseError(value: unknown): value is InvalidResponseError {
  return isSdkError(value) && value.name === 'InvalidResponseError'
}
