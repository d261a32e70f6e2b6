import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, readEnvConfig } from './config'
import { exchangesFrom } from './exchanges'
import { PlatformConfigError, readAlipayConfig, readDouyinConfig } from './platform-config'

const app = generateKeyPairSync('rsa', { modulusLength: 2048 })
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 })
const APP_PKCS8 = app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const APP_PKCS1 = app.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const ALIPAY_SPKI = alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const APP_SPKI = app.publicKey.export({ type: 'spki', format: 'pem' }).toString()
// What Alipay's key tool and console show: the base64 alone, one line.
const bare = (der: Buffer) => der.toString('base64')
const KEY_LINE = APP_PKCS8.split('\n')[1] ?? ''

function alipayEnv(overrides: Record<string, string> = {}) {
  return {
    ALIPAY_APP_ID: '2021000000000001',
    ALIPAY_PRIVATE_KEY: APP_PKCS8,
    ALIPAY_PUBLIC_KEY: ALIPAY_SPKI,
    ...overrides,
  }
}

function refusal(read: () => unknown): string {
  try {
    read()
  } catch (error) {
    if (error instanceof PlatformConfigError || error instanceof ConfigError) return error.message
    throw error
  }
  throw new Error('expected the settings to be refused')
}

describe('Alipay settings', () => {
  it('are absent when none of the three variables is set', () => {
    expect(readAlipayConfig({})).toBeNull()
  })

  it('read both keys as PEM, with the gateway defaulting to Alipay’s', () => {
    const config = readAlipayConfig(alipayEnv())
    expect(config).toEqual({
      appId: '2021000000000001',
      privateKey: APP_PKCS8,
      alipayPublicKey: ALIPAY_SPKI,
      gateway: 'https://openapi.alipay.com/gateway.do',
    })
  })

  it('read the same keys written on one line with \\n, as PKCS#1, or as the bare base64 of Alipay’s tools', () => {
    const variants: Array<Record<string, string>> = [
      { ALIPAY_PRIVATE_KEY: APP_PKCS8.trim().replaceAll('\n', '\\n') },
      { ALIPAY_PRIVATE_KEY: APP_PKCS1 },
      { ALIPAY_PRIVATE_KEY: bare(app.privateKey.export({ type: 'pkcs8', format: 'der' })) },
      { ALIPAY_PRIVATE_KEY: bare(app.privateKey.export({ type: 'pkcs1', format: 'der' })) },
      { ALIPAY_PUBLIC_KEY: bare(alipay.publicKey.export({ type: 'spki', format: 'der' })) },
      { ALIPAY_PUBLIC_KEY: ALIPAY_SPKI.trim().replaceAll('\n', '\\n') },
    ]
    for (const variant of variants) {
      const config = readAlipayConfig(alipayEnv(variant))
      expect({ privateKey: config?.privateKey, publicKey: config?.alipayPublicKey }).toEqual({
        privateKey: APP_PKCS8,
        publicKey: ALIPAY_SPKI,
      })
    }
  })

  it('read the keys from files named by ALIPAY_PRIVATE_KEY_FILE and ALIPAY_PUBLIC_KEY_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'miniauth-keys-'))
    writeFileSync(join(dir, 'app.pem'), APP_PKCS1)
    writeFileSync(join(dir, 'alipay.pem'), ALIPAY_SPKI)
    const env = {
      ALIPAY_APP_ID: '2021000000000001',
      ALIPAY_PRIVATE_KEY_FILE: join(dir, 'app.pem'),
      ALIPAY_PUBLIC_KEY_FILE: join(dir, 'alipay.pem'),
    }
    expect(readAlipayConfig(env)).toMatchObject({ privateKey: APP_PKCS8, alipayPublicKey: ALIPAY_SPKI })
    expect(refusal(() => readAlipayConfig({ ...env, ALIPAY_PRIVATE_KEY: APP_PKCS8 }))).toBe(
      'set ALIPAY_PRIVATE_KEY or ALIPAY_PRIVATE_KEY_FILE, not both',
    )
    expect(refusal(() => readAlipayConfig({ ...env, ALIPAY_PUBLIC_KEY_FILE: join(dir, 'missing.pem') }))).toMatch(
      /^ALIPAY_PUBLIC_KEY_FILE names a file that cannot be read \(ENOENT\)/,
    )
  })

  it('refuse a half configuration, naming what is missing and quoting no key', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ ALIPAY_APP_ID: '2021' }, 'ALIPAY_PRIVATE_KEY and ALIPAY_PUBLIC_KEY are missing'],
      [{ ALIPAY_APP_ID: '2021', ALIPAY_PRIVATE_KEY: APP_PKCS8 }, 'ALIPAY_PUBLIC_KEY is missing'],
      [{ ALIPAY_PRIVATE_KEY: APP_PKCS8, ALIPAY_PUBLIC_KEY: ALIPAY_SPKI }, 'ALIPAY_APP_ID is missing'],
    ]
    for (const [env, missing] of cases) {
      const message = refusal(() => readAlipayConfig(env))
      expect(message).toContain(`Alipay is half configured: ${missing}`)
      expect(message).not.toContain(KEY_LINE)
    }
  })

  it('refuse keys that cannot be used, saying why without quoting them', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const cases: Array<[Record<string, string>, string]> = [
      [{ ALIPAY_PRIVATE_KEY: `${KEY_LINE}!!` }, 'ALIPAY_PRIVATE_KEY is not a readable private key'],
      [{ ALIPAY_PRIVATE_KEY: APP_PKCS8.replace(KEY_LINE, KEY_LINE.slice(1)) }, 'ALIPAY_PRIVATE_KEY is not a readable'],
      [
        { ALIPAY_PRIVATE_KEY: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
        'ALIPAY_PRIVATE_KEY must be an RSA key',
      ],
      // A private key where Alipay's public key belongs: a mix-up, never silently turned into its public half.
      [{ ALIPAY_PUBLIC_KEY: APP_PKCS8 }, 'ALIPAY_PUBLIC_KEY is not a readable public key'],
      [{ ALIPAY_PUBLIC_KEY: APP_SPKI }, "ALIPAY_PUBLIC_KEY is the app's own public key (应用公钥)"],
      [
        { ALIPAY_PUBLIC_KEY: `-----BEGIN CERTIFICATE-----\n${KEY_LINE}\n-----END CERTIFICATE-----` },
        'ALIPAY_PUBLIC_KEY is a certificate',
      ],
    ]
    for (const [overrides, reason] of cases) {
      const message = refusal(() => readAlipayConfig(alipayEnv(overrides)))
      expect(message).toContain(reason)
      expect(message).not.toContain(KEY_LINE.slice(0, 20))
    }
  })

  it('take a gateway only as an http(s) URL', () => {
    expect(readAlipayConfig(alipayEnv({ ALIPAY_GATEWAY: 'http://127.0.0.1:9000/gateway.do' }))?.gateway).toBe(
      'http://127.0.0.1:9000/gateway.do',
    )
    expect(refusal(() => readAlipayConfig(alipayEnv({ ALIPAY_GATEWAY: 'openapi.alipay.com' })))).toBe(
      'ALIPAY_GATEWAY must be an http(s) URL',
    )
  })
})

describe('Douyin settings', () => {
  it('are absent without DOUYIN_APPID and DOUYIN_SECRET, and complete with both', () => {
    expect(readDouyinConfig({})).toBeNull()
    expect(readDouyinConfig({ DOUYIN_APPID: 'tt01', DOUYIN_SECRET: 's3cret' })).toEqual({
      appId: 'tt01',
      secret: 's3cret',
      baseUrl: 'https://developer.toutiao.com',
    })
  })

  it('refuse one without the other, never quoting the secret', () => {
    expect(refusal(() => readDouyinConfig({ DOUYIN_APPID: 'tt01' }))).toContain(
      'Douyin is half configured: DOUYIN_SECRET is missing',
    )
    const message = refusal(() => readDouyinConfig({ DOUYIN_SECRET: 'do-not-print-me' }))
    expect(message).toContain('DOUYIN_APPID is missing')
    expect(message).not.toContain('do-not-print-me')
  })
})

describe('the environment as a whole', () => {
  it('turns a platform refusal into the ConfigError that stops the server', () => {
    expect(() => readEnvConfig({ DOUYIN_APPID: 'tt01' })).toThrow(ConfigError)
  })

  it('gives each platform its exchange: real with credentials, dev without them, none in production', () => {
    const dev = exchangesFrom({ wechat: null, alipay: null, douyin: null, production: false })
    expect([dev.wechat.mode, dev.others.alipay?.mode, dev.others.douyin?.mode]).toEqual(['dev', 'dev', 'dev'])
    expect(dev.devPlatforms).toEqual(['wechat', 'alipay', 'douyin'])

    const env = readEnvConfig({
      NODE_ENV: 'production',
      WECHAT_APPID: 'wx01',
      WECHAT_SECRET: 'wechat-secret',
      ...alipayEnv(),
    })
    const production = exchangesFrom(env)
    expect([production.wechat.mode, production.others.alipay?.mode]).toEqual(['wechat', 'alipay'])
    expect(production.others.douyin).toBeUndefined()
    expect(production.devPlatforms).toEqual([])
    // A key that parses for the exchange too: the configured key signs.
    expect(createPrivateKey(env.alipay?.privateKey ?? '').asymmetricKeyType).toBe('rsa')
  })

  it('takes no made-up Alipay or Douyin login on a server that talks to a real platform, even outside production', () => {
    const realWechat = exchangesFrom(readEnvConfig({ WECHAT_APPID: 'wx01', WECHAT_SECRET: 'wechat-secret' }))
    expect(realWechat.wechat.mode).toBe('wechat')
    expect(realWechat.others).toEqual({})
    expect(realWechat.devPlatforms).toEqual([])

    const realAlipay = exchangesFrom(readEnvConfig(alipayEnv()))
    expect([realAlipay.wechat.mode, realAlipay.others.alipay?.mode]).toEqual(['dev', 'alipay'])
    expect(realAlipay.others.douyin).toBeUndefined()
    expect(realAlipay.devPlatforms).toEqual(['wechat'])
  })
})
