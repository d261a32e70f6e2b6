import { createDouyinExchange, type DouyinExchangeOptions } from './douyin'
import { exchangeUnderTest } from './test/exchange-under-test'
import { type FakeDouyin, startFakeDouyin } from './test/fake-douyin'
import { testServer } from './test/harness'

let douyin: FakeDouyin
beforeAll(async () => {
  douyin = await startFakeDouyin()
})
afterAll(async () => {
  await douyin.close()
})

const { exchangeWith, failureOf } = exchangeUnderTest(
  createDouyinExchange,
  (): DouyinExchangeOptions => ({
    appId: douyin.appId,
    secret: douyin.secret,
    baseUrl: douyin.baseUrl,
    timeoutMs: 2000,
  }),
)

describe('the Douyin code exchange', () => {
  it('POSTs {appid, secret, code, anonymous_code} as JSON to /api/apps/v2/jscode2session and signs the user in', async () => {
    const { app } = testServer({ exchanges: { douyin: exchangeWith() } })
    const code = douyin.codeFor('alice')
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { code, platform: 'douyin' } })
    expect(response.statusCode).toBe(200)
    expect(response.json().user.nickname).toBe('抖音用户')
    expect(douyin.requests.at(-1)).toEqual({ appid: douyin.appId, secret: douyin.secret, code, anonymous_code: '' })
    const identity = await exchangeWith().exchange(douyin.codeFor('alice'))
    expect(identity.openid).toBe('openid-alice')
    expect(identity.sessionKey).not.toBe('')
  })

  it('sends the code as data, whatever it holds: it cannot add or change a field', async () => {
    const code = 'user:mallory:1","secret":"x'
    await exchangeWith().exchange(code)
    expect(douyin.requests.at(-1)).toEqual({ appid: douyin.appId, secret: douyin.secret, code, anonymous_code: '' })
  })

  it('answers a wrong, made-up or already used code with INVALID_CODE (err_no 40018)', async () => {
    const code = douyin.codeFor('carol')
    await exchangeWith().exchange(code)
    expect(await failureOf(code)).toBe('INVALID_CODE')
    expect(await failureOf('not-a-real-code')).toBe('INVALID_CODE')
  })

  it("answers Douyin's own failures and a wrong appid or secret with DOUYIN_UNAVAILABLE", async () => {
    expect(await failureOf('error:-1')).toBe('DOUYIN_UNAVAILABLE')
    expect(await failureOf('error:40014')).toBe('DOUYIN_UNAVAILABLE')
    expect(await failureOf(douyin.codeFor('dave'), { secret: 'not-the-secret' })).toBe('DOUYIN_UNAVAILABLE')
    expect(await failureOf(douyin.codeFor('dave'), { appId: 'tt-other' })).toBe('DOUYIN_UNAVAILABLE')
  })

  it('gives up after its timeout with DOUYIN_UNAVAILABLE', async () => {
    expect(await failureOf('hang:', { timeoutMs: 300 })).toBe('DOUYIN_UNAVAILABLE')
  })

  it('answers a body that is not JSON, an HTTP error or an answer without openid with DOUYIN_UNAVAILABLE', async () => {
    expect(await failureOf('bad-json:')).toBe('DOUYIN_UNAVAILABLE')
    expect(await failureOf('http:500')).toBe('DOUYIN_UNAVAILABLE')
    expect(await failureOf('http:404')).toBe('DOUYIN_UNAVAILABLE')
    expect(await failureOf('x', { baseUrl: 'http://127.0.0.1:9' })).toBe('DOUYIN_UNAVAILABLE')
  })
})
