import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import { ERRORS, type ErrorCode } from './errors'
import { codeExchange, login, testServer } from './test/harness'

// Enough to find the shapes that break parsers, small enough to keep the suite fast.
const NUM_RUNS = 120

const exchange = codeExchange()
const { app } = testServer({ exchange, config: { logger: false } })
let realToken = ''

beforeAll(async () => {
  realToken = (await login(app, 'the-only-real-login')).token
})
afterAll(async () => {
  await app.close()
})
afterEach(() => {
  // No generated request may reach WeChat, let alone get a token issued.
  expect(exchange.calls).toEqual(['the-only-real-login'])
})

/**
 * A 4xx with exactly `{ code, message }`, the code's own message and no token; the code's own status too,
 * except 415 INVALID_REQUEST for a body in a charset other than UTF-8.
 */
function expectClientError(response: LightMyRequestResponse, codes?: ErrorCode[]) {
  expect(response.statusCode).toBeGreaterThanOrEqual(400)
  expect(response.statusCode).toBeLessThan(500)
  expect(response.headers['content-type']).toMatch(/^application\/json/)
  const body = response.json() as { code: ErrorCode; message: string }
  expect(Object.keys(body).sort()).toEqual(['code', 'message'])
  if (response.statusCode === 415) {
    expect(body).toEqual({ code: 'INVALID_REQUEST', message: ERRORS.INVALID_REQUEST.message })
    return
  }
  expect(ERRORS[body.code]).toEqual({ status: response.statusCode, message: body.message })
  if (codes) expect(codes).toContain(body.code)
  expect(response.body).not.toMatch(/token|stack|Error:|\bat \//)
}

function isLoginRequest(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const keys = Object.keys(value)
  const code = (value as { code?: unknown }).code
  return keys.length === 1 && typeof code === 'string' && code.length >= 1 && code.length <= 128
}

function parsesAsLoginRequest(raw: string): boolean {
  try {
    return isLoginRequest(JSON.parse(raw))
  } catch {
    return false
  }
}

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/xml',
    '',
  ),
  fc.string({ maxLength: 40 }),
)
const rawBody = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.json())
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((name) => name !== 'authorization')
const headerValue = fc.string({ maxLength: 80 })

describe('malformed input of any kind', () => {
  it('to POST /auth/login: JSON values that are not a LoginRequest get 400 INVALID_CODE', async () => {
    const notALoginRequest = fc.oneof(
      fc.anything().filter((value) => !isLoginRequest(value)),
      // Near misses: a good code with extra fields, or a code of the wrong type or length.
      fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 128 }),
          fc.dictionary(
            fc.string({ minLength: 1 }).filter((key) => key !== 'code'),
            fc.jsonValue(),
            { minKeys: 1 },
          ),
        )
        .map(([code, extra]) => ({ ...extra, code })),
      fc
        .oneof(fc.jsonValue(), fc.string({ minLength: 129, maxLength: 300 }), fc.constant(''))
        .filter((code) => typeof code !== 'string' || code.length === 0 || code.length > 128)
        .map((code) => ({ code })),
    )
    await fc.assert(
      fc.asyncProperty(notALoginRequest, async (value) => {
        const payload = JSON.stringify(value) ?? 'undefined'
        const response = await app.inject({
          method: 'POST',
          url: '/auth/login',
          headers: { 'content-type': 'application/json' },
          payload,
        })
        expectClientError(response, ['INVALID_CODE'])
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('to POST /auth/login: any bytes under any content type get 400 INVALID_CODE (415 in a non-UTF-8 charset)', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, contentType, async (payload, type) => {
        fc.pre(!parsesAsLoginRequest(payload))
        const response = await app.inject({
          method: 'POST',
          url: '/auth/login',
          headers: type === '' ? {} : { 'content-type': type },
          payload,
        })
        expectClientError(response, ['INVALID_CODE'])
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('in the Authorization header of every endpoint that reads it gets 400 or 401, never data', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(['GET', '/profile'], ['GET', '/feed'], ['POST', '/auth/logout']),
        fc.oneof(
          headerValue,
          headerValue.map((value) => `Bearer ${value}`),
        ),
        async ([method, url], authorization) => {
          const response = await app.inject({ method: method as 'GET' | 'POST', url, headers: { authorization } })
          expectClientError(response, ['INVALID_REQUEST', 'SESSION_EXPIRED'])
        },
      ),
      { numRuns: NUM_RUNS },
    )
  })

  it('as well-formed bearer tokens the server never issued, even aimed at a real user, gets 401 SESSION_EXPIRED', async () => {
    const base64url = fc.stringMatching(/^[A-Za-z0-9_-]+$/)
    const realTag = realToken.split('.')[0] ?? ''
    const forged = fc.oneof(
      base64url,
      fc.tuple(base64url, base64url).map(([tag, rest]) => `${tag}.${rest}`),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((rest) => `${realTag}.${rest}`),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/profile', '/feed', '/auth/logout'), forged, async (url, token) => {
        fc.pre(token !== realToken)
        const method = url === '/auth/logout' ? 'POST' : 'GET'
        const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` } })
        expectClientError(response, ['SESSION_EXPIRED'])
      }),
      { numRuns: NUM_RUNS },
    )
    expect((await app.inject({ url: '/profile', headers: { authorization: `Bearer ${realToken}` } })).statusCode).toBe(
      200,
    )
  })

  it('as unknown paths and wrong methods gets 404 NOT_FOUND or 400 INVALID_REQUEST', async () => {
    const routes = new Set(['POST /auth/login', 'POST /auth/logout', 'GET /profile', 'GET /feed', 'GET /health'])
    const path = fc.oneof(
      fc.webPath().map((webPath) => (webPath.startsWith('/') ? webPath : `/${webPath}`)),
      fc.constantFrom('/auth/login', '/auth/logout', '/profile', '/feed', '/health', '/avatars/x.svg'),
      fc.string({ maxLength: 40 }).map((text) => `/${encodeURIComponent(text)}`),
      fc.constantFrom('/%', '/%zz', '//', '/profile/', '/feed/..', '/auth//login', '/%E0%A4%A', '/a?b=%zz'),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), path, async (method, url) => {
        fc.pre(!routes.has(`${method} ${url.split('?')[0]}`))
        fc.pre(!(method === 'GET' && url.startsWith('/avatars/')))
        const response = await app.inject({ method: method as 'GET', url })
        expectClientError(response, ['NOT_FOUND', 'INVALID_REQUEST'])
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('in any other header of any endpoint never causes a 5xx', async () => {
    const endpoints = [
      { method: 'POST', url: '/auth/login', ok: [] },
      { method: 'POST', url: '/auth/logout', ok: [] },
      { method: 'GET', url: '/profile', ok: [] },
      { method: 'GET', url: '/feed', ok: [200] },
      { method: 'GET', url: '/health', ok: [200] },
    ] as const
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.dictionary(headerName, headerValue, { maxKeys: 6 }),
        fc.option(rawBody, { nil: undefined }),
        async (endpoint, headers, payload) => {
          fc.pre(payload === undefined || !parsesAsLoginRequest(payload))
          const body = endpoint.method === 'POST' && payload !== undefined ? { payload } : {}
          const response = await app.inject({ method: endpoint.method, url: endpoint.url, headers, ...body })
          if ((endpoint.ok as readonly number[]).includes(response.statusCode)) return
          expectClientError(response)
        },
      ),
      { numRuns: NUM_RUNS },
    )
  })
})

describe('oversized input', () => {
  it('gets 400 on every endpoint that takes a body, without reading it all', async () => {
    const huge = JSON.stringify({ code: 'x'.repeat(1024 * 1024) })
    const headers = { 'content-type': 'application/json' }
    expectClientError(await app.inject({ method: 'POST', url: '/auth/login', headers, payload: huge }), [
      'INVALID_CODE',
    ])
    expectClientError(
      await app.inject({
        method: 'POST',
        url: '/auth/logout',
        headers: { ...headers, authorization: `Bearer ${realToken}` },
        payload: huge,
      }),
      ['INVALID_REQUEST'],
    )
  })

  it('in a header value gets a 4xx', async () => {
    const response = await app.inject({ url: '/profile', headers: { authorization: `Bearer ${'a'.repeat(100_000)}` } })
    expectClientError(response, ['SESSION_EXPIRED'])
  })
})
