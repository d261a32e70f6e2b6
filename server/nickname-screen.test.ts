import { createWechatNicknameScreen } from './nickname-screen'
import { errcode, type FakeWechat, startFakeWechat } from './test/fake-wechat'
import { bearer, login, testServer } from './test/harness'
import { createAccessTokenProvider, createMemoryAccessTokenCache } from './wechat-access-token'

let wechat: FakeWechat
beforeEach(async () => {
  wechat = await startFakeWechat()
})
afterEach(async () => {
  await wechat.close()
})

async function changeNickname(nickname: string) {
  const { baseUrl } = wechat
  const cache = createMemoryAccessTokenCache()
  const accessToken = createAccessTokenProvider({ appId: 'wx-test-app', appSecret: 'test-secret', baseUrl, cache })
  const { app } = testServer({ nicknameScreen: createWechatNicknameScreen({ accessToken, baseUrl, timeoutMs: 2000 }) })
  const { token } = await login(app, 'alice')
  const response = await app.inject({ method: 'PATCH', url: '/profile', headers: bearer(token), payload: { nickname } })
  const profile = await app.inject({ method: 'GET', url: '/profile', headers: bearer(token) })
  return { status: response.statusCode, code: response.json().code, nickname: profile.json().nickname }
}

describe("WeChat's text security check of nicknames", () => {
  it("sends the nickname with the user's openid and saves it when WeChat passes it", async () => {
    expect(await changeNickname('小明')).toMatchObject({ status: 200, nickname: '小明' })
    const check = wechat.requests.findIndex((url) => url.pathname === '/wxa/msg_sec_check')
    expect(JSON.parse(wechat.bodies[check] ?? '')).toEqual({
      content: '小明',
      version: 2,
      scene: 1,
      openid: 'openid-alice',
    })
  })

  it('refuses a nickname WeChat finds risky with 400 NICKNAME_REJECTED and keeps the old one', async () => {
    expect(await changeNickname('我是违禁词')).toEqual({ status: 400, code: 'NICKNAME_REJECTED', nickname: '微信用户' })
  })

  it('refuses on the version-1 verdict 87014 as well, and answers 502 when WeChat fails', async () => {
    wechat.answer((url, body) =>
      url.pathname === '/wxa/msg_sec_check' ? errcode(87014, 'risky content') : wechat.wechatDefault(url, body),
    )
    expect(await changeNickname('小明')).toMatchObject({ status: 400, code: 'NICKNAME_REJECTED' })
    wechat.answer((url, body) =>
      url.pathname === '/wxa/msg_sec_check' ? errcode(-1, 'system error') : wechat.wechatDefault(url, body),
    )
    expect(await changeNickname('小明')).toMatchObject({
      status: 502,
      code: 'WECHAT_UNAVAILABLE',
      nickname: '微信用户',
    })
  })

  it('does not call WeChat for a nickname the rules already refuse', async () => {
    expect(await changeNickname('名'.repeat(21))).toMatchObject({ status: 400, code: 'INVALID_NICKNAME' })
    expect(wechat.requests.some((url) => url.pathname === '/wxa/msg_sec_check')).toBe(false)
  })
})
