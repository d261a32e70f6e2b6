// The fake `tt` on its own (no bundle): it must answer the way Douyin does, or the Douyin scenarios prove nothing.
import { type Api, cleanUpFakes, setUpFake } from './fake-setup'
import { type StubServer, startStubServer } from './stub-server'
import { createTt } from './tt-fake'

let server: StubServer
beforeAll(async () => {
  server = await startStubServer({
    'GET /feed': { json: { items: [] } },
    'GET /expired': { status: 401, json: { code: 'SESSION_EXPIRED', message: '登录状态已失效' } },
    'GET /slow': { json: {}, delayMs: 400 },
  })
})
afterAll(() => server.close())
afterEach(cleanUpFakes)

const setUp = (device = {}) => setUpFake(createTt, server.url, device)

describe('tt.login', () => {
  it('gives a logged-in Douyin user a code, an anonymousCode and isLogin, later and with login:ok', async () => {
    const { call, fake } = setUp({ name: 'ann' })
    const { ok, res, sync } = await call('login')
    expect({ ok, sync }).toEqual({ ok: true, sync: false })
    expect(res).toMatchObject({ errMsg: 'login:ok', code: 'dev:ann', isLogin: true })
    expect(res.anonymousCode).toEqual(expect.stringMatching(/^anon:ann:/))
    expect(fake.calls.login).toEqual([{ code: 'dev:ann' }])
  })

  it('gives a user logged out of Douyin only an anonymousCode when force is false', async () => {
    const { call, fake } = setUp({ name: 'bo', douyinLoggedIn: false })
    const { ok, res } = await call('login', { force: false })
    expect(ok).toBe(true)
    expect(res).toMatchObject({ code: '', isLogin: false, anonymousCode: expect.any(String) })
    expect(fake.calls.login).toEqual([])
  })

  it('shows a logged-out user Douyin’s login sheet by default: cancel fails, logging in gives a code', async () => {
    const cancelled = setUp({ douyinLoggedIn: false })
    expect(await cancelled.call('login')).toMatchObject({ ok: false, res: { errMsg: 'login:fail host login fail' } })
    const accepting = setUp({ name: 'cy', douyinLoggedIn: false, hostLogin: 'login' })
    expect((await accepting.call('login')).res).toMatchObject({ code: 'dev:cy', isLogin: true })
    expect(accepting.device.douyinLoggedIn).toBe(true)
  })

  it('fails with the message a thrown login code carries', async () => {
    const { call } = setUp({
      nextLoginCode: () => {
        throw new Error('system error')
      },
    })
    expect((await call('login')).res).toEqual({ errMsg: 'login:fail system error' })
  })
})

describe('tt.request', () => {
  it('answers every HTTP status through success with statusCode, header and parsed data', async () => {
    const { call } = setUp()
    expect(await call('request', { url: 'http://127.0.0.1:3000/expired' })).toMatchObject({
      ok: true,
      res: { statusCode: 401, data: { code: 'SESSION_EXPIRED' } },
    })
    expect((await call('request', { url: `${server.url}/feed`, dataType: 'string' })).res.data).toBe('{"items":[]}')
  })

  it('fails with request:fail and an errMsg on a timeout or a host off the list', async () => {
    const { call } = setUp()
    expect((await call('request', { url: `${server.url}/slow`, timeout: 50 })).res).toMatchObject({
      errMsg: 'request:fail timeout',
    })
    expect((await call('request', { url: 'https://example.com/' })).res).toMatchObject({
      errMsg: 'request:fail url not in domain list',
    })
  })
})

describe('what Douyin lacks', () => {
  it('has no WeChat privacy guide or account info, and an API it does not fake throws naming tt', () => {
    const { api, fake } = setUp()
    for (const name of [
      'getPrivacySetting',
      'onNeedPrivacyAuthorization',
      'requirePrivacyAuthorize',
      'getAccountInfoSync',
    ])
      expect(api).not.toHaveProperty(name)
    expect(() => (api.uploadFile as Api)({})).toThrow('not faked: tt.uploadFile')
    expect(() => (api.getUserProfile as Api)({})).toThrow('not faked: tt.getUserProfile')
    expect(fake.calls.notFaked).toEqual(['uploadFile', 'getUserProfile'])
  })

  it('keeps WeChat’s storage semantics: positional, "" for a missing key', () => {
    const { api } = setUp()
    expect((api.getStorageSync as Api)('missing')).toBe('')
    ;(api.setStorageSync as Api)('k', 'v')
    expect((api.getStorageSync as Api)('k')).toBe('v')
  })
})
