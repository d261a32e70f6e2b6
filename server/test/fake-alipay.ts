// A local stand-in for Alipay's OpenAPI gateway answering `alipay.system.oauth.token`, on a free loopback
// port. Like Alipay it verifies each request's RSA2 signature with the app's public key and signs each
// answer (success and error_response alike) with its own private key; both key pairs are generated when it
// starts. Codes drive it (`fake-platform.ts`).
import { createHash, createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto'
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

/** A running fake Alipay gateway. */
export interface FakeAlipay extends FakePlatformControls {
  /** The gateway URL to configure as `ALIPAY_GATEWAY`. */
  gateway: string
  /** The app id it accepts (`ALIPAY_APP_ID`). */
  appId: string
  /** The app's private key, PKCS#8 PEM (`ALIPAY_PRIVATE_KEY`); the fake checks requests with its public half. */
  appPrivateKey: string
  /** The app's public key, SPKI PEM (what the app uploads to Alipay; not to be configured on the server). */
  appPublicKey: string
  /** The fake Alipay's public key, SPKI PEM (`ALIPAY_PUBLIC_KEY`): it signs every answer with the private half. */
  alipayPublicKey: string
  /** Every request's parameters (query and form body together), in order. */
  requests: Array<Record<string, string>>
}

/** Alipay's method the fake serves, and the key its answer sits under. */
const METHOD = 'alipay.system.oauth.token'
const RESPONSE_KEY = 'alipay_system_oauth_token_response'

const SUB_MSGS: Readonly<Record<string, string>> = {
  'isv.code-invalid': '授权码code无效',
  'isv.invalid-signature': '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配',
  'isv.invalid-app-id': '无效的AppID参数',
  'isv.invalid-method': '不存在的方法名',
  'isv.grant-type-invalid': 'grant_type参数不正确',
  'isp.unknow-error': '系统繁忙',
}

function rsaKeyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
}

/** The string Alipay signs for a request: every parameter but `sign`, non-empty, sorted by name, `k=v&...`. */
export function requestSignContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&')
}

// A 16-digit Alipay user id (2088...) that stays the same for a name.
function userIdFor(name: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 15)}`)
    .toString()
    .slice(0, 12)
  return `2088${digits.padStart(12, '0')}`
}

/** Starts the fake with fresh RSA key pairs for the app and for itself. */
export async function startFakeAlipay(options: { appId?: string } = {}): Promise<FakeAlipay> {
  const appId = options.appId ?? `2021${randomBytes(6).readUIntBE(0, 6).toString().padStart(12, '0')}`
  const app = rsaKeyPair()
  const alipay = rsaKeyPair()
  const requests: Array<Record<string, string>> = []
  const codes = fakeCodeBook()

  // Alipay signs the text of the answer object exactly as it appears in the body.
  function signed(key: string, content: object, how: 'signed' | 'bad-sign' | 'unsigned' = 'signed'): FakeReply {
    const text = JSON.stringify(content)
    if (how === 'unsigned') return { body: `{"${key}":${text}}` }
    const signedText = how === 'bad-sign' ? text.replace(/openid-/g, 'openid-x') : text
    const sign = createSign('RSA-SHA256').update(signedText, 'utf8').sign(alipay.privateKey, 'base64')
    return { body: `{"${key}":${text},"sign":"${sign}"}` }
  }

  function failure(subCode: string, subMsg?: string, key = 'error_response'): FakeReply {
    const isp = subCode.startsWith('isp.')
    if (key !== 'error_response') {
      return signed(key, {
        code: '40004',
        msg: 'Business Failed',
        sub_code: subCode,
        sub_msg: subMsg ?? '业务处理失败',
      })
    }
    return signed('error_response', {
      code: isp ? '20000' : '40002',
      msg: isp ? 'Service Currently Unavailable' : 'Invalid Arguments',
      sub_code: subCode,
      sub_msg: subMsg ?? SUB_MSGS[subCode] ?? '业务处理失败',
    })
  }

  function success(name: string, field: 'open_id' | 'user_id', how?: 'bad-sign' | 'unsigned'): FakeReply {
    const token = `authbseB${randomBytes(16).toString('hex')}`
    return signed(
      RESPONSE_KEY,
      {
        ...(field === 'open_id' ? { open_id: fakeOpenid(name) } : { user_id: userIdFor(name) }),
        access_token: token,
        expires_in: 1296000,
        refresh_token: `authbseB${randomBytes(16).toString('hex')}`,
        re_expires_in: 2592000,
        auth_start: new Date().toISOString().replace('T', ' ').slice(0, 19),
      },
      how,
    )
  }

  function replyFor(code: FakeCode): FakeReply {
    switch (code.kind) {
      case 'user':
        return success(code.name, 'open_id')
      case 'user-id':
        return success(code.name, 'user_id')
      case 'bad-sign':
        return success(code.name, 'open_id', 'bad-sign')
      case 'unsigned':
        return success(code.name, 'open_id', 'unsigned')
      case 'error':
        return failure(code.value, code.message)
      case 'failed':
        return failure(code.value, undefined, RESPONSE_KEY)
      case 'hang':
        return 'hang'
      case 'bad-json':
        return { body: '{"alipay_system_oauth_token_response":{"open_id":' }
      case 'http':
        return errorPage(code.status)
      case 'delay':
        return delayed(replyFor(code.after), code.ms)
      default:
        return failure('isv.code-invalid')
    }
  }

  function handle(request: FakeRequest): FakeReply {
    if (request.method !== 'POST' || request.url.pathname !== '/gateway.do') return errorPage(404)
    const params: Record<string, string> = Object.fromEntries(request.url.searchParams)
    for (const [key, value] of new URLSearchParams(request.body)) params[key] = value
    requests.push(params)
    if (params.app_id !== appId) return failure('isv.invalid-app-id')
    const sign = params.sign ?? ''
    const verified =
      params.sign_type === 'RSA2' &&
      createVerify('RSA-SHA256').update(requestSignContent(params), 'utf8').verify(app.publicKey, sign, 'base64')
    if (!verified) return failure('isv.invalid-signature')
    if (params.method !== METHOD) return failure('isv.invalid-method')
    if (params.grant_type !== 'authorization_code') return failure('isv.grant-type-invalid')
    const code = params.code ?? ''
    const taken = codes.take(code)
    return taken === null ? failure('isv.code-invalid') : replyFor(taken)
  }

  const server = await startFakeHttpServer(handle)
  return {
    gateway: `${server.origin}/gateway.do`,
    appId,
    appPrivateKey: app.privateKey,
    appPublicKey: app.publicKey,
    alipayPublicKey: alipay.publicKey,
    requests,
    codeFor: codes.codeFor,
    respondAs: codes.respondAs,
    answers: server.answers,
    close: () => server.close(),
  }
}
