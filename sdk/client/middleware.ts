import type { AnySdkError } from './errors'
import type { OperationInfo } from './operation-info'
import type { HttpMethod, TransportRequest, TransportResponse } from './transport'

/** A value or a promise of it: every middleware hook may be async. */
export type MaybePromise<T> = T | Promise<T>

/** What a hook returns to keep what it was given. */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook written without a return statement returns `void`.
export type Unchanged = undefined | void

/** What every hook learns about the call it runs for. */
export interface MiddlewareContext {
  /** Unique per call across all clients, and the same in every hook of that call. */
  readonly id: number
  /** The HTTP method. */
  readonly method: HttpMethod
  /** The path as the spec declares it, e.g. `/items/{id}`. */
  readonly schemaPath: string
  /** The operation's generated metadata, when the client was given it. */
  readonly operation: OperationInfo | undefined
}

/** `onRequest` input: the request as built so far. */
export interface RequestContext extends MiddlewareContext {
  /** The request as earlier middleware left it. */
  readonly request: TransportRequest
}

/** `onResponse` input: the request that was sent and the response as later middleware left it. */
export interface ResponseContext extends RequestContext {
  /** The response so far. */
  readonly response: TransportResponse
}

/** `onError` input: the request and why it got no response. */
export interface ErrorContext extends RequestContext {
  /** The failure so far (a `NetworkError` from the transport, or the SDK error a hook threw). */
  readonly error: AnySdkError
}

/** Hooks around every call: requests in registration order, responses and errors in reverse. */
export interface Middleware {
  /** Before sending: return a replacement request, or nothing. */
  onRequest?(context: RequestContext): MaybePromise<TransportRequest | Unchanged>
  /** After a response arrived (any status): return a replacement response, or nothing. */
  onResponse?(context: ResponseContext): MaybePromise<TransportResponse | Unchanged>
  /** When no response arrived: return a response to recover, another error to replace it, or nothing. */
  onError?(context: ErrorContext): MaybePromise<TransportResponse | AnySdkError | Unchanged>
}
