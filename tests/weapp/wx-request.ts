// wx.request over real HTTP: every status reaches `success`; only a network failure, a timeout or
// an abort reaches `fail`. `data` is parsed JSON only when dataType is 'json' and the body parses.
import http from 'node:http'
import https from 'node:https'
import { callAsync, WxFail, type WxHost } from './wx-api'

/** One request as the app made it and as the server answered it. */
export interface RequestRecord {
  method: string
  /** The URL the app asked for (with the compiled-in API origin). */
  url: string
  /** The URL actually contacted (after rewriting the API origin to the test server). */
  sentTo: string
  headers: Record<string, string>
  body: string | undefined
  status?: number
  /** `request:fail ...` when it never got an answer. */
  error?: string
  ms?: number
}

/** Where requests go and what may be contacted. */
export interface RequestRouting {
  /** Rewrites a URL the app built from its compiled-in base URL to the test server; null when not allowed. */
  resolve(url: string): string | null
  agent: { http: http.Agent; https: https.Agent }
  /** Sockets still open, so closing a runtime can cut them. */
  live: Set<http.ClientRequest>
}

interface RequestOptions {
  url?: unknown
  data?: unknown
  header?: Record<string, unknown>
  method?: string
  dataType?: string
  responseType?: string
  timeout?: number
}

const METHODS = new Set(['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'])
/** WeChat's default when the caller gives no timeout. */
const DEFAULT_TIMEOUT_MS = 60_000

function toQuery(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(
      ([k, v]) =>
        `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`,
    )
    .join('&')
}

function encodeBody(method: string, data: unknown, contentType: string): { query?: string; body?: string | Buffer } {
  if (data === undefined || data === null) return {}
  const isBuffer = data instanceof ArrayBuffer || ArrayBuffer.isView(data)
  if (method === 'GET' || method === 'HEAD') {
    if (typeof data === 'string') return data ? { query: data } : {}
    return typeof data === 'object' && !isBuffer ? { query: toQuery(data as Record<string, unknown>) } : {}
  }
  if (typeof data === 'string') return { body: data }
  if (isBuffer) return { body: Buffer.from(data as ArrayBuffer) }
  if (/application\/x-www-form-urlencoded/i.test(contentType)) return { body: toQuery(data as Record<string, unknown>) }
  return { body: JSON.stringify(data) }
}

function responseHeaders(res: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i] as string
    const value = res.rawHeaders[i + 1] as string
    out[name] = name in out ? `${out[name]}, ${value}` : value
  }
  return out
}

function networkMessage(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'net::ERR_CONNECTION_REFUSED'
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return 'net::ERR_CONNECTION_RESET'
  if (error.code === 'ENOTFOUND') return 'net::ERR_NAME_NOT_RESOLVED'
  return error.code ?? error.message
}

/** `wx.request`: returns a RequestTask; the answer arrives through the callbacks (or the returned promise). */
export function wxRequest(
  host: WxHost,
  routing: RequestRouting,
  record: (entry: RequestRecord) => void,
  parseJson: (text: string) => unknown,
  options: unknown,
): unknown {
  const o = (options ?? {}) as RequestOptions
  let aborted = false
  let abort: () => void = () => {}
  const headersListeners = new Set<(res: unknown) => void>()
  const task = {
    abort: () => {
      aborted = true
      abort()
    },
    onHeadersReceived: (fn: (res: unknown) => void) => headersListeners.add(fn),
    offHeadersReceived: (fn: (res: unknown) => void) => headersListeners.delete(fn),
    onChunkReceived: () => {},
    offChunkReceived: () => {},
  }
  const promise = callAsync(host, 'request', options, () => {
    const method = String(o.method ?? 'GET').toUpperCase()
    if (!METHODS.has(method)) throw new WxFail(`invalid method ${o.method}`)
    if (typeof o.url !== 'string') throw new WxFail('parameter error: parameter.url should be String')
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(o.header ?? {})) if (v !== undefined) headers[k] = String(v)
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json'
    const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? ''
    const { query, body } = encodeBody(method, o.data, contentType)
    const url = query ? `${o.url}${o.url.includes('?') ? '&' : '?'}${query}` : o.url
    const target = routing.resolve(url)
    const entry: RequestRecord = {
      method,
      url,
      sentTo: target ?? url,
      headers,
      body: body === undefined ? undefined : String(body),
    }
    record(entry)
    if (!target) {
      entry.error = 'request:fail url not in domain list'
      throw new WxFail('url not in domain list')
    }
    if (aborted) {
      entry.error = 'request:fail abort'
      throw new WxFail('abort')
    }
    const started = Date.now()
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const parsed = new URL(target)
      const client = parsed.protocol === 'https:' ? https : http
      const agent = parsed.protocol === 'https:' ? routing.agent.https : routing.agent.http
      const req = client.request(parsed, { method, headers, agent })
      routing.live.add(req)
      let settled = false
      const fail = (message: string) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        entry.error = `request:fail ${message}`
        entry.ms = Date.now() - started
        reject(new WxFail(message))
      }
      const timer = setTimeout(() => {
        fail('timeout')
        req.destroy()
      }, o.timeout ?? DEFAULT_TIMEOUT_MS)
      abort = () => {
        fail('abort')
        req.destroy()
      }
      req.on('error', (error: NodeJS.ErrnoException) => fail(networkMessage(error)))
      req.on('close', () => {
        routing.live.delete(req)
        fail('net::ERR_CONNECTION_RESET')
      })
      req.on('response', (res) => {
        const header = responseHeaders(res)
        for (const fn of headersListeners) host.later(() => fn(host.intoRuntime({ header })))
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', (error: NodeJS.ErrnoException) => fail(networkMessage(error)))
        res.on('end', () => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          entry.status = res.statusCode ?? 0
          entry.ms = Date.now() - started
          const raw = Buffer.concat(chunks)
          let data: unknown = raw.toString('utf8')
          if (o.responseType === 'arraybuffer') {
            data = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)
          } else if ((o.dataType ?? 'json') === 'json') {
            try {
              data = parseJson((data as string).replace(/^\uFEFF/, ''))
            } catch {
              // WeChat hands over the text as it came when it is not JSON.
            }
          }
          const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
          resolve({ data, statusCode: entry.status, header, cookies })
        })
      })
      req.end(body)
    })
  })
  // With callbacks WeChat returns the task; without, a promise (the task's methods are then unreachable).
  return promise ?? task
}
