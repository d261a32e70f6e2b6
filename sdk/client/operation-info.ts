import type { Shape } from './shape'

/** Whether an operation needs a token: `none` = public, `optional` = sent when there is one, `bearer` = required. */
export type AuthRequirement = 'none' | 'optional' | 'bearer'

/** What the client knows about one operation at run time (generated from the spec's `security` and responses). */
export interface OperationInfo {
  /** Whether the operation takes a bearer token. */
  readonly auth: AuthRequirement
  /** Per declared 2xx status (or `2XX`): the shape of its JSON body, or `null` when it has no body. */
  readonly ok: { readonly [status: string]: Shape | null }
  /** Per declared error status (`401`, `4XX`, `default`…) with a JSON body: the shape that body must have. */
  readonly errors: { readonly [status: string]: Shape }
}

/** Operation metadata keyed by `"METHOD /path"`, e.g. `"GET /profile"`. */
export type OperationTable = { readonly [operation: string]: OperationInfo }
