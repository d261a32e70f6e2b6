// A stand-in for `Taro.request` / `wx.request` with WeChat's callback contract, for the SDK's tests.
import type { TaroRequest } from '../client/taro-transport'

/** What the fake server answers: a response (any status), or a failure with WeChat's `errMsg`. */
export type WxAnswer = { statusCode: number; header?: Record<string, unknown>; data: unknown } | { errMsg: string }

/** The options each call received, for assertions. */
export type WxCall = Parameters<TaroRequest>[0]

/** A request answering through `success`/`fail` later, and, like Taro's, returning a promise that rejects on failure. */
export function fakeWxRequest(answer: (option: WxCall) => WxAnswer): TaroRequest & { calls: WxCall[] } {
  const calls: WxCall[] = []
  const request: TaroRequest = (option) => {
    calls.push(option)
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        const result = answer(option)
        if ('errMsg' in result) {
          option.fail(result)
          reject(result)
        } else {
          const success = { header: {}, ...result, errMsg: 'request:ok' }
          option.success(success)
          resolve(success)
        }
      }, 0)
    })
  }
  return Object.assign(request, { calls })
}
