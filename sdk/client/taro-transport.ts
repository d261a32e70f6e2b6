import Taro from '@tarojs/taro'
import { NetworkError } from './errors'
import type { HttpMethod, Transport, TransportResponse } from './transport'

/** The part of `Taro.request`'s callback contract the transport relies on (WeChat's `wx.request` has the same). */
export type TaroRequest = (option: {
  url: string
  method: HttpMethod
  header: Record<string, string>
  data?: string
  dataType: string
  responseType: 'text'
  timeout?: number
  success: (result: { statusCode: number; header: Record<string, unknown>; data: unknown }) => void
  fail: (result: { errMsg: string }) => void
}) => unknown

/** Alipay's my.request error for a request that timed out. */
const ALIPAY_TIMEOUT_ERROR = 13

/**
 * The HTTP answer inside a failure result, or null: Alipay's `fail` for a non-2xx status carries `status`,
 * `headers` and `data` next to `error: 19`. A failure without a real HTTP status is a network failure.
 */
function answerInFailure(result: unknown): TransportResponse | null {
  const { status, headers, header, data } = (typeof result === 'object' && result !== null ? result : {}) as Record<
    string,
    unknown
  >
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return null
  return { status, headers: lowerCaseHeaders(headers ?? header), body: bodyText(data) }
}

function lowerCaseHeaders(header: unknown): Record<string, string> {
  const headers: Record<string, string> = {}
  if (typeof header !== 'object' || header === null) return headers
  const source = header as Record<string, unknown>
  for (const name in source) headers[name.toLowerCase()] = String(source[name])
  return headers
}

// A platform that parsed JSON anyway hands over an object: turn it back into text.
function bodyText(data: unknown): string {
  return typeof data === 'string' ? data : data == null ? '' : JSON.stringify(data)
}

/** Settings of `taroTransport`. */
export interface TaroTransportOptions {
  /** How long a request may take before it fails with code `TIMEOUT`; the platform default when absent. */
  timeoutMs?: number
  /** The request function; `Taro.request` unless a test injects a fake. */
  request?: TaroRequest
}

/** A transport over `Taro.request` (WeChat has no `fetch`); a failed request becomes a `NetworkError`. */
export function taroTransport({ timeoutMs, request }: TaroTransportOptions = {}): Transport {
  return (req) =>
    new Promise((resolve, reject) => {
      // Looked up per call, so a `Taro.request` replaced after start-up (interceptors, tests) is used.
      const send: TaroRequest = request ?? Taro.request
      const option: Parameters<TaroRequest>[0] = {
        url: req.url,
        method: req.method,
        header: req.headers,
        // Raw text: the client parses it, so a malformed body is detected instead of silently passed on.
        dataType: 'text',
        responseType: 'text',
        success({ statusCode, header, data }) {
          resolve({ status: statusCode, headers: lowerCaseHeaders(header), body: bodyText(data) })
        },
        fail(result) {
          // Alipay's my.request fails every non-2xx answer (error 19) but hands over the answer itself; Taro
          // passes that on untouched. It is the API's response like any other, as WeChat's success gives it.
          const answered = answerInFailure(result)
          if (answered) {
            resolve(answered)
            return
          }
          const { error, errorMessage } = (result ?? {}) as { error?: unknown; errorMessage?: unknown }
          // Taro's H5 request hands `fail` the fetch Error before it sets `errMsg` on it.
          const errMsg =
            result?.errMsg ||
            (typeof errorMessage === 'string' ? errorMessage : '') ||
            (result as { message?: string } | undefined)?.message ||
            'request:fail'
          // WeChat says `request:fail timeout`, Alipay `error: 13`; Taro's H5 request times out by aborting fetch.
          const code =
            error === ALIPAY_TIMEOUT_ERROR || /time ?out|abort|超时/i.test(errMsg) ? 'TIMEOUT' : 'NETWORK_ERROR'
          reject(new NetworkError(code, errMsg, result))
        },
      }
      // WeChat checks parameter types: leave keys out rather than pass `undefined`.
      if (req.body !== undefined) option.data = req.body
      if (timeoutMs !== undefined) option.timeout = timeoutMs
      const pending = send(option) as Promise<unknown> | undefined
      // Taro.request also returns a promise that rejects on failure; `fail` has already reported it.
      if (typeof pending?.catch === 'function') pending.catch(() => {})
    })
}
