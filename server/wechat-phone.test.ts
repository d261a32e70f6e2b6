import type { AddressInfo } from 'node:net'
import { ApiError } from './errors'
import { createWechatPhoneVerifier, type PhoneVerifier } from './phone'
import { createRedisStore, type RedisSessionStore } from './redis-store'
import { errcode, type FakeWechat, startFakeWechat } from './test/fake-wechat'
import { testServer } from './test/harness'
import { flushRedis } from './test/redis-data'
import { startRedis, type TestRedis } from './test/redis-server'
import {
  ACCESS_TOKEN_REFRESH_MARGIN_MS,
  type AccessTokenCache,
  createAccessTokenProvider,
  createMemoryAccessTokenCache,
  createRedisAccessTokenCache,
} from './wechat-access-token'

const APP = { appId: 'wx-test-app', appSecret: 'planted-app-secret-9f1c' }

let wechat: FakeWechat
beforeEach(async () => {
  wechat = await startFakeWechat()
})
afterEach(async () => {
  await wechat.close()
})

function verifier(cache: AccessTokenCache = createMemoryAccessTokenCache(), now?: () => number): PhoneVerifier {
  const accessToken = createAccessTokenProvider({
    ...APP,
    cache,
    baseUrl: wechat.baseUrl,
    timeoutMs: 2000,
    ...(now ? { now } : {}),
  })
  return createWechatPhoneVerifier({ accessToken, baseUrl: wechat.baseUrl, timeoutMs: 2000 })
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'resolved'
  } catch (error) {
    return error instanceof ApiError ? `${error.statusCode} ${error.code}` : String(error)
  }
}

describe('phone numbers through WeChat', () => {
  it('exchanges a phone code with an access token from stable_token and keeps the number, masked for clients', async () => {
    const phone = await verifier().verify('phone:13812345678')
    expect(phone).toEqual({ number: '13812345678', masked: '138****5678' })
    const [tokenCall, phoneCall] = wechat.requests
    expect(tokenCall?.pathname).toBe('/cgi-bin/stable_token')
    expect(JSON.parse(wechat.bodies[0] ?? '')).toEqual({
      grant_type: 'client_credential',
      appid: APP.appId,
      secret: APP.appSecret,
      force_refresh: false,
    })
    expect(phoneCall?.pathname).toBe('/wxa/business/getuserphonenumber')
    expect(JSON.parse(wechat.bodies[1] ?? '')).toEqual({ code: 'phone:13812345678' })
  })

  it.each([
    [40029, '400 INVALID_PHONE_CODE'],
    [40163, '400 INVALID_PHONE_CODE'],
    [1400001, '429 PHONE_QUOTA_EXCEEDED'],
    [45011, '429 RATE_LIMITED'],
    [48001, '403 PHONE_NOT_ALLOWED'],
    [-1, '502 WECHAT_UNAVAILABLE'],
    [40013, '502 WECHAT_UNAVAILABLE'],
  ])('turns getuserphonenumber errcode %i into %s', async (code, expected) => {
    expect(await failure(verifier().verify(`phone-error:${code}`))).toBe(expected)
  })

  it('refuses a phone code that was already used', async () => {
    const phones = verifier()
    await phones.verify('phone:13812345678')
    expect(await failure(phones.verify('phone:13812345678'))).toBe('400 INVALID_PHONE_CODE')
  })

  it('answers WECHAT_UNAVAILABLE when stable_token fails, WeChat answers HTTP 500 or no JSON', async () => {
    wechat.answer((url, body) =>
      url.pathname === '/cgi-bin/stable_token' ? errcode(40125, 'invalid appsecret') : wechat.wechatDefault(url, body),
    )
    expect(await failure(verifier().verify('phone:13812345678'))).toBe('502 WECHAT_UNAVAILABLE')
    wechat.answer((url, body) =>
      url.pathname === '/cgi-bin/stable_token' ? wechat.wechatDefault(url, body) : { status: 500, body: 'oops' },
    )
    expect(await failure(verifier().verify('phone:13812345678'))).toBe('502 WECHAT_UNAVAILABLE')
    wechat.answer((url, body) =>
      url.pathname === '/cgi-bin/stable_token' ? wechat.wechatDefault(url, body) : { body: '<html>' },
    )
    expect(await failure(verifier().verify('phone:13812345678'))).toBe('502 WECHAT_UNAVAILABLE')
    wechat.answer((url, body) =>
      url.pathname === '/cgi-bin/stable_token'
        ? wechat.wechatDefault(url, body)
        : { body: '{"errcode":0,"phone_info":{}}' },
    )
    expect(await failure(verifier().verify('phone:13812345678'))).toBe('502 WECHAT_UNAVAILABLE')
  })

  it('reuses the cached access token until five minutes before it expires, then refreshes without forcing', async () => {
    let nowMs = Date.now()
    const phones = verifier(createMemoryAccessTokenCache(), () => nowMs)
    await phones.verify('phone:13800000001')
    await phones.verify('phone:13800000002')
    expect(wechat.stableTokenCalls()).toEqual({ total: 1, forced: 0 })
    nowMs += 7200_000 - ACCESS_TOKEN_REFRESH_MARGIN_MS - 10_000
    await phones.verify('phone:13800000003')
    expect(wechat.stableTokenCalls()).toEqual({ total: 1, forced: 0 })
    nowMs += 20_000
    await phones.verify('phone:13800000004')
    expect(wechat.stableTokenCalls()).toEqual({ total: 2, forced: 0 })
  })

  it('refreshes once for 100 concurrent verifications', async () => {
    const phones = verifier()
    const numbers = Array.from({ length: 100 }, (_, i) => `139${String(i).padStart(8, '0')}`)
    const results = await Promise.all(numbers.map((number) => phones.verify(`phone:${number}`)))
    expect(results.map((result) => result.number)).toEqual(numbers)
    expect(wechat.stableTokenCalls()).toEqual({ total: 1, forced: 0 })
  })

  it("forces one refresh when WeChat refuses the token, and no second one within WeChat's 30 seconds", async () => {
    const phones = verifier()
    await phones.verify('phone:13800000001')
    wechat.invalidateAccessToken()
    expect((await phones.verify('phone:13800000002')).masked).toBe('138****0002')
    expect(wechat.stableTokenCalls()).toEqual({ total: 2, forced: 1 })
    wechat.invalidateAccessToken()
    expect(await failure(phones.verify('phone:13800000003'))).toBe('502 WECHAT_UNAVAILABLE')
    expect(wechat.stableTokenCalls()).toEqual({ total: 2, forced: 1 })
  })
})

describe('a refused access token under load', () => {
  it('is replaced by one forced refresh for 50 concurrent verifications, all of which succeed', async () => {
    const phones = verifier()
    await phones.verify('phone:13800000000')
    wechat.invalidateAccessToken()
    const numbers = Array.from({ length: 50 }, (_, i) => `136${String(i).padStart(8, '0')}`)
    const results = await Promise.all(numbers.map((number) => phones.verify(`phone:${number}`)))
    expect(results.map((result) => result.number)).toEqual(numbers)
    expect(wechat.stableTokenCalls()).toEqual({ total: 2, forced: 1 })
  })
})

describe('the access token shared through Redis', () => {
  let redis: TestRedis
  let stores: RedisSessionStore[] = []
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
    stores = []
  })

  async function instance() {
    const store = createRedisStore({ url: redis.url })
    if (!(await store.ready(5000))) throw new Error('test Redis not reachable')
    stores.push(store)
    return store
  }

  it('is fetched once by two server instances answering phone binds at the same time', async () => {
    const first = await instance()
    const second = await instance()
    await flushRedis(first.client)
    const servers = [first, second].map((store) =>
      testServer({
        store,
        phone: createWechatPhoneVerifier({
          baseUrl: wechat.baseUrl,
          accessToken: createAccessTokenProvider({
            ...APP,
            baseUrl: wechat.baseUrl,
            cache: createRedisAccessTokenCache(store.client),
          }),
        }),
      }),
    )
    const apps = await Promise.all(
      servers.map(async ({ app }) => {
        await app.listen({ port: 0, host: '127.0.0.1' })
        return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` }
      }),
    )
    try {
      const binds = Array.from({ length: 40 }, async (_, i) => {
        const { url } = apps[i % 2] as { url: string }
        const login = await fetch(`${url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: `user-${i}` }),
        })
        const { token } = (await login.json()) as { token: string }
        const bind = await fetch(`${url}/profile/phone`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ phoneCode: `phone:137${String(i).padStart(8, '0')}` }),
        })
        return bind.status
      })
      expect(await Promise.all(binds)).toEqual(Array(40).fill(200))
      const calls = wechat.stableTokenCalls()
      process.stdout.write(`access token refreshes seen by two instances for 40 binds: ${calls.total}\n`)
      expect(calls).toEqual({ total: 1, forced: 0 })
    } finally {
      await Promise.all(apps.map(({ app }) => app.close()))
    }
  })

  it('lets only one of two instances force a refresh when WeChat refuses the token to both', async () => {
    const first = await instance()
    const second = await instance()
    await flushRedis(first.client)
    const [a, b] = [first, second].map((store) => verifier(createRedisAccessTokenCache(store.client))) as [
      PhoneVerifier,
      PhoneVerifier,
    ]
    await a.verify('phone:13800000001')
    await b.verify('phone:13800000002')
    expect(wechat.stableTokenCalls()).toEqual({ total: 1, forced: 0 })
    wechat.invalidateAccessToken()
    const both = await Promise.all([a.verify('phone:13800000003'), b.verify('phone:13800000004')])
    expect(both.map((phone) => phone.masked)).toEqual(['138****0003', '138****0004'])
    expect(wechat.stableTokenCalls()).toEqual({ total: 2, forced: 1 })
  })
})
