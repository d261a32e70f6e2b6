import type { TrustProxy } from './app'
import { parseTrustProxy } from './config'
import { ERRORS } from './errors'
import { testServer } from './test/harness'

const LIMIT = 3

function server(trustProxy: TrustProxy) {
  return testServer({ config: { logger: false, trustProxy, loginRateLimitPerMinute: LIMIT } }).app
}

/** Logs in with `X-Forwarded-For: forwardedFor` from a proxy at `proxy`; returns the status. */
async function loginVia(app: ReturnType<typeof server>, forwardedFor: string, proxy = '127.0.0.1') {
  const response = await app.inject({
    method: 'POST',
    url: '/auth/login',
    remoteAddress: proxy,
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { code: `c-${Math.random()}` },
  })
  return response.statusCode
}

describe('the login rate limit behind proxies', () => {
  it('with TRUST_PROXY=true (one hop) keys on the address the proxy appended, whatever the client wrote', async () => {
    const app = server(parseTrustProxy('true'))
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push(await loginVia(app, `10.9.${i}.1, 203.0.113.7`))
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT)
    expect(statuses.slice(LIMIT).every((status) => status === 429)).toBe(true)
    // Another real client behind the same proxy has its own allowance.
    expect(await loginVia(app, '10.9.0.1, 203.0.113.8')).toBe(200)
  })

  it('with a hop count keys on the entry that many hops in', async () => {
    const app = server(parseTrustProxy('2'))
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push(await loginVia(app, `192.0.2.${i}, 203.0.113.9, 10.0.0.2`))
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT)
  })

  it('with proxy addresses and CIDRs keys on the first address from the right that is not a proxy', async () => {
    const app = server(parseTrustProxy('127.0.0.1, 10.0.0.0/8'))
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push(await loginVia(app, `198.51.100.${i}, 203.0.113.10, 10.1.2.3`))
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT)
    // A peer that is not a listed proxy is the client itself: its X-Forwarded-For is ignored.
    const direct: number[] = []
    for (let i = 0; i < 6; i++) direct.push(await loginVia(app, `198.51.100.${i}`, '192.0.2.200'))
    expect(direct.filter((status) => status === 200)).toHaveLength(LIMIT)
  })

  it('without TRUST_PROXY ignores X-Forwarded-For entirely', async () => {
    const app = server(parseTrustProxy(undefined))
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push(await loginVia(app, `198.51.100.${i}`))
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT)
  })

  it('refuses an oversized or malformed X-Forwarded-For with 400 { code, message } on every route', async () => {
    const app = server(1)
    for (const forwardedFor of [
      `${'203.0.113.1, '.repeat(60)}203.0.113.1`,
      '1.2.3.4'.padEnd(8192, ' '),
      'not-an-ip',
      '203.0.113.1, ',
      ',203.0.113.1',
      '203.0.113.1:8080',
      '203.0.113.1;drop',
      '999.1.1.1',
      `${'a'.repeat(40)}`,
    ]) {
      for (const [method, url] of [
        ['POST', '/auth/login'],
        ['GET', '/feed'],
      ] as const) {
        const response = await app.inject({
          method,
          url,
          headers: { 'x-forwarded-for': forwardedFor },
          ...(method === 'POST' ? { payload: { code: 'x' } } : {}),
        })
        expect({ forwardedFor, status: response.statusCode, body: response.json() }).toEqual({
          forwardedFor,
          status: 400,
          body: { code: 'INVALID_REQUEST', message: ERRORS.INVALID_REQUEST.message },
        })
      }
    }
    expect(await loginVia(app, '2001:db8::1, 203.0.113.1')).toBe(200)
  })
})

describe('TRUST_PROXY', () => {
  it('reads true as one hop, a number as hops, and a list as proxy addresses and CIDRs', () => {
    expect(parseTrustProxy(undefined)).toBe(false)
    expect(parseTrustProxy('false')).toBe(false)
    expect(parseTrustProxy('0')).toBe(false)
    expect(parseTrustProxy('true')).toBe(1)
    expect(parseTrustProxy('2')).toBe(2)
    expect(parseTrustProxy('10.0.0.1, 10.0.0.0/8, fd00::/8, loopback')).toEqual([
      '10.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
      'loopback',
    ])
  })

  it('refuses anything else, naming the variable', () => {
    for (const value of ['yes', '10.0.0.0/33', '10.0.0.1/8/1', 'proxy.example', '10.0.0.1,,10.0.0.2', '-1']) {
      expect(() => parseTrustProxy(value)).toThrow(/TRUST_PROXY/)
    }
  })
})
