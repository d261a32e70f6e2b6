import type { CodeExchange, PlatformIdentity } from './code-exchange'
import { ApiError, type ErrorCode } from './errors'
import { fetchPlatformJson } from './platform-http'

export type { CodeExchange } from './code-exchange'

/** What a `wx.login` code is exchanged for (every platform's identity has this shape). */
export type WechatIdentity = PlatformIdentity

/** Options of the real WeChat exchange. */
export interface WechatExchangeOptions {
  /** The mini program's AppID. */
  appId: string
  /** The mini program's AppSecret: from the environment only, never logged. */
  appSecret: string
  /** Where WeChat's API lives; tests point it at a local fake. */
  baseUrl?: string
  /** How long to wait for WeChat before answering 502. */
  timeoutMs?: number
}

/** WeChat's API origin. */
export const WECHAT_API_BASE_URL = 'https://api.weixin.qq.com'

/** Default time WeChat gets to answer a code exchange. */
export const WECHAT_TIMEOUT_MS = 5000

/** WeChat errcodes with their own meaning to the client; any other errcode is `WECHAT_UNAVAILABLE`. */
export const WECHAT_ERRCODES: Readonly<Record<number, ErrorCode>> = {
  40029: 'INVALID_CODE', // invalid code
  40163: 'INVALID_CODE', // code already used
  45011: 'RATE_LIMITED', // too many calls by this user
  40226: 'USER_BLOCKED', // high-risk user, login blocked
  [-1]: 'WECHAT_UNAVAILABLE', // system busy
}

/** The jscode2session URL for `code`: every parameter encoded, so a code cannot smuggle parameters. */
export function jscode2sessionUrl(baseUrl: string, appId: string, appSecret: string, code: string): string {
  const query = new URLSearchParams({
    appid: appId,
    secret: appSecret,
    js_code: code,
    grant_type: 'authorization_code',
  })
  return `${baseUrl.replace(/\/+$/, '')}/sns/jscode2session?${query}`
}

/** The real code exchange: `GET /sns/jscode2session` with a timeout and WeChat's errcodes mapped. */
export function createWechatExchange(options: WechatExchangeOptions): CodeExchange {
  const baseUrl = options.baseUrl ?? WECHAT_API_BASE_URL
  const timeoutMs = options.timeoutMs ?? WECHAT_TIMEOUT_MS
  return {
    mode: 'wechat',
    async exchange(code: string): Promise<WechatIdentity> {
      const url = jscode2sessionUrl(baseUrl, options.appId, options.appSecret, code)
      // Failures are told by name only: fetch errors can quote the URL, and the URL holds the secret.
      return identityFrom(
        await fetchPlatformJson(url, { timeoutMs, unavailable: 'WECHAT_UNAVAILABLE', where: 'wechat' }),
      )
    },
  }
}

function identityFrom(body: Record<string, unknown>): WechatIdentity {
  const { errcode, openid, session_key: sessionKey } = body
  if (errcode !== undefined && errcode !== 0) {
    const code = typeof errcode === 'number' ? WECHAT_ERRCODES[errcode] : undefined
    // Only a numeric errcode is quoted: anything else in its place is not WeChat's and could be anything.
    throw new ApiError(
      code ?? 'WECHAT_UNAVAILABLE',
      `wechat errcode ${typeof errcode === 'number' ? errcode : typeof errcode}`,
    )
  }
  if (typeof openid !== 'string' || openid === '' || typeof sessionKey !== 'string' || sessionKey === '') {
    throw new ApiError('WECHAT_UNAVAILABLE', 'wechat answered without openid or session_key')
  }
  return { openid, sessionKey }
}
