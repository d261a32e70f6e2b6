import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { ALIPAY_GATEWAY, type AlipayExchangeOptions } from './alipay'
import { DOUYIN_API_BASE_URL, type DouyinExchangeOptions } from './douyin'

/** Alipay and Douyin settings are unusable; the message names the variables, never a value. */
export class PlatformConfigError extends Error {
  /** Creates the error with its explanation. */
  constructor(message: string) {
    super(message)
    this.name = 'PlatformConfigError'
  }
}

type Env = Readonly<Record<string, string | undefined>>

/** Alipay's settings: everything the exchange needs but its timeout. */
export type AlipayConfig = Required<Omit<AlipayExchangeOptions, 'timeoutMs'>>

/** Douyin's settings: everything the exchange needs but its timeout. */
export type DouyinConfig = Required<Omit<DouyinExchangeOptions, 'timeoutMs'>>

/** A variable, or the contents of the file its `_FILE` twin names (for secrets mounted as files). */
function valueOrFile(env: Env, name: string): string {
  const value = env[name] ?? ''
  const file = env[`${name}_FILE`] ?? ''
  if (value !== '' && file !== '') throw new PlatformConfigError(`set ${name} or ${name}_FILE, not both`)
  if (file === '') return value
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    // The path is the operator's own setting; the error's code says why (ENOENT, EACCES).
    const code = (error as { code?: unknown }).code
    throw new PlatformConfigError(`${name}_FILE names a file that cannot be read (${String(code ?? 'error')}): ${file}`)
  }
}

/** PEM text with `\n` written as two characters (one-line environment values) made multi-line again. */
function unescapeNewlines(text: string): string {
  return text.replace(/\\n/g, '\n').trim()
}

// Alipay's key tool writes bare base64 (no PEM armour): the private key as PKCS#8 or PKCS#1, the public as SPKI.
function derFrom(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '')
  return /^[A-Za-z0-9+/]+={0,2}$/.test(compact) ? Buffer.from(compact, 'base64') : null
}

function loadPrivateKey(text: string): KeyObject {
  if (text.includes('-----BEGIN')) return createPrivateKey(text)
  const der = derFrom(text)
  if (!der) throw new Error('neither PEM nor base64')
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' })
  }
}

function loadPublicKey(text: string): KeyObject {
  // createPublicKey would accept a private key too (and derive its public half): a private key here is a mix-up.
  if (text.includes('PRIVATE KEY')) throw new Error('a private key')
  if (text.includes('-----BEGIN')) return createPublicKey(text)
  const der = derFrom(text)
  if (!der) throw new Error('neither PEM nor base64')
  return createPublicKey({ key: der, format: 'der', type: 'spki' })
}

/** An RSA private key as PKCS#8 PEM, from PEM (either kind) or Alipay's bare base64; never quoted in an error. */
export function readPrivateKey(name: string, raw: string): string {
  let key: KeyObject
  try {
    key = loadPrivateKey(unescapeNewlines(raw))
  } catch {
    throw new PlatformConfigError(
      `${name} is not a readable private key (PEM, or the base64 text of Alipay's key tool)`,
    )
  }
  if (key.asymmetricKeyType !== 'rsa') throw new PlatformConfigError(`${name} must be an RSA key (RSA2 signing)`)
  return key.export({ type: 'pkcs8', format: 'pem' }).toString()
}

/** An RSA public key as SPKI PEM, from PEM or Alipay's bare base64. */
export function readPublicKey(name: string, raw: string): string {
  // Certificate mode (公钥证书) also needs the certificates' serial numbers in every request: not supported.
  if (raw.includes('CERTIFICATE')) {
    throw new PlatformConfigError(`${name} is a certificate; set Alipay's public key (公钥模式), not certificate mode`)
  }
  let key: KeyObject
  try {
    key = loadPublicKey(unescapeNewlines(raw))
  } catch {
    throw new PlatformConfigError(`${name} is not a readable public key (PEM, or the base64 text Alipay shows)`)
  }
  if (key.asymmetricKeyType !== 'rsa') throw new PlatformConfigError(`${name} must be an RSA key (RSA2 signing)`)
  return key.export({ type: 'spki', format: 'pem' }).toString()
}

/** Names of the variables in `values` that are empty, when some but not all are set; else null. */
function halfSet(values: Record<string, string>): string[] | null {
  const missing = Object.keys(values).filter((name) => values[name] === '')
  return missing.length > 0 && missing.length < Object.keys(values).length ? missing : null
}

/**
 * Alipay from `ALIPAY_APP_ID`, `ALIPAY_PRIVATE_KEY` (or `_FILE`), `ALIPAY_PUBLIC_KEY` (or `_FILE`) and
 * `ALIPAY_GATEWAY`: null when none of the three is set; all three or a `PlatformConfigError`.
 */
export function readAlipayConfig(env: Env): AlipayConfig | null {
  const appId = env.ALIPAY_APP_ID?.trim() ?? ''
  const privateKey = valueOrFile(env, 'ALIPAY_PRIVATE_KEY')
  const publicKey = valueOrFile(env, 'ALIPAY_PUBLIC_KEY')
  const missing = halfSet({ ALIPAY_APP_ID: appId, ALIPAY_PRIVATE_KEY: privateKey, ALIPAY_PUBLIC_KEY: publicKey })
  if (missing) {
    throw new PlatformConfigError(
      `Alipay is half configured: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing; set ` +
        'ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY and ALIPAY_PUBLIC_KEY, or none of them (dev mode, or not enabled in production)',
    )
  }
  if (appId === '') return null
  const appPrivateKey = readPrivateKey('ALIPAY_PRIVATE_KEY', privateKey)
  const alipayPublicKey = readPublicKey('ALIPAY_PUBLIC_KEY', publicKey)
  // The usual mix-up: the app's own public key (应用公钥) where Alipay's (支付宝公钥) belongs.
  if (createPublicKey(appPrivateKey).export({ type: 'spki', format: 'pem' }).toString() === alipayPublicKey) {
    throw new PlatformConfigError(
      "ALIPAY_PUBLIC_KEY is the app's own public key (应用公钥); it must be Alipay's public key (支付宝公钥)",
    )
  }
  return {
    appId,
    privateKey: appPrivateKey,
    alipayPublicKey,
    gateway: httpUrl('ALIPAY_GATEWAY', env.ALIPAY_GATEWAY, ALIPAY_GATEWAY),
  }
}

/**
 * Douyin from `DOUYIN_APPID`, `DOUYIN_SECRET` and `DOUYIN_API_BASE_URL`: null when neither of the two is
 * set; both or a `PlatformConfigError`.
 */
export function readDouyinConfig(env: Env): DouyinConfig | null {
  const appId = env.DOUYIN_APPID?.trim() ?? ''
  const secret = env.DOUYIN_SECRET ?? ''
  const missing = halfSet({ DOUYIN_APPID: appId, DOUYIN_SECRET: secret })
  if (missing) {
    throw new PlatformConfigError(
      `Douyin is half configured: ${missing[0]} is missing; set DOUYIN_APPID and DOUYIN_SECRET, or neither ` +
        '(dev mode, or not enabled in production)',
    )
  }
  if (appId === '') return null
  return { appId, secret, baseUrl: httpUrl('DOUYIN_API_BASE_URL', env.DOUYIN_API_BASE_URL, DOUYIN_API_BASE_URL) }
}

function httpUrl(name: string, raw: string | undefined, fallback: string): string {
  const value = raw?.trim() ?? ''
  if (value === '') return fallback
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new PlatformConfigError(`${name} must be an http(s) URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new PlatformConfigError(`${name} must be an http(s) URL`)
  return value
}
