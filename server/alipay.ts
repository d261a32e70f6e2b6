import { createPrivateKey } from 'node:crypto'
import { AlipaySdk } from 'alipay-sdk'
import type { CodeExchange, PlatformIdentity } from './code-exchange'
import { ApiError, type ErrorCode, errorName } from './errors'

/** Options of the real Alipay exchange. */
export interface AlipayExchangeOptions {
  /** The mini program's app id (`app_id`). */
  appId: string
  /** The app's RSA private key, PEM (PKCS#8 or PKCS#1): signs every request; never logged. */
  privateKey: string
  /** Alipay's public key (支付宝公钥), PEM: every answer's signature is verified with it. */
  alipayPublicKey: string
  /** Alipay's OpenAPI gateway; tests point it at a local fake. */
  gateway?: string
  /** How long to wait for Alipay before answering 502. */
  timeoutMs?: number
}

/** Alipay's OpenAPI gateway. */
export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do'

/** Default time Alipay gets to answer a code exchange. */
export const ALIPAY_TIMEOUT_MS = 5000

/** The OpenAPI method that turns an auth code from `my.getAuthCode` into the user's id. */
export const ALIPAY_OAUTH_METHOD = 'alipay.system.oauth.token'

// Where Alipay puts a failed call's answer, instead of under the method's own key.
const ERROR_RESPONSE_KEY = 'error_response'

/** `sub_code`s with their own meaning to the client; any other is `ALIPAY_UNAVAILABLE`. */
export const ALIPAY_SUB_CODES: Readonly<Record<string, ErrorCode>> = {
  // Wrong, already used or expired auth code.
  'isv.code-invalid': 'INVALID_CODE',
}

// A sub_code is quoted in a log line only when it looks like Alipay's (`isv.code-invalid`), never free text.
const SUB_CODE_PATTERN = /^[a-z]+\.[a-z0-9-]{1,64}$/i

/**
 * alipay-sdk verifies an answer's signature over the text under the method's key; Alipay signs an error
 * answer too, over the text under `error_response`, which the SDK would look for under the method's key
 * and so never verify. This reads the signed text under whichever key the answer has: an error answer is
 * verified like a success, and one without a valid signature is refused like any other unsigned answer.
 */
class OauthTokenSdk extends AlipaySdk {
  override getSignStr(originStr: string, responseKey: string): string {
    const isError = !originStr.includes(`"${responseKey}"`) && originStr.includes(`"${ERROR_RESPONSE_KEY}"`)
    return super.getSignStr(originStr, isError ? ERROR_RESPONSE_KEY : responseKey)
  }
}

/**
 * The real code exchange: `alipay.system.oauth.token` through Alipay's own SDK (RSA2-signed request, the
 * answer's signature verified with Alipay's public key), with a timeout and Alipay's `sub_code`s mapped.
 * The answer's `access_token` and `refresh_token` are not kept: login needs only the user's id.
 */
export function createAlipayExchange(options: AlipayExchangeOptions): CodeExchange {
  const sdk = new OauthTokenSdk({
    appId: options.appId,
    // The SDK re-armours the key line by line and must be told its kind: one kind, no trailing line break.
    privateKey: createPrivateKey(options.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
    keyType: 'PKCS8',
    alipayPublicKey: options.alipayPublicKey.trim(),
    gateway: options.gateway ?? ALIPAY_GATEWAY,
    timeout: options.timeoutMs ?? ALIPAY_TIMEOUT_MS,
    camelcase: false,
  })
  return {
    mode: 'alipay',
    async exchange(code: string): Promise<PlatformIdentity> {
      let answer: unknown
      try {
        answer = await sdk.exec(ALIPAY_OAUTH_METHOD, { grantType: 'authorization_code', code }, { validateSign: true })
      } catch (error) {
        // Only the error's name: the SDK's messages quote the answer (tokens, user ids) and the signed text.
        throw new ApiError('ALIPAY_UNAVAILABLE', `alipay request failed (${errorName(error)})`)
      }
      return identityFrom(answer)
    },
  }
}

function identityFrom(answer: unknown): PlatformIdentity {
  if (typeof answer !== 'object' || answer === null) {
    throw new ApiError('ALIPAY_UNAVAILABLE', 'alipay answered with a body that is not an object')
  }
  const { code, sub_code: subCode, open_id: openId, user_id: userId } = answer as Record<string, unknown>
  // A failure carries code 4xxxx and a sub_code; a success has neither, or the gateway's 10000.
  if (subCode !== undefined || (code !== undefined && code !== '10000')) {
    const mapped = typeof subCode === 'string' ? ALIPAY_SUB_CODES[subCode] : undefined
    const quoted = typeof subCode === 'string' && SUB_CODE_PATTERN.test(subCode) ? subCode : typeof subCode
    throw new ApiError(mapped ?? 'ALIPAY_UNAVAILABLE', `alipay sub_code ${quoted}`)
  }
  // Newer apps get an open_id (per app); older ones the user_id (2088..., per Alipay account).
  const openid = typeof openId === 'string' && openId !== '' ? openId : typeof userId === 'string' ? userId : ''
  if (openid === '') throw new ApiError('ALIPAY_UNAVAILABLE', 'alipay answered without open_id or user_id')
  return { openid, sessionKey: '' }
}
