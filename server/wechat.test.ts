import type { ErrorCode } from './errors'
import { errcode, type FakeWechat, startFakeWechat } from './test/fake-wechat'
import { testServer } from './test/harness'
import { freePort } from './test/redis-server'
import { createWechatExchange, jscode2sessionUrl } from './wechat'

const APP_ID = 'wx-test-appid'
const APP_SECRET = 'very-secret-app-secret-4f9a'

let wechat: FakeWechat
beforeAll(async () => {
  wechat = await startFakeWechat()
})
afterAll(async () => {
  await wechat.close()
})
beforeEach(() => {
  wechat.requests.length = 0
  wechat.answer((url) => ({
    body: JSON.stringify({ openid: `openid-${url.searchParams.get('js_code')}`, session_key: 'sk-from-wechat==' }),
  }))
})

function serverWithWechat(options: { timeoutMs?: number; baseUrl?: string } = {}) {
  const exchange = createWechatExchange({
    appId: APP_ID,
    appSecret: APP_SECRET,
    baseUrl: options.baseUrl ?? wechat.baseUrl,
    timeoutMs: options.timeoutMs ?? 2000,
  })
  return testServer({ exchange })
}

async function loginWith(code: string, options?: { timeoutMs?: number; baseUrl?: string }) {
  const { app, logs } = serverWithWechat(options)
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { code } })
  return { status: response.statusCode, body: response.json(), logs }
}

describe('the WeChat code exchange', () => {
  it('calls GET /sns/jscode2session with appid, secret, js_code and grant_type, each encoded on its own', async () => {
    const code = 'a&secret=stolen&grant_type=x#frag y+z%'
    const { status } = await loginWith(code)
    expect(status).toBe(200)
    expect(wechat.requests).toHaveLength(1)
    const [url] = wechat.requests
    expect(url?.pathname).toBe('/sns/jscode2session')
    expect([...(url?.searchParams ?? [])]).toEqual([
      ['appid', APP_ID],
      ['secret', APP_SECRET],
      ['js_code', code],
      ['grant_type', 'authorization_code'],
    ])
  })

  it('builds the same URL whether or not the base URL ends with a slash', () => {
    expect(jscode2sessionUrl('https://api.weixin.qq.com/', 'a', 'b', 'c')).toBe(
      'https://api.weixin.qq.com/sns/jscode2session?appid=a&secret=b&js_code=c&grant_type=authorization_code',
    )
  })

  it('signs the openid WeChat returns in, as the same user on every login', async () => {
    const { app } = serverWithWechat()
    const first = await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'same' } })
    const second = await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'same' } })
    expect(first.statusCode).toBe(200)
    expect(second.json().user.id).toBe(first.json().user.id)
    expect(first.body).not.toContain('sk-from-wechat')
  })

  it.each<[string, number, ErrorCode, number]>([
    ['an invalid code (errcode 40029)', 400, 'INVALID_CODE', 40029],
    ['a used code (errcode 40163)', 400, 'INVALID_CODE', 40163],
    ['too many calls (errcode 45011)', 429, 'RATE_LIMITED', 45011],
    ['a blocked user (errcode 40226)', 403, 'USER_BLOCKED', 40226],
    ['a busy system (errcode -1)', 502, 'WECHAT_UNAVAILABLE', -1],
    ['an unknown errcode (40013)', 502, 'WECHAT_UNAVAILABLE', 40013],
  ])('answers %s with %i %s and issues no token', async (_case, status, code, wechatErrcode) => {
    wechat.answer(() => errcode(wechatErrcode))
    const result = await loginWith('abc')
    expect({ status: result.status, code: result.body.code }).toEqual({ status, code })
    expect(result.body.token).toBeUndefined()
  })

  it.each([
    ['an HTTP 5xx', { status: 503, body: '<html>busy</html>' }],
    ['a body that is not JSON', { body: '{"openid": "x", oops' }],
    ['JSON that is not an object', { body: '"ok"' }],
    ['a success without a session_key', { body: JSON.stringify({ openid: 'x' }) }],
  ])('answers %s from WeChat with 502 WECHAT_UNAVAILABLE', async (_case, answer) => {
    wechat.answer(() => answer)
    const result = await loginWith('abc')
    expect({ status: result.status, code: result.body.code }).toEqual({ status: 502, code: 'WECHAT_UNAVAILABLE' })
  })

  it('gives up on a slow WeChat after the timeout with 502 WECHAT_UNAVAILABLE', async () => {
    // The late answer is a success: only the timeout can turn it into a 502.
    wechat.answer((url) => ({ delayMs: 1000, body: JSON.stringify({ openid: String(url), session_key: 'k' }) }))
    const result = await loginWith('abc', { timeoutMs: 100 })
    expect({ status: result.status, code: result.body.code }).toEqual({ status: 502, code: 'WECHAT_UNAVAILABLE' })
  })

  it('answers an unreachable WeChat with 502 WECHAT_UNAVAILABLE', async () => {
    const result = await loginWith('abc', { baseUrl: `http://127.0.0.1:${await freePort()}` })
    expect({ status: result.status, code: result.body.code }).toEqual({ status: 502, code: 'WECHAT_UNAVAILABLE' })
  })

  it('never writes the AppSecret, the session_key or the token to the log', async () => {
    const logs: string[] = []
    const answers = [
      () => ({ body: JSON.stringify({ openid: 'o', session_key: 'sk-from-wechat==' }) }),
      () => errcode(40029),
      () => errcode(40013, `invalid appsecret ${APP_SECRET}`),
      () => ({ status: 500, body: APP_SECRET }),
      () => ({ body: `not json ${APP_SECRET}` }),
      () => ({ delayMs: 1000, body: '{}' }),
    ]
    const tokens: string[] = []
    for (const answer of answers) {
      wechat.answer(answer)
      const result = await loginWith('abc', { timeoutMs: 100 })
      if (result.body.token) tokens.push(result.body.token)
      logs.push(...result.logs)
    }
    expect(tokens).toHaveLength(1)
    expect(logs.length).toBeGreaterThan(10)
    const everything = logs.join('\n')
    expect(everything).not.toContain(APP_SECRET)
    expect(everything).not.toContain('sk-from-wechat')
    expect(everything).not.toContain(tokens[0])
    expect(everything).toContain('wechat errcode 40013')
  })
})
