import { apiSecurityHeaders } from './security-headers'
import { bearer, login, testServer } from './test/harness'

// A JSON API's headers (OWASP REST Security Cheat Sheet): what browsers must be told whatever route answered.
const EXPECTED = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
}
// Helmet's document-only and legacy headers: meaningless on an answer that is data, and paid on every one.
const DOCUMENT_ONLY = [
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-powered-by',
  'x-xss-protection',
]

describe('security headers', () => {
  it("are a JSON API's set, as helmet writes them", () => {
    expect(apiSecurityHeaders()).toEqual(EXPECTED)
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
      expect(DOCUMENT_ONLY.filter((name) => name in answer.headers)).toEqual([])
    }
  })
})
