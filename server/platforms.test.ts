import type { InjectOptions } from 'fastify'
import { createDevExchange } from './dev'
import { ERRORS, type ErrorCode } from './errors'
import type { NicknameScreen } from './nickname-screen'
import type { PhoneVerifier } from './phone'
import { bearer, codeExchange, testServer } from './test/harness'

function loginAs(code: string, platform?: string, phoneCode?: string): InjectOptions {
  return {
    method: 'POST',
    url: '/auth/login',
    payload: { code, ...(platform ? { platform } : {}), ...(phoneCode ? { phoneCode } : {}) },
  }
}

function expectError(response: { statusCode: number; json(): unknown }, code: ErrorCode) {
  expect({ status: response.statusCode, body: response.json() }).toEqual({
    status: ERRORS[code].status,
    body: { code, message: ERRORS[code].message },
  })
}

/** A phone verifier that records every code it was asked about. */
function countingPhone(): PhoneVerifier & { calls: string[] } {
  const calls: string[] = []
  return {
    mode: 'wechat',
    calls,
    async verify(phoneCode) {
      calls.push(phoneCode)
      return { number: '13812345678', masked: '138****5678' }
    },
  }
}

/** A nickname screen that records which openids WeChat would have been sent. */
function countingScreen(): NicknameScreen & { openids: string[] } {
  const openids: string[] = []
  return {
    openids,
    async screen(_nickname, openid) {
      openids.push(openid)
    },
  }
}

function setup() {
  const wechat = codeExchange()
  const alipay = codeExchange()
  const douyin = codeExchange()
  const phone = countingPhone()
  const nicknameScreen = countingScreen()
  const { app } = testServer({ exchange: wechat, exchanges: { alipay, douyin }, phone, nicknameScreen })
  return { app, wechat, alipay, douyin, phone, nicknameScreen }
}

describe('logins from several platforms', () => {
  it('sends each code to its own platform: WeChat by default, Alipay and Douyin when named', async () => {
    const { app, wechat, alipay, douyin } = setup()
    for (const request of [loginAs('w'), loginAs('w2', 'wechat'), loginAs('a', 'alipay'), loginAs('d', 'douyin')]) {
      expect((await app.inject(request)).statusCode).toBe(200)
    }
    expect([wechat.calls, alipay.calls, douyin.calls]).toEqual([['w', 'w2'], ['a'], ['d']])
  })

  it('makes the same openid string on two platforms two users, each named after their platform', async () => {
    const { app } = setup()
    const users = []
    for (const platform of ['wechat', 'alipay', 'douyin']) {
      users.push((await app.inject(loginAs('same', platform))).json().user)
    }
    expect(new Set(users.map((user) => user.id)).size).toBe(3)
    expect(users.map((user) => user.nickname)).toEqual(['微信用户', '支付宝用户', '抖音用户'])
  })

  it('gives a new user the generated avatar of their platform: 微, 支 or 抖 on a coloured circle', async () => {
    const { app } = setup()
    const marks = []
    for (const platform of ['wechat', 'alipay', 'douyin']) {
      const { avatarUrl } = (await app.inject(loginAs('avatar', platform))).json().user
      const avatar = await app.inject({ url: new URL(avatarUrl).pathname })
      expect(avatar.headers['content-type']).toBe('image/svg+xml')
      marks.push(/>(.)<\/text>/.exec(avatar.body)?.[1])
    }
    expect(marks).toEqual(['微', '支', '抖'])
    expect((await app.inject({ url: '/avatars/u_AAAAAAAAAAAAAAAA.qq.svg' })).statusCode).toBe(404)
  })

  it("applies single sign-on per user: a new Alipay login replaces that user's token only", async () => {
    const { app } = setup()
    const onWechat = (await app.inject(loginAs('same'))).json().token
    const first = (await app.inject(loginAs('same', 'alipay'))).json().token
    const second = await app.inject(loginAs('same', 'alipay'))
    expectError(await app.inject({ method: 'GET', url: '/profile', headers: bearer(first) }), 'SESSION_REPLACED')
    for (const token of [onWechat, second.json().token]) {
      expect((await app.inject({ method: 'GET', url: '/profile', headers: bearer(token) })).statusCode).toBe(200)
    }
  })

  it('answers a platform without an exchange with 400 PLATFORM_NOT_ENABLED and calls no platform', async () => {
    const wechat = codeExchange()
    const alipay = codeExchange()
    const { app } = testServer({ exchange: wechat, exchanges: { alipay } })
    expectError(await app.inject(loginAs('d', 'douyin')), 'PLATFORM_NOT_ENABLED')
    expect([wechat.calls, alipay.calls]).toEqual([[], []])
    expectError(await app.inject(loginAs('x', 'qq')), 'INVALID_CODE')
  })

  it('refuses a phone code with an Alipay or Douyin login with 403 PHONE_NOT_ALLOWED before any call', async () => {
    const { app, alipay, douyin, phone } = setup()
    expectError(await app.inject(loginAs('a', 'alipay', 'dev-phone:13800000000')), 'PHONE_NOT_ALLOWED')
    expectError(await app.inject(loginAs('d', 'douyin', 'dev-phone:13800000000')), 'PHONE_NOT_ALLOWED')
    expect([alipay.calls, douyin.calls, phone.calls]).toEqual([[], [], []])
  })

  it('refuses to bind a phone to an Alipay or Douyin user with 403 PHONE_NOT_ALLOWED, spending no phone code', async () => {
    const { app, phone } = setup()
    for (const platform of ['alipay', 'douyin']) {
      const { token } = (await app.inject(loginAs(`${platform}-user`, platform))).json()
      const response = await app.inject({
        method: 'POST',
        url: '/profile/phone',
        headers: bearer(token),
        payload: { phoneCode: 'phone-code-1' },
      })
      expectError(response, 'PHONE_NOT_ALLOWED')
    }
    expect(phone.calls).toEqual([])
    const { token } = (await app.inject(loginAs('wechat-user'))).json()
    const bound = await app.inject({
      method: 'POST',
      url: '/profile/phone',
      headers: bearer(token),
      payload: { phoneCode: 'phone-code-2' },
    })
    expect(bound.json().phone).toBe('138****5678')
  })

  it("saves an Alipay or Douyin user's nickname by the server's own rules, never sending their openid to WeChat", async () => {
    const { app, nicknameScreen } = setup()
    for (const platform of ['alipay', 'douyin']) {
      const { token } = (await app.inject(loginAs('same', platform))).json()
      const patch = (nickname: string) =>
        app.inject({ method: 'PATCH', url: '/profile', headers: bearer(token), payload: { nickname } })
      expect((await patch('小红')).json().nickname).toBe('小红')
      expectError(await patch(' '), 'INVALID_NICKNAME')
    }
    expect(nicknameScreen.openids).toEqual([])
    const { token } = (await app.inject(loginAs('same'))).json()
    await app.inject({ method: 'PATCH', url: '/profile', headers: bearer(token), payload: { nickname: '小明' } })
    expect(nicknameScreen.openids).toEqual(['openid-same'])
  })

  it('keeps dev users apart per platform: dev:alice on WeChat and on Douyin are two users', async () => {
    const { app } = testServer({ exchange: createDevExchange(), exchanges: { douyin: createDevExchange() } })
    const onWechat = (await app.inject(loginAs('dev:alice'))).json().user
    const onDouyin = (await app.inject(loginAs('dev:alice', 'douyin'))).json().user
    const again = (await app.inject(loginAs('dev:alice', 'douyin'))).json().user
    expect(onDouyin.id).not.toBe(onWechat.id)
    expect(again.id).toBe(onDouyin.id)
  })
})
