// Every failure path, at LOG_LEVEL=trace, with secrets planted where each path could leak them: none may reach the log.
import Redis from 'ioredis'
import { createAlipayExchange } from './alipay'
import { buildServer } from './app'
import { createDouyinExchange } from './douyin'
import { createWechatPhoneVerifier } from './phone'
import { createRedisStore, type RedisSessionStore, sessionKey } from './redis-store'
import { type FakeAlipay, startFakeAlipay } from './test/fake-alipay'
import { type FakeDouyin, startFakeDouyin } from './test/fake-douyin'
import { type FakeWechat, startFakeWechat } from './test/fake-wechat'
import { freePort, startRedis, type TestRedis } from './test/redis-server'
import { hashToken, slotTagFor } from './token'
import { createWechatExchange } from './wechat'
import { ACCESS_TOKEN_KEY, createAccessTokenProvider, createRedisAccessTokenCache } from './wechat-access-token'

const APP_SECRET = 'planted-app-secret-5Vq'
const SESSION_KEY = 'planted-session-key-Jw2'
const OPENID = 'planted-openid-Lm8'
const PHONE = '13912345678'
const CODE = 'planted-login-code-Tz4'
const ACCESS_TOKEN = 'planted-access-token-Qa7'
const PHONE_CODE = 'planted-phone-code-Hy3'
const DOUYIN_SECRET = 'planted-douyin-secret-Rc5'

/** Every string the log must not contain: grows with each token the test is issued. */
const planted = [APP_SECRET, SESSION_KEY, OPENID, PHONE, CODE, ACCESS_TOKEN, PHONE_CODE, DOUYIN_SECRET]

let wechat: FakeWechat
let alipay: FakeAlipay
let douyin: FakeDouyin
let redis: TestRedis
let store: RedisSessionStore
let admin: Redis
const logs: string[] = []
let app: ReturnType<typeof buildServer>

beforeAll(async () => {
  wechat = await startFakeWechat()
  alipay = await startFakeAlipay()
  douyin = await startFakeDouyin({ secret: DOUYIN_SECRET })
  // The app's private key, every line of its body: none may reach the log.
  planted.push(...alipay.appPrivateKey.split('\n').filter((line) => line !== '' && !line.startsWith('-----')))
  redis = await startRedis()
  admin = new Redis(redis.url)
  store = createRedisStore({ url: redis.url, commandTimeoutMs: 300 })
  await store.ready(5_000)
  app = buildServer({
    store,
    exchange: createWechatExchange({
      appId: 'wx-audit',
      appSecret: APP_SECRET,
      baseUrl: wechat.baseUrl,
      timeoutMs: 300,
    }),
    exchanges: {
      alipay: createAlipayExchange({
        appId: alipay.appId,
        privateKey: alipay.appPrivateKey,
        alipayPublicKey: alipay.alipayPublicKey,
        gateway: alipay.gateway,
        timeoutMs: 300,
      }),
      douyin: createDouyinExchange({
        appId: douyin.appId,
        secret: DOUYIN_SECRET,
        baseUrl: douyin.baseUrl,
        timeoutMs: 300,
      }),
    },
    rateLimitRedis: store.client,
    phone: createWechatPhoneVerifier({
      baseUrl: wechat.baseUrl,
      timeoutMs: 300,
      accessToken: createAccessTokenProvider({
        appId: 'wx-audit',
        appSecret: APP_SECRET,
        baseUrl: wechat.baseUrl,
        timeoutMs: 300,
        cache: createRedisAccessTokenCache(store.client),
      }),
    }),
    config: {
      loginRateLimitPerMinute: 10_000,
      logger: { level: 'trace', stream: { write: (line: string) => logs.push(line) } },
    },
  })
  await app.ready()
})

afterAll(async () => {
  await app.close()
  await store.close()
  admin.disconnect()
  await redis.stop()
  await wechat.close()
  await alipay.close()
  await douyin.close()
})

/** The string values a platform's answers held under `keys` (tokens, session keys, ids), at any depth. */
function valuesIn(bodies: string[], keys: string[]): string[] {
  const found: string[] = []
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return
    for (const [key, inner] of Object.entries(value)) {
      if (keys.includes(key) && typeof inner === 'string' && inner !== '') found.push(inner)
      visit(inner)
    }
  }
  for (const body of bodies) {
    try {
      visit(JSON.parse(body))
    } catch {
      // A body the fake sent broken on purpose: nothing to collect.
    }
  }
  return found
}

/** WeChat answers every code with the planted identity, suffixed so each code is its own user. */
function wechatKnowsEveryone() {
  wechat.answer((url) => ({
    body: JSON.stringify({ openid: `${OPENID}-${url.searchParams.get('js_code')}`, session_key: SESSION_KEY }),
  }))
}

async function login(code: string, extraHeaders: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/auth/login',
    headers: { 'content-type': 'application/json', 'x-phone': PHONE, ...extraHeaders },
    payload: JSON.stringify({ code }),
  })
}

/** Logs in for real and plants the token (and its hash, which the store holds) among the secrets. */
async function issuedToken(code: string): Promise<string> {
  wechatKnowsEveryone()
  // Set-up, not the path under test: a role change or restart drops the connection and the client reconnects
  // by itself, so the login is tried until it lands.
  let response = await login(code)
  for (let attempt = 0; response.statusCode === 503 && attempt < 100; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    response = await login(code)
  }
  expect(response.statusCode).toBe(200)
  const { token } = response.json() as { token: string }
  planted.push(token, hashToken(token))
  return token
}

async function callWithToken(token: string) {
  const statuses: number[] = []
  for (const [method, url] of [
    ['GET', '/profile'],
    ['GET', `/feed?access_token=${token}&phone=${PHONE}`],
    ['POST', '/auth/logout'],
  ] as const) {
    statuses.push((await app.inject({ method, url, headers: { authorization: `Bearer ${token}` } })).statusCode)
  }
  return statuses
}

describe('the log, at trace level, on every failure path', () => {
  it('never holds a secret after WeChat fails in every way it can', async () => {
    const answers = [
      { body: JSON.stringify({ errcode: 40029, errmsg: `invalid code ${CODE} ${APP_SECRET}` }) },
      { body: JSON.stringify({ errcode: 45011, errmsg: PHONE }) },
      { body: JSON.stringify({ errcode: 40226, errmsg: OPENID }) },
      { body: JSON.stringify({ errcode: -1, errmsg: SESSION_KEY }) },
      { body: JSON.stringify({ errcode: `${APP_SECRET}`, errmsg: 'string errcode' }) },
      { body: JSON.stringify({ errcode: 99999, openid: OPENID, session_key: SESSION_KEY }) },
      { body: JSON.stringify({ openid: OPENID }) },
      { body: `not json ${APP_SECRET} ${SESSION_KEY} ${OPENID}` },
      { status: 500, body: `upstream failure ${APP_SECRET} ${CODE}` },
      { body: JSON.stringify({ openid: OPENID, session_key: SESSION_KEY }), delayMs: 1_000 },
    ]
    for (const answer of answers) {
      wechat.answer(() => answer)
      const response = await login(CODE)
      expect(response.statusCode).toBeGreaterThanOrEqual(400)
    }
    // WeChat unreachable: a fetch error whose cause quotes the URL, AppSecret and code included.
    const unreachable = buildServer({
      store,
      exchange: createWechatExchange({
        appId: 'wx-audit',
        appSecret: APP_SECRET,
        baseUrl: `http://127.0.0.1:${await freePort()}`,
      }),
      config: { logger: { level: 'trace', stream: { write: (line: string) => logs.push(line) } } },
    })
    expect((await unreachable.inject({ method: 'POST', url: '/auth/login', payload: { code: CODE } })).statusCode).toBe(
      502,
    )
    await unreachable.close()
    expect(wechat.requests.some((url) => url.searchParams.get('secret') === APP_SECRET)).toBe(true)
  })

  it('never holds a secret after Alipay and Douyin logins succeed and fail in every way they can', async () => {
    const platformLogin = (platform: string, code: string) =>
      app.inject({ method: 'POST', url: '/auth/login', payload: { code, platform } })
    const failures = ['not-a-code', 'hang:', 'bad-json:', 'http:500', `delay:1000:user:${OPENID}-late:1`]
    const alipayCodes = [
      ...failures,
      `error:isp.unknow-error:${SESSION_KEY} ${OPENID}`,
      `error:isv.code-invalid:${CODE}`,
      `error:isv.code-invalid ${APP_SECRET}`,
      `bad-sign:${OPENID}-forged`,
      `unsigned:${OPENID}-unsigned`,
      `user:${OPENID}-alipay:${CODE}`,
      `user-id:${OPENID}-alipay-old:${CODE}`,
    ]
    const douyinCodes = [
      ...failures,
      `error:-1:${DOUYIN_SECRET} ${SESSION_KEY}`,
      `error:40018:${CODE} ${OPENID}`,
      `error:${OPENID}`,
      `user:${OPENID}-douyin:${CODE}`,
    ]
    for (const [platform, codes] of [
      ['alipay', alipayCodes],
      ['douyin', douyinCodes],
    ] as const) {
      const statuses: number[] = []
      for (const code of codes) {
        const response = await platformLogin(platform, code)
        statuses.push(response.statusCode)
        if (response.statusCode === 200) planted.push((response.json() as { token: string }).token)
      }
      // The last codes are the successful ones; a used code is refused the second time.
      expect(statuses.filter((status) => status === 200)).toHaveLength(platform === 'alipay' ? 2 : 1)
      expect((await platformLogin(platform, codes.at(-1) ?? '')).statusCode).toBe(400)
    }
    // What the platforms answered with: tokens and session keys, ids.
    const secrets = valuesIn(
      [...alipay.answers, ...douyin.answers],
      ['access_token', 'refresh_token', 'session_key', 'user_id', 'open_id', 'openid', 'unionid'],
    )
    expect(secrets.length).toBeGreaterThan(6)
    planted.push(...secrets)
    expect(douyin.requests.some((request) => request.secret === DOUYIN_SECRET)).toBe(true)
  })

  it('never holds a secret after phone verification succeeds and fails in every way it can', async () => {
    const token = await issuedToken('phone')
    const phoneInfo = { phoneNumber: PHONE, purePhoneNumber: PHONE, countryCode: '86' }
    const stableToken = { body: JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: 7200 }) }
    const answers = [
      { body: JSON.stringify({ errcode: 0, errmsg: 'ok', phone_info: phoneInfo }) },
      { body: JSON.stringify({ errcode: 40029, errmsg: `invalid code ${PHONE_CODE} ${ACCESS_TOKEN}` }) },
      { body: JSON.stringify({ errcode: 1400001, errmsg: PHONE }) },
      { body: JSON.stringify({ errcode: 48001, errmsg: PHONE }) },
      { body: JSON.stringify({ errcode: -1, errmsg: ACCESS_TOKEN }) },
      { body: JSON.stringify({ errcode: PHONE, phone_info: phoneInfo }) },
      { body: JSON.stringify({ errcode: 0, phone_info: { ...phoneInfo, countryCode: PHONE } }) },
      { body: `not json ${PHONE} ${ACCESS_TOKEN}` },
      { status: 500, body: `upstream failure ${PHONE} ${PHONE_CODE}` },
      { body: JSON.stringify({ errcode: 0, phone_info: phoneInfo }), delayMs: 1_000 },
    ]
    const statuses: number[] = []
    for (const answer of answers) {
      wechat.answer((url) => (url.pathname === '/cgi-bin/stable_token' ? stableToken : answer))
      const bind = await app.inject({
        method: 'POST',
        url: '/profile/phone',
        headers: { authorization: `Bearer ${token}` },
        payload: { phoneCode: PHONE_CODE },
      })
      statuses.push(bind.statusCode)
      expect(bind.body).not.toContain(PHONE)
    }
    expect(statuses[0]).toBe(200)
    expect(statuses.slice(1).every((status) => status >= 400)).toBe(true)
    // One round trip: the login and the phone together.
    wechat.answer((url) =>
      url.pathname === '/cgi-bin/stable_token'
        ? stableToken
        : url.pathname === '/sns/jscode2session'
          ? { body: JSON.stringify({ openid: `${OPENID}-phone-login`, session_key: SESSION_KEY }) }
          : (answers[0] as { body: string }),
    )
    const phoneLogin = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { code: CODE, phoneCode: PHONE_CODE },
    })
    expect(phoneLogin.statusCode).toBe(200)
    planted.push((phoneLogin.json() as { token: string }).token)
    // stable_token failing, with the AppSecret echoed back.
    await admin.del(ACCESS_TOKEN_KEY)
    wechat.answer(() => ({ body: JSON.stringify({ errcode: 40125, errmsg: `invalid appsecret ${APP_SECRET}` }) }))
    const refused = await app.inject({
      method: 'POST',
      url: '/profile/phone',
      headers: { authorization: `Bearer ${token}` },
      payload: { phoneCode: PHONE_CODE },
    })
    expect(refused.statusCode).toBe(502)
    expect(wechat.requests.some((url) => url.searchParams.get('access_token') === ACCESS_TOKEN)).toBe(true)
  })

  it('never holds a secret after malformed input of every kind', async () => {
    const token = await issuedToken('malformed-input')
    const requests = [
      { method: 'POST', url: '/auth/login', payload: `{"code": "${CODE}", "phone": "${PHONE}"` },
      { method: 'POST', url: '/auth/login', payload: `{"code": ${CODE}}` },
      { method: 'POST', url: '/auth/login', payload: JSON.stringify({ code: CODE, phoneNumber: PHONE }) },
      { method: 'POST', url: '/auth/login', payload: JSON.stringify({ code: `${CODE}${'x'.repeat(200)}` }) },
      {
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': `text/${PHONE}` },
        payload: CODE,
      },
      {
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': `application/json; charset=${PHONE}` },
        payload: JSON.stringify({ code: CODE }),
      },
      { method: 'GET', url: `/profile?token=${token}&phone=${PHONE}` },
      { method: 'GET', url: `/profile/${token}` },
      { method: 'GET', url: `/${PHONE}/${token}?code=${CODE}` },
      { method: 'GET', url: `/avatars/${PHONE}.svg` },
      { method: 'GET', url: '/profile', headers: { authorization: `Basic ${PHONE}:${APP_SECRET}` } },
      { method: 'GET', url: '/profile', headers: { authorization: `Bearer ${token} ${PHONE}` } },
      { method: 'GET', url: '/profile', headers: { authorization: `Bearer ${token}x` } },
      { method: 'GET', url: '/feed', headers: { 'x-forwarded-for': `${PHONE}, ${token}` } },
      { method: 'GET', url: `/%zz${token}` },
    ] as const
    for (const request of requests) {
      const response = await app.inject({
        ...request,
        headers: {
          'content-type': 'application/json',
          'x-phone': PHONE,
          ...('headers' in request ? request.headers : {}),
        },
      })
      expect(response.statusCode).toBeGreaterThanOrEqual(400)
      expect(response.statusCode).toBeLessThan(500)
    }
  })

  it('never holds a secret after Redis answers with reply errors: wrong type, OOM, READONLY', async () => {
    const token = await issuedToken('reply-errors')
    // The session key turned into a string: every script on it fails with WRONGTYPE, its arguments in the error.
    const key = sessionKey(slotTagFor(`${OPENID}-reply-errors`))
    await admin.set(key, 'not a hash')
    expect((await callWithToken(token)).every((status) => status >= 500)).toBe(true)
    wechatKnowsEveryone()
    expect((await login('reply-errors')).statusCode).toBeGreaterThanOrEqual(500)
    await admin.del(key)

    await admin.config('SET', 'maxmemory-policy', 'noeviction')
    await admin.config('SET', 'maxmemory', '1')
    try {
      expect((await login(`${CODE}-oom`)).statusCode).toBeGreaterThanOrEqual(500)
    } finally {
      await admin.config('SET', 'maxmemory', '0')
    }

    const replicaToken = await issuedToken('readonly')
    await admin.replicaof('127.0.0.1', String(await freePort()))
    try {
      expect((await login(`${CODE}-readonly`)).statusCode).toBeGreaterThanOrEqual(500)
      expect((await callWithToken(replicaToken)).some((status) => status >= 500)).toBe(true)
    } finally {
      await admin.replicaof('NO', 'ONE')
    }
  })

  it('never holds a secret after Redis hangs and after it goes away', async () => {
    const token = await issuedToken('outage')
    redis.pause()
    try {
      expect((await callWithToken(token)).every((status) => status === 503)).toBe(true)
      expect((await login(`${CODE}-hung`)).statusCode).toBe(503)
    } finally {
      redis.resume()
    }
    await redis.kill()
    expect((await callWithToken(token)).every((status) => status === 503)).toBe(true)
    expect((await login(`${CODE}-down`)).statusCode).toBe(503)
    await redis.restart()
  })

  afterAll(() => {
    const log = logs.join('\n')
    // The paths above did log: the audit read something.
    expect(log).toMatch(/request completed/)
    expect(log).toMatch(/request failed upstream/)
    expect(log).toMatch(/request rejected/)
    for (const secret of planted) expect({ secret, inLog: log.includes(secret) }).toEqual({ secret, inLog: false })
  })
})
