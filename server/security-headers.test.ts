import { helmetDefaultHeaders } from './security-headers'
import { bearer, login, testServer } from './test/harness'

// Helmet 8's defaults for an API: what browsers must be told whatever route answered.
const EXPECTED = {
  'content-security-policy': expect.stringContaining("default-src 'self'"),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
}

describe('security headers', () => {
  it('are helmet defaults, taken from helmet itself', () => {
    expect(helmetDefaultHeaders()).toEqual(EXPECTED)
  })

  it('are on every answer: success, refusal, unknown route, invalid body', async () => {
    const { app } = testServer()
    const session = await login(app, 'headers')
    const answers = [
      await app.inject({ url: '/profile', headers: bearer(session.token) }),
      await app.inject({ url: '/profile' }),
      await app.inject({ url: '/nope' }),
      await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 1 } }),
    ]
    for (const answer of answers) {
      const sent = Object.fromEntries(Object.keys(EXPECTED).map((name) => [name, answer.headers[name]]))
      expect({ status: answer.statusCode, sent }).toEqual({ status: answer.statusCode, sent: EXPECTED })
    }
  })
})
