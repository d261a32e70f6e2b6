// Everything the client knows about endpoints lives here, in types derived from the generated `paths`.
import type { ApiError, ErrorBodyLike, InvalidResponseError, NetworkError } from './errors'
import type { Middleware } from './middleware'
import type { HttpMethod, TransportResponse } from './transport'

/** Keys of `T` that are not optional. */
export type RequiredKeysOf<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T]

/** Paths of `Paths` that declare an operation for method `M`. */
export type PathsWithMethod<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends Record<Lowercase<M>, object> ? P : never
}[keyof Paths] &
  string

/** The operation object `Paths[P]` declares for method `M`. */
export type OperationOf<Paths, P extends keyof Paths, M extends HttpMethod> =
  Paths[P] extends Record<Lowercase<M>, infer Op> ? Op : never

/** The `application/json` payload of a request body or response, or `undefined` when it has none. */
export type JsonOf<T> = T extends { content: { 'application/json': infer Json } } ? Json : undefined

type ParametersOf<Op> = Op extends { parameters: infer Params } ? Params : Record<never, never>

type ResponsesOf<Op> = Op extends { responses: infer Responses } ? Responses : never

type StatusesMatching<Responses, Pattern extends string> = {
  [S in keyof Responses]: `${S & (string | number)}` extends Pattern ? S : never
}[keyof Responses]

/** Declared success statuses: `200`…`299` and `2XX`. */
type OkStatuses<Responses> = StatusesMatching<Responses, `2${string}`>

/** Declared error statuses: `4xx`, `5xx`, their ranges and `default`. */
type ErrorStatuses<Responses> = StatusesMatching<Responses, `4${string}` | `5${string}` | 'default'>

/** The `params` option; required when the operation has a required parameter. */
type ParamsOption<Op> =
  RequiredKeysOf<ParametersOf<Op>> extends never ? { params?: ParametersOf<Op> } : { params: ParametersOf<Op> }

/** The `body` option; required when the spec requires a request body, forbidden when there is none. */
type BodyOption<Op> = Op extends { requestBody: infer Body }
  ? { body: Exclude<JsonOf<Body>, undefined> }
  : Op extends { requestBody?: infer Body }
    ? [Exclude<JsonOf<Body>, undefined>] extends [never]
      ? { body?: never }
      : { body?: Exclude<JsonOf<Body>, undefined> }
    : { body?: never }

/** Options of one call: typed `params` and `body`, plus extra headers. */
export type RequestOptions<Op> = ParamsOption<Op> &
  BodyOption<Op> & {
    /** Extra request headers; an explicit `Authorization` here is never overridden. */
    headers?: Record<string, string>
  }

/** The options argument, optional when nothing in it is required. */
export type RequestArgs<Op> =
  RequiredKeysOf<RequestOptions<Op>> extends never ? [init?: RequestOptions<Op>] : [init: RequestOptions<Op>]

/** What a successful call yields: the 2xx JSON body typed from the spec (`undefined` for 204). */
export type SuccessData<Op> = JsonOf<ResponsesOf<Op>[OkStatuses<ResponsesOf<Op>>]>

/** Error bodies the spec declares for this operation that have the `{ code, message }` form. */
export type ErrorBodyOf<Op> = Extract<JsonOf<ResponsesOf<Op>[ErrorStatuses<ResponsesOf<Op>>]>, ErrorBodyLike>

/** Every error a call can resolve with. */
export type ClientError<Op> =
  | ([ErrorBodyOf<Op>] extends [never] ? never : ApiError<ErrorBodyOf<Op>>)
  | NetworkError
  | InvalidResponseError

/** A call's outcome: `data` typed from the 2xx response, or `error`; narrow on `error` before reading `data`. */
export type FetchResult<Op> =
  | { data: SuccessData<Op>; error?: never; response: TransportResponse }
  | { data?: never; error: ClientError<Op>; response?: TransportResponse }

/** One typed method (`GET`, `POST`, …): only paths declaring that method are accepted. */
export type ClientMethod<Paths, M extends HttpMethod> = <P extends PathsWithMethod<Paths, M>>(
  path: P,
  ...init: RequestArgs<OperationOf<Paths, P, M>>
) => Promise<FetchResult<OperationOf<Paths, P, M>>>

/** A client typed by the generated `paths`. */
export interface Client<Paths> {
  /** Sends a GET request. */
  GET: ClientMethod<Paths, 'GET'>
  /** Sends a POST request. */
  POST: ClientMethod<Paths, 'POST'>
  /** Sends a PUT request. */
  PUT: ClientMethod<Paths, 'PUT'>
  /** Sends a DELETE request. */
  DELETE: ClientMethod<Paths, 'DELETE'>
  /** Sends a PATCH request. */
  PATCH: ClientMethod<Paths, 'PATCH'>
  /** Adds middleware after the existing ones. */
  use(...middleware: Middleware[]): void
  /** Removes middleware added earlier. */
  eject(...middleware: Middleware[]): void
}
