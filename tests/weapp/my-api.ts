// Alipay's calling convention: success/fail/complete callbacks delivered later, success with the
// result as it is (no `errMsg`), fail with `{ error, errorMessage }` and a numeric code; a promise when
// no callback is given (base library 2.0 and later).
import { answerLater, type WxHost } from './wx-api'

/** A failed Alipay call: its `error` code, `errorMessage` and any fields Alipay adds (`status`, `data`...). */
export class MyFail extends Error {
  constructor(
    readonly error: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

function failure(error: unknown): Record<string, unknown> {
  if (error instanceof MyFail) return { error: error.error, errorMessage: error.message, ...error.extra }
  // Anything else that goes wrong inside the fake is Alipay's generic "unknown error" (3).
  return { error: 3, errorMessage: error instanceof Error ? error.message : String(error) }
}

/** Runs `work` and answers the Alipay way; returns a promise only when no callback was given. */
export function callMy(
  host: WxHost,
  options: unknown,
  work: () => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<unknown> | undefined {
  return answerLater(host, options, work, (result) => result, failure)
}

/** The WeChat-style answer of a shared fake API (`{ errMsg, ...result }`) as Alipay's result: without `errMsg`. */
export function withoutErrMsg(res: unknown): Record<string, unknown> {
  const { errMsg: _errMsg, ...rest } = (res ?? {}) as Record<string, unknown>
  return rest
}
