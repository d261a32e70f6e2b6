import { ApiError } from './errors'
import { fetchPlatformJson } from './platform-http'
import { WECHAT_API_BASE_URL, WECHAT_TIMEOUT_MS } from './wechat'
import type { AccessTokenProvider } from './wechat-access-token'

/** Options of the caller of WeChat's server APIs that take an access token. */
export interface WechatApiOptions {
  /** Gives the access token; shared by every instance. */
  accessToken: AccessTokenProvider
  /** Where WeChat's API lives; tests point it at a local fake. */
  baseUrl?: string
  /** How long WeChat gets to answer. */
  timeoutMs?: number
}

/** An answer with `errcode` 0 (or none), as an object. */
export type WechatAnswer = Record<string, unknown>

/** POSTs `payload` to an access-token API; resolves with a successful answer, rejects with an `ApiError`. */
export type WechatApiCall = (
  path: string,
  payload: unknown,
  errcodes: (errcode: number) => ApiError,
) => Promise<WechatAnswer>

type Outcome = { kind: 'ok'; body: WechatAnswer } | { kind: 'invalid-token' } | { kind: 'errcode'; errcode: number }

// errcodes saying the access token itself is bad: expired early, replaced, or never valid.
const INVALID_TOKEN_ERRCODES = new Set([40001, 40014, 42001])

/**
 * Calls WeChat with the shared access token, once more with a new one when WeChat refuses the token.
 * Failures are logged by errcode or error name only: URLs carry the access token, answers can quote data.
 */
export function createWechatApiCaller(options: WechatApiOptions): WechatApiCall {
  const baseUrl = (options.baseUrl ?? WECHAT_API_BASE_URL).replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? WECHAT_TIMEOUT_MS

  async function ask(path: string, token: string, payload: unknown): Promise<Outcome> {
    const where = path.split('/').pop() ?? path
    const query = new URLSearchParams({ access_token: token })
    const body = await fetchPlatformJson(`${baseUrl}${path}?${query}`, {
      json: payload,
      timeoutMs,
      unavailable: 'WECHAT_UNAVAILABLE',
      where,
    })
    const { errcode } = body as WechatAnswer
    if (errcode !== undefined && errcode !== 0) {
      if (typeof errcode !== 'number') throw new ApiError('WECHAT_UNAVAILABLE', `${where} errcode not a number`)
      return INVALID_TOKEN_ERRCODES.has(errcode) ? { kind: 'invalid-token' } : { kind: 'errcode', errcode }
    }
    return { kind: 'ok', body: body as WechatAnswer }
  }

  return async (path, payload, errcodes) => {
    const token = await options.accessToken.get()
    let outcome = await ask(path, token, payload)
    if (outcome.kind === 'invalid-token')
      outcome = await ask(path, await options.accessToken.replaceInvalid(token), payload)
    if (outcome.kind === 'ok') return outcome.body
    if (outcome.kind === 'errcode') throw errcodes(outcome.errcode)
    throw new ApiError('WECHAT_UNAVAILABLE', 'WeChat refused a freshly refreshed access token')
  }
}
