import { ApiUrlGuardError, apiUrlProblem, assertReleasableApiUrl, isReleaseBuild } from './api-url-guard'

const BUILD_WEAPP = ['node', 'taro', 'build', '--type', 'weapp']

describe('the API base URL a released app may use', () => {
  it.each([
    'https://api.example.com',
    'https://api.example.com/v1',
    'https://api.example.com:8443',
    'HTTPS://API.EXAMPLE.COM',
    'https://localhost.example.com',
    'https://127.0.0.1.example.com',
  ])('accepts %s', (url) => {
    expect(apiUrlProblem(url)).toBeNull()
  })

  it.each([
    [undefined, /not set/],
    ['', /not set/],
    ['   ', /not set/],
    ['http://127.0.0.1:3000', /http, not https/],
    ['http://api.example.com', /http, not https/],
    ['ws://api.example.com', /ws, not https/],
    ['api.example.com', /not an absolute URL/],
    [' https://api.example.com', /spaces/],
    ['https://localhost', /localhost/],
    ['https://LOCALHOST:8443/api', /localhost/],
    ['https://localhost.', /localhost/],
    ['https://app.localhost', /localhost/],
    ['https://127.0.0.1', /this machine/],
    ['https://127.1', /this machine/],
    ['https://0x7f000001', /this machine/],
    ['https://127.255.10.2:3000', /this machine/],
    ['https://0.0.0.0', /this machine/],
    ['https://[::1]:3000', /this machine/],
    ['https://[0:0:0:0:0:0:0:1]', /this machine/],
    ['https://[::ffff:127.0.0.1]', /this machine/],
    ['https://user:secret@api.example.com', /user name or password/],
  ])('refuses %p', (url, reason) => {
    expect(apiUrlProblem(url)).toMatch(reason)
  })
})

describe('which builds the guard applies to', () => {
  it('applies to taro build for production on every platform', () => {
    for (const type of ['weapp', 'h5', 'alipay', 'tt']) {
      expect(isReleaseBuild({ env: { NODE_ENV: 'production' }, argv: ['node', 'taro', 'build', '--type', type] })).toBe(
        true,
      )
    }
  })

  it('leaves watch builds, development builds, other commands and marked local test builds alone', () => {
    expect(isReleaseBuild({ env: {}, argv: [...BUILD_WEAPP, '--watch'] })).toBe(false)
    expect(isReleaseBuild({ env: { NODE_ENV: 'development' }, argv: BUILD_WEAPP })).toBe(false)
    expect(isReleaseBuild({ env: {}, argv: ['node', 'taro', 'info'] })).toBe(false)
    expect(isReleaseBuild({ env: { MINIAUTH_LOCAL_BUILD: '1' }, argv: BUILD_WEAPP })).toBe(false)
    expect(isReleaseBuild({ env: { MINIAUTH_LOCAL_BUILD: 'true' }, argv: BUILD_WEAPP })).toBe(false)
    expect(isReleaseBuild({ env: { MINIAUTH_LOCAL_BUILD: '0' }, argv: BUILD_WEAPP })).toBe(true)
  })
})

describe('a release build with an unusable API address', () => {
  it('fails with a message naming the value, the reason, what to set and the local-build escape', () => {
    const build = () =>
      assertReleasableApiUrl({
        env: { NODE_ENV: 'production', TARO_APP_API_BASE_URL: 'http://127.0.0.1:3000' },
        argv: BUILD_WEAPP,
      })
    expect(build).toThrow(ApiUrlGuardError)
    expect(build).toThrow(/"http:\/\/127\.0\.0\.1:3000" uses http, not https/)
    expect(build).toThrow(/TARO_APP_API_BASE_URL=https:\/\/api\.example\.com npm run build:weapp/)
    expect(build).toThrow(/MINIAUTH_LOCAL_BUILD=1/)
  })

  it('fails when the address is not set at all', () => {
    expect(() => assertReleasableApiUrl({ env: { NODE_ENV: 'production' }, argv: BUILD_WEAPP })).toThrow(
      /^TARO_APP_API_BASE_URL is not set/,
    )
  })

  it('passes an HTTPS address, and a local test build with a loopback one', () => {
    const https = { NODE_ENV: 'production', TARO_APP_API_BASE_URL: 'https://api.example.com' }
    expect(() => assertReleasableApiUrl({ env: https, argv: BUILD_WEAPP })).not.toThrow()
    const local = { NODE_ENV: 'production', TARO_APP_API_BASE_URL: 'http://127.0.0.1:3000', MINIAUTH_LOCAL_BUILD: '1' }
    expect(() => assertReleasableApiUrl({ env: local, argv: BUILD_WEAPP })).not.toThrow()
  })

  it.each([
    ['alipay', /Alipay calls only HTTPS domains on the server allowlist/],
    ['tt', /Douyin calls only HTTPS request legal domains/],
  ])('stops a %s release build too, naming that platform’s allowlist and its build script', (type, allowlist) => {
    const build = () =>
      assertReleasableApiUrl({
        env: { NODE_ENV: 'production', TARO_APP_API_BASE_URL: 'http://127.0.0.1:3000' },
        argv: ['node', 'taro', 'build', '--type', type],
      })
    expect(build).toThrow(allowlist)
    expect(build).toThrow(new RegExp(`npm run build:${type}`))
  })
})
