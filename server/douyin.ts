import type { CodeExchange, PlatformIdentity } from './code-exchange'
import { ApiError, type ErrorCode } from './errors'
import { fetchPlatformJson } from './platform-http'

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
      // The contract carries no anonymous code: only users logged in to Douyin (who have a code) sign in.
      const json = { appid: options.appId, secret: options.secret, code, anonymous_code: '' }
      return identityFrom(
        await fetchPlatformJson(url, { json, timeoutMs, unavailable: 'DOUYIN_UNAVAILABLE', where: 'douyin' }),
      )
    },
  }
}

function identityFrom(body: Record<string, unknown>): PlatformIdentity {
  const { err_no: errNo, data } = body
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
