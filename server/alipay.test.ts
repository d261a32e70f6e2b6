import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { type AlipayExchangeOptions, createAlipayExchange } from './alipay'
import { exchangeUnderTest } from './test/exchange-under-test'
import { type FakeAlipay, startFakeAlipay } from './test/fake-alipay'
import { testServer } from './test/harness'

let alipay: FakeAlipay
beforeAll(async () => {
  alipay = await startFakeAlipay()
})
afterAll(async () => {
  await alipay.close()
})

const { exchangeWith, failureOf } = exchangeUnderTest(
  createAlipayExchange,
  (): AlipayExchangeOptions => ({
    appId: alipay.appId,
    privateKey: alipay.appPrivateKey,
    alipayPublicKey: alipay.alipayPublicKey,
    gateway: alipay.gateway,
    timeoutMs: 2000,
  }),
)

const otherKeyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })

describe('the Alipay code exchange', () => {
  it('calls alipay.system.oauth.token with an RSA2-signed request and signs the user in by open_id', async () => {
    const { app } = testServer({ exchanges: { alipay: exchangeWith() } })
    const code = alipay.codeFor('alice')
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { code, platform: 'alipay' } })
    expect(response.statusCode).toBe(200)
    expect(response.json().user.nickname).toBe('支付宝用户')
    // The fake verified the signature with the app's public key before answering; these are what it signed.
    expect(alipay.requests.at(-1)).toMatchObject({
      app_id: alipay.appId,
      method: 'alipay.system.oauth.token',
      sign_type: 'RSA2',
      grant_type: 'authorization_code',
      code,
    })
    expect(await exchangeWith().exchange(alipay.codeFor('alice'))).toEqual({ openid: 'openid-alice', sessionKey: '' })
    // The same key as PKCS#1 PEM signs the same way.
    const pkcs1 = createPrivateKey(alipay.appPrivateKey).export({ type: 'pkcs1', format: 'pem' }).toString()
    expect((await exchangeWith({ privateKey: pkcs1 }).exchange(alipay.codeFor('alice'))).openid).toBe('openid-alice')
  })

  it('sends the code as one signed parameter, whatever it holds: it cannot add or change another', async () => {
    const code = 'x&grant_type=refresh_token&app_id=2021&sign=AAAA 码=+%'
    expect(await failureOf(code)).toBe('INVALID_CODE')
    // The fake found the signature valid (else isv.invalid-signature, ALIPAY_UNAVAILABLE) and read these back.
    expect(alipay.requests.at(-1)).toMatchObject({ code, grant_type: 'authorization_code', app_id: alipay.appId })
  })

  it("takes the user_id as the user's id when an older app gets no open_id", async () => {
    const identity = await exchangeWith().exchange('user-id:bob:1')
    expect(identity.openid).toMatch(/^2088\d{12}$/)
    expect(await exchangeWith().exchange('user-id:bob:2')).toEqual(identity)
  })

  it('answers a wrong, made-up or already used auth code with INVALID_CODE (isv.code-invalid)', async () => {
    const code = alipay.codeFor('carol')
    await exchangeWith().exchange(code)
    expect(await failureOf(code)).toBe('INVALID_CODE')
    expect(await failureOf('not-a-real-code')).toBe('INVALID_CODE')
  })

  it('reads a failure signed under the method’s own key as it reads an error_response', async () => {
    expect(await failureOf('failed:isv.code-invalid')).toBe('INVALID_CODE')
    expect(await failureOf('failed:isp.unknow-error')).toBe('ALIPAY_UNAVAILABLE')
  })

  it("answers Alipay's own failures with ALIPAY_UNAVAILABLE", async () => {
    expect(await failureOf('error:isp.unknow-error')).toBe('ALIPAY_UNAVAILABLE')
    expect(await failureOf('error:isv.unmatched-app-id')).toBe('ALIPAY_UNAVAILABLE')
    // Alipay refuses a request signed with a key it does not know for this app (isv.invalid-signature).
    expect(await failureOf(alipay.codeFor('dave'), { privateKey: otherKeyPair().privateKey })).toBe(
      'ALIPAY_UNAVAILABLE',
    )
    expect(await failureOf(alipay.codeFor('dave'), { appId: '2021000000000000' })).toBe('ALIPAY_UNAVAILABLE')
  })

  it('gives up after its timeout with ALIPAY_UNAVAILABLE', async () => {
    expect(await failureOf('hang:', { timeoutMs: 300 })).toBe('ALIPAY_UNAVAILABLE')
  })

  it('answers a body that is not JSON, or an HTTP error, with ALIPAY_UNAVAILABLE', async () => {
    expect(await failureOf('bad-json:')).toBe('ALIPAY_UNAVAILABLE')
    expect(await failureOf('http:502')).toBe('ALIPAY_UNAVAILABLE')
    expect(await failureOf('http:404')).toBe('ALIPAY_UNAVAILABLE')
  })

  it('refuses an answer whose signature does not match it, or that has none, even for a valid code', async () => {
    expect(await failureOf('bad-sign:erin')).toBe('ALIPAY_UNAVAILABLE')
    expect(await failureOf('unsigned:erin')).toBe('ALIPAY_UNAVAILABLE')
    // Signed by a key other than Alipay's (what a server in the middle would have): refused as well.
    const notAlipay = otherKeyPair().publicKey
    expect(await failureOf(alipay.codeFor('erin'), { alipayPublicKey: notAlipay })).toBe('ALIPAY_UNAVAILABLE')
    // An error answer is verified too: one that does not verify is no word from Alipay about the code.
    expect(await failureOf('not-a-real-code', { alipayPublicKey: notAlipay })).toBe('ALIPAY_UNAVAILABLE')
  })

  it('cannot be reached at all: ALIPAY_UNAVAILABLE', async () => {
    expect(await failureOf(alipay.codeFor('frank'), { gateway: 'http://127.0.0.1:9/gateway.do' })).toBe(
      'ALIPAY_UNAVAILABLE',
    )
  })
})
