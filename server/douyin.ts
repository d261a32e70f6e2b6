import type { CodeExchange, PlatformIdentity } from './code-exchange'
import { ApiError, type ErrorCode, errorName } from './errors'

/** Options of the real Douyin exchange. */
export interface DouyinExchangeOptions {
  /** The mini program's appid. */
  appId: string
  /** The mini program's App Secret: from the environment only, never logged. */
  secret: string
  /** Where Douyin's open API lives; tests point it at a local fake. */
  baseUrl?: string
  /** How long to wait for Douyin before answering 502. */
  timeoutMs?: number
}

/** Douyin's open API origin for mini programs. */
export const DOUYIN_API_BASE_URL = 'https://developer.toutiao.com'

/** The code exchange's path (version 2: JSON in, `{err_no, err_tips, data}` out). */
export const DOUYIN_JSCODE2SESSION_PATH = '/api/apps/v2/jscode2session'

/** Default time Douyin gets to answer a code exchange. */
export const DOUYIN_TIMEOUT_MS = 5000

/** `err_no`s with their own meaning to the client; any other is `DOUYIN_UNAVAILABLE`. */
export const DOUYIN_ERR_NOS: Readonly<Record<number, ErrorCode>> = {
  40018: 'INVALID_CODE', // bad code: wrong, used or expired
  40019: 'INVALID_CODE', // bad anonymous_code
  [-1]: 'DOUYIN_UNAVAILABLE', // system error
}

/**
 * The real code exchange: `POST /api/apps/v2/jscode2session` with `{appid, secret, code, anonymous_code}`,
 * a timeout, and Douyin's `err_no`s mapped. The secret travels in the body, never in a URL or a log line.
 */
export function createDouyinExchange(options: DouyinExchangeOptions): CodeExchange {
  const url = `${(options.baseUrl ?? DOUYIN_API_BASE_URL).replace(/\/+$/, '')}${DOUYIN_JSCODE2SESSION_PATH}`
  const timeoutMs = options.timeoutMs ?? DOUYIN_TIMEOUT_MS
  return {
    mode: 'douyin',
    async exchange(code: string): Promise<PlatformIdentity> {
      let status: number
      let text: string
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // The contract carries no anonymous code: only users logged in to Douyin (who have a code) sign in.
          body: JSON.stringify({ appid: options.appId, secret: options.secret, code, anonymous_code: '' }),
          signal: AbortSignal.timeout(timeoutMs),
        })
        status = response.status
        text = await response.text()
      } catch (error) {
        throw new ApiError('DOUYIN_UNAVAILABLE', `douyin request failed (${errorName(error)})`)
      }
      if (status < 200 || status >= 300) throw new ApiError('DOUYIN_UNAVAILABLE', `douyin answered HTTP ${status}`)
      return identityFrom(text)
    },
  }
}

function identityFrom(text: string): PlatformIdentity {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new ApiError('DOUYIN_UNAVAILABLE', 'douyin answered with a body that is not JSON')
  }
  if (typeof body !== 'object' || body === null) {
    throw new ApiError('DOUYIN_UNAVAILABLE', 'douyin answered with a body that is not an object')
  }
  const { err_no: errNo, data } = body as Record<string, unknown>
  if (errNo !== 0) {
    const code = typeof errNo === 'number' ? DOUYIN_ERR_NOS[errNo] : undefined
    // Only a numeric err_no is quoted: anything else in its place is not Douyin's and could be anything.
    throw new ApiError(
      code ?? 'DOUYIN_UNAVAILABLE',
      `douyin err_no ${typeof errNo === 'number' ? errNo : typeof errNo}`,
    )
  }
  const { openid, session_key: sessionKey } = (typeof data === 'object' && data !== null ? data : {}) as Record<
    string,
    unknown
  >
  if (typeof openid !== 'string' || openid === '' || typeof sessionKey !== 'string' || sessionKey === '') {
    throw new ApiError('DOUYIN_UNAVAILABLE', 'douyin answered without openid or session_key')
  }
  return { openid, sessionKey }
}
