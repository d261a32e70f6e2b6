// A local stand-in for WeChat's server APIs the server calls: a real HTTP server on a free loopback port.
// It speaks jscode2session, stable_token and getuserphonenumber with WeChat's own success and error shapes.
import { randomBytes } from 'node:crypto'
import { startFakeHttpServer } from './fake-platform'

/** How the fake answers one request. */
export interface FakeAnswer {
  /** HTTP status; 200 when absent. */
  status?: number
  /** Raw response body. */
  body: string
  /** Wait this long before answering (to provoke timeouts). */
  delayMs?: number
}

/** A request as the fake received it. */
export type FakeResponder = (url: URL, body: string) => FakeAnswer

/** A running fake WeChat API. */
export interface FakeWechat {
  /** Base URL to configure as the WeChat API base. */
  baseUrl: string
  /** Every request URL received, in order (path and query). */
  requests: URL[]
  /** Every request body received, in order (same index as `requests`). */
  bodies: string[]
  /** `stable_token` calls, and how many of them forced a refresh. */
  stableTokenCalls(): { total: number; forced: number }
  /** Makes the current access token invalid (as a refresh elsewhere would), so the next use gets 40001. */
  invalidateAccessToken(): void
  /** Replaces how the fake answers; `wechatDefault` restores WeChat's behaviour. */
  answer(respond: FakeResponder): void
  /** WeChat's own behaviour, to delegate to from a custom answer. */
  wechatDefault: FakeResponder
  /** Stops the server. */
  close(): Promise<void>
}

/** WeChat's jscode2session success answer: one openid per code, so the same code is the same user. */
export function successFor(url: URL): FakeAnswer {
  const code = url.searchParams.get('js_code') ?? ''
  return { body: JSON.stringify({ openid: `openid-${code}`, session_key: `session-key-${code}` }) }
}

/** WeChat's answer for an errcode. */
export function errcode(code: number, errmsg = 'error'): FakeAnswer {
  return { body: JSON.stringify({ errcode: code, errmsg }) }
}

/** The fake's phone codes: `phone:<number>` verifies that number once; `phone-error:<errcode>` fails with it. */
export const FAKE_PHONE_CODE = /^phone:(\d{11})$/
const FAKE_PHONE_ERROR = /^phone-error:(-?\d+)$/

/** Words the fake's text security check finds risky. */
export const RISKY_WORDS = ['违禁词']

/** Lifetime of the fake's access tokens, as WeChat's: 2 hours. */
export const FAKE_ACCESS_TOKEN_TTL_S = 7200

/** Starts the fake; it answers as WeChat does until told otherwise. */
export async function startFakeWechat(): Promise<FakeWechat> {
  const requests: URL[] = []
  const bodies: string[] = []
  const usedPhoneCodes = new Set<string>()
  let accessToken: { token: string; expiresAtMs: number } | null = null
  let total = 0
  let forced = 0

  function newAccessToken() {
    accessToken = {
      token: `fake-at-${randomBytes(12).toString('hex')}`,
      expiresAtMs: Date.now() + FAKE_ACCESS_TOKEN_TTL_S * 1000,
    }
    return accessToken
  }

  const wechatDefault: FakeResponder = (url, body) => {
    if (url.pathname === '/cgi-bin/stable_token') {
      total++
      const request = parse(body)
      if (request.grant_type !== 'client_credential' || typeof request.appid !== 'string' || !request.secret) {
        return errcode(40013, 'invalid appid')
      }
      if (request.force_refresh === true) forced++
      const current =
        request.force_refresh !== true && accessToken && accessToken.expiresAtMs - Date.now() > 5 * 60_000
          ? accessToken
          : newAccessToken()
      const expiresIn = Math.floor((current.expiresAtMs - Date.now()) / 1000)
      return { body: JSON.stringify({ access_token: current.token, expires_in: expiresIn }) }
    }
    if (url.pathname === '/wxa/business/getuserphonenumber') {
      if (!accessToken || url.searchParams.get('access_token') !== accessToken.token) {
        return errcode(40001, 'invalid credential, access_token is invalid or not latest')
      }
      const code = parse(body).code
      if (typeof code !== 'string') return errcode(47001, 'data format error')
      const failure = FAKE_PHONE_ERROR.exec(code)?.[1]
      if (failure !== undefined) return errcode(Number(failure), 'error')
      const number = FAKE_PHONE_CODE.exec(code)?.[1]
      if (number === undefined || usedPhoneCodes.has(code)) return errcode(40029, 'invalid code')
      usedPhoneCodes.add(code)
      return {
        body: JSON.stringify({
          errcode: 0,
          errmsg: 'ok',
          phone_info: {
            phoneNumber: number,
            purePhoneNumber: number,
            countryCode: '86',
            watermark: { timestamp: Math.floor(Date.now() / 1000), appid: 'wx-fake' },
          },
        }),
      }
    }
    if (url.pathname === '/wxa/msg_sec_check') {
      if (!accessToken || url.searchParams.get('access_token') !== accessToken.token) {
        return errcode(40001, 'invalid credential, access_token is invalid or not latest')
      }
      const { content, version, scene, openid } = parse(body)
      if (typeof content !== 'string' || version !== 2 || typeof scene !== 'number' || typeof openid !== 'string') {
        return errcode(47001, 'data format error')
      }
      const risky = RISKY_WORDS.some((word) => content.includes(word))
      return {
        body: JSON.stringify({
          errcode: 0,
          errmsg: 'ok',
          result: { suggest: risky ? 'risky' : 'pass', label: risky ? 20001 : 100 },
          detail: [],
          trace_id: randomBytes(8).toString('hex'),
        }),
      }
    }
    return successFor(url)
  }

  let respond: FakeResponder = wechatDefault
  const server = await startFakeHttpServer(({ url, body }) => {
    requests.push(url)
    bodies.push(body)
    return { ...respond(url, body), contentType: 'text/plain' }
  })
  return {
    baseUrl: server.origin,
    requests,
    bodies,
    stableTokenCalls: () => ({ total, forced }),
    invalidateAccessToken() {
      accessToken = null
    },
    answer(next) {
      respond = next
    },
    wechatDefault,
    close: () => server.close(),
  }
}

function parse(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
