// A local stand-in for Douyin's code exchange, `POST /api/apps/v2/jscode2session`, on a free loopback port,
// with Douyin's own answer shapes: `{err_no, err_tips, log_id, data}`. Codes drive it (`fake-platform.ts`).
import { randomBytes } from 'node:crypto'
import { DOUYIN_JSCODE2SESSION_PATH } from '../douyin'
import {
  delayed,
  errorPage,
  type FakeCode,
  type FakePlatformControls,
  type FakeReply,
  type FakeRequest,
  fakeCodeBook,
  fakeOpenid,
  startFakeHttpServer,
} from './fake-platform'

/** A running fake Douyin API. */
export interface FakeDouyin extends FakePlatformControls {
  /** Base URL to configure as `DOUYIN_API_BASE_URL`. */
  baseUrl: string
  /** The appid it accepts (`DOUYIN_APPID`). */
  appId: string
  /** The App Secret it accepts (`DOUYIN_SECRET`). */
  secret: string
  /** The JSON bodies of every code exchange received, in order. */
  requests: Array<Record<string, unknown>>
}

/** Douyin's error answer for `errNo`. */
export function douyinError(errNo: number, errTips: string): string {
  return JSON.stringify({ err_no: errNo, err_tips: errTips, log_id: logId(), data: null })
}

const ERR_TIPS: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40014: 'bad params',
  40015: 'bad appid',
  40017: 'bad secret',
  40018: 'bad code',
  40019: 'bad anonymous_code',
}

function logId(): string {
  return `2026${randomBytes(12).toString('hex').toUpperCase()}`
}

/** Starts the fake with its own appid and secret (or the given ones). */
export async function startFakeDouyin(options: { appId?: string; secret?: string } = {}): Promise<FakeDouyin> {
  const appId = options.appId ?? `tt${randomBytes(8).toString('hex')}`
  const secret = options.secret ?? randomBytes(20).toString('hex')
  const requests: Array<Record<string, unknown>> = []
  const codes = fakeCodeBook()

  function replyFor(code: FakeCode): FakeReply {
    switch (code.kind) {
      case 'user':
        return {
          body: JSON.stringify({
            err_no: 0,
            err_tips: 'success',
            log_id: logId(),
            data: {
              session_key: randomBytes(16).toString('base64'),
              openid: fakeOpenid(code.name),
              anonymous_openid: '',
              unionid: `unionid-${code.name}`,
            },
          }),
        }
      case 'error': {
        const errNo = Number(code.value)
        return { body: douyinError(Number.isInteger(errNo) ? errNo : -1, code.message ?? ERR_TIPS[errNo] ?? 'error') }
      }
      case 'hang':
        return 'hang'
      case 'bad-json':
        return { body: '{"err_no":0,"data":{"openid":' }
      case 'http':
        return errorPage(code.status)
      case 'delay':
        return delayed(replyFor(code.after), code.ms)
      default:
        return { body: douyinError(40018, 'bad code') }
    }
  }

  function handle(request: FakeRequest): FakeReply {
    if (request.method !== 'POST' || request.url.pathname !== DOUYIN_JSCODE2SESSION_PATH) return errorPage(404)
    let body: Record<string, unknown>
    try {
      const parsed: unknown = JSON.parse(request.body)
      body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
    } catch {
      return { body: douyinError(40014, 'bad params') }
    }
    requests.push(body)
    const { appid, secret: sent, code, anonymous_code: anonymousCode } = body
    if (appid !== appId) return { body: douyinError(40015, 'bad appid') }
    if (sent !== secret) return { body: douyinError(40017, 'bad secret') }
    if (typeof code !== 'string' || code === '') {
      // Douyin needs a code or an anonymous code; an anonymous code alone is a guest, whom this project never signs in.
      return {
        body: douyinError(typeof anonymousCode === 'string' && anonymousCode !== '' ? 40019 : 40014, 'bad params'),
      }
    }
    const taken = codes.take(code)
    return taken === null ? { body: douyinError(40018, 'bad code') } : replyFor(taken)
  }

  const server = await startFakeHttpServer(handle)
  return {
    baseUrl: server.origin,
    appId,
    secret,
    requests,
    codeFor: codes.codeFor,
    respondAs: codes.respondAs,
    answers: server.answers,
    close: () => server.close(),
  }
}
