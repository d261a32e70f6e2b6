// my.request as Alipay documents it: `headers` (not `header`), GET/POST/PUT/DELETE, timeout 30 s by
// default, and only a 2xx answer reaches `success` as `{ data, status, headers }`. Everything else is a
// `fail` with a numeric `error`: 19 an HTTP error status (with `status`, `data`, `headers`), 14 a body
// that does not decode as the dataType asks, 13 a timeout, 20 a connection dropped without an answer,
// 12 one that never came up, 11 a domain not allowed, 9 an abort, 2 a bad parameter. The HTTP itself is the WeChat fake's real request.
import { callMy, MyFail } from './my-api'
import type { WxHost } from './wx-api'
import { type RequestRecord, type RequestRouting, wxRequest } from './wx-request'

interface MyRequestOptions {
  url?: unknown
  headers?: Record<string, unknown>
  method?: unknown
  data?: unknown
  timeout?: unknown
  dataType?: unknown
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE'])
const DEFAULT_TIMEOUT_MS = 30_000
/** Alipay's ceiling for `timeout`. */
const MAX_TIMEOUT_MS = 60_000
const DATA_TYPES = new Set(['json', 'text', 'base64', 'arraybuffer'])

/** The error code and message Alipay gives for a WeChat-fake failure tail (`request:fail <tail>`). */
function networkFailure(errMsg: string): MyFail {
  const tail = errMsg.replace(/^request:fail\s*/, '')
  if (tail === 'url not in domain list') return new MyFail(11, '无权跨域')
  if (tail === 'timeout') return new MyFail(13, '超时')
  if (tail === 'abort') return new MyFail(9, 'request:fail abort')
  // Connected, then dropped without an answer: the server stopped the request (Alipay's 20), unlike a
  // connection that never came up (refused, no such host: 12).
  if (tail === 'net::ERR_CONNECTION_RESET') return new MyFail(20, '请求已被停止')
  return new MyFail(12, '网络出错')
}

/** Decodes a body as `dataType` asks; undefined when it does not decode (Alipay's error 14). */
function decode(raw: string | ArrayBuffer, dataType: string, parseJson: (text: string) => unknown): unknown {
  if (dataType === 'arraybuffer' || typeof raw !== 'string') return raw
  if (dataType === 'base64') return `data:;base64,${Buffer.from(raw, 'utf8').toString('base64')}`
  if (dataType === 'text' || raw === '') return raw
  try {
    // No BOM tolerance: Alipay's FAQ names a UTF-8 BOM as a cause of error 14.
    return parseJson(raw)
  } catch {
    return undefined
  }
}

/** `my.request`: returns a RequestTask (`abort()`); the answer arrives through the callbacks or the promise. */
export function myRequest(
  host: WxHost,
  routing: RequestRouting,
  record: (entry: RequestRecord) => void,
  parseJson: (text: string) => unknown,
  options: unknown,
): unknown {
  const o = (options ?? {}) as MyRequestOptions
  let inner: { abort?: () => void } | undefined
  let aborted = false
  const task = {
    abort: () => {
      aborted = true
      inner?.abort?.()
    },
  }
  const promise = callMy(host, options, async () => {
    if (typeof o.url !== 'string' || o.url === '') throw new MyFail(2, '参数错误: url')
    const method = String(o.method ?? 'GET').toUpperCase()
    if (!METHODS.has(method)) throw new MyFail(2, `参数错误: method ${String(o.method)} 不支持`)
    const dataType = String(o.dataType ?? 'json').toLowerCase()
    if (!DATA_TYPES.has(dataType)) throw new MyFail(2, `参数错误: dataType ${String(o.dataType)}`)
    const headers: Record<string, string> = {}
    for (const [key, value] of Object.entries(o.headers ?? {})) {
      if (typeof value !== 'string') throw new MyFail(2, `参数错误: headers.${key} 必须是 String`)
      headers[key] = value
    }
    const timeout = Math.min(Number(o.timeout ?? DEFAULT_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS)
    if (aborted) throw new MyFail(9, 'request:fail abort')
    const answer = await new Promise<Record<string, unknown>>((resolve, reject) => {
      inner = wxRequest(host, routing, record, parseJson, {
        url: o.url,
        method,
        data: o.data,
        header: headers,
        timeout,
        dataType: 'text',
        responseType: dataType === 'arraybuffer' ? 'arraybuffer' : 'text',
        success: (res: unknown) => resolve(res as Record<string, unknown>),
        fail: (res: unknown) => reject(networkFailure(String((res as { errMsg?: unknown }).errMsg ?? ''))),
      }) as { abort?: () => void }
    })
    const status = Number(answer.statusCode)
    const responseHeaders = (answer.header ?? {}) as Record<string, string>
    const data = decode(answer.data as string | ArrayBuffer, dataType, parseJson)
    if (status < 200 || status > 299) {
      throw new MyFail(19, 'http status error', {
        status,
        data: data === undefined ? answer.data : data,
        headers: responseHeaders,
      })
    }
    if (data === undefined) {
      throw new MyFail(14, 'JSON parse data error', { status, data: answer.data, headers: responseHeaders })
    }
    return { data, status, headers: responseHeaders }
  })
  return promise ?? task
}
