import Taro from '@tarojs/taro'
import { NetworkError } from './errors'
import type { HttpMethod, Transport } from './transport'

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
          const headers: Record<string, string> = {}
          for (const name in header) headers[name.toLowerCase()] = String(header[name])
          // A platform that parsed JSON anyway hands over an object: turn it back into text.
          const body = typeof data === 'string' ? data : data == null ? '' : JSON.stringify(data)
          resolve({ status: statusCode, headers, body })
        },
        fail(result) {
          // Taro's H5 request hands `fail` the fetch Error before it sets `errMsg` on it.
          const errMsg = result?.errMsg || (result as { message?: string } | undefined)?.message || 'request:fail'
          // WeChat says `request:fail timeout`; Taro's H5 request times out by aborting fetch.
          const code = /time ?out|abort/i.test(errMsg) ? 'TIMEOUT' : 'NETWORK_ERROR'
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
