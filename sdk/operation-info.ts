import type { Shape } from './shape'

/** Whether an operation needs a token: `none` = public, `optional` = sent when there is one, `bearer` = required. */
export type AuthRequirement = 'none' | 'optional' | 'bearer'

/** What the client knows about one operation at run time (generated from the spec's `security` and 2xx responses). */
export interface OperationInfo {
  /** Whether the operation takes a bearer token. */
  readonly auth: AuthRequirement
  /** Per declared 2xx status (or `2XX`): the shape of its JSON body, or `null` when it has no body. */
  readonly ok: { readonly [status: string]: Shape | null }
}

/** Operation metadata keyed by `"METHOD /path"`, e.g. `"GET /profile"`. */
export type OperationTable = { readonly [operation: string]: OperationInfo }
