import { ConfigError, readEnvConfig } from './config'

describe('reading the environment', () => {
  it('defaults to dev mode, the memory store, 127.0.0.1:3000, a 7-day TTL and the H5 dev server origins', () => {
    const config = readEnvConfig({})
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', redis: null, wechat: null })
    expect(config.server).toMatchObject({
      sessionTtlSeconds: 7 * 24 * 60 * 60,
      corsOrigins: ['http://127.0.0.1:10086', 'http://localhost:10086'],
      publicBaseUrl: 'http://127.0.0.1:3000',
      trustProxy: false,
    })
  })

  it('reads every variable it documents', () => {
    const config = readEnvConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      REDIS_URL: 'redis://cache:6379',
      WECHAT_APPID: 'wx123',
      WECHAT_SECRET: 's3cret',
      WECHAT_API_BASE_URL: 'http://127.0.0.1:9999',
      SESSION_TTL_SECONDS: '60',
      CORS_ORIGIN: 'https://a.example, https://b.example',
      LOGIN_RATE_LIMIT_PER_MINUTE: '5',
      PUBLIC_BASE_URL: 'https://api.example.com',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    })
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      redis: { kind: 'single', url: 'redis://cache:6379' },
      wechat: { appId: 'wx123', appSecret: 's3cret', baseUrl: 'http://127.0.0.1:9999' },
      server: {
        sessionTtlSeconds: 60,
        corsOrigins: ['https://a.example', 'https://b.example'],
        loginRateLimitPerMinute: 5,
        publicBaseUrl: 'https://api.example.com',
        trustProxy: 1,
        logger: { level: 'warn' },
      },
    })
  })

  it('allows any origin with CORS_ORIGIN=*', () => {
    expect(readEnvConfig({ CORS_ORIGIN: '*' }).server.corsOrigins).toBe('*')
  })

  it('builds the public base URL from a reachable address when listening on all interfaces', () => {
    expect(readEnvConfig({ HOST: '0.0.0.0', PORT: '4000' }).server.publicBaseUrl).toBe('http://127.0.0.1:4000')
  })

  it('refuses to run dev mode with NODE_ENV=production', () => {
    expect(() => readEnvConfig({ NODE_ENV: 'production' })).toThrow(ConfigError)
    expect(() => readEnvConfig({ NODE_ENV: 'production' })).toThrow(/WECHAT_APPID and WECHAT_SECRET/)
  })

  it('refuses half a set of WeChat credentials instead of silently falling back to dev mode', () => {
    expect(() => readEnvConfig({ WECHAT_APPID: 'wx123' })).toThrow(ConfigError)
    expect(() => readEnvConfig({ WECHAT_SECRET: 's3cret' })).toThrow(ConfigError)
  })

  it('refuses numbers that are not positive integers, naming the variable', () => {
    for (const [name, value] of [
      ['PORT', 'abc'],
      ['SESSION_TTL_SECONDS', '-5'],
      ['LOGIN_RATE_LIMIT_PER_MINUTE', '1.5'],
    ]) {
      expect(() => readEnvConfig({ [name as string]: value })).toThrow(new RegExp(name as string))
    }
  })
})
