import fc from 'fast-check'
import { ERRORS, type ErrorCode } from './errors'
import { codeExchange, testServer } from './test/harness'
import { firstResponse, listening, rawExchange } from './test/raw-socket'

const shortTimeouts = { requestMs: 600, headersMs: 400, keepAliveMs: 500, idleMs: 800, checkIntervalMs: 100 }
const exchange = codeExchange()
const { app } = testServer({ exchange, config: { logger: false, timeouts: shortTimeouts } })
let port = 0

beforeAll(async () => {
  port = await listening(app)
})
afterAll(async () => {
  await app.close()
})

function expectAnswer(raw: string, status: number, code: ErrorCode) {
  const response = firstResponse(raw)
  expect(response.status).toBe(status)
  expect(response.headers).toMatch(/content-type: application\/json/)
  expect(response.body).toEqual({ code, message: ERRORS[code].message })
}

describe('answers made before any route runs', () => {
  it('answer an HTTP/1.1 request without Host with 400 { code, message }', async () => {
    const { received } = await rawExchange(port, ['GET /health HTTP/1.1\r\nConnection: close\r\n\r\n'])
    expectAnswer(received, 400, 'INVALID_REQUEST')
  })

  it('answer an Expect other than 100-continue with 417 { code, message }', async () => {
    for (const expectation of ['garbage', '200-ok', 'continue']) {
      const { received } = await rawExchange(port, [
        `POST /auth/login HTTP/1.1\r\nHost: x\r\nExpect: ${expectation}\r\nContent-Length: 2\r\n\r\n{}`,
      ])
      expectAnswer(received, 417, 'INVALID_REQUEST')
    }
  })

  it('answer headers over the size limit with 431 { code, message }', async () => {
    const { received } = await rawExchange(port, [
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ])
    expectAnswer(received, 431, 'INVALID_REQUEST')
  })

  it('answer CONNECT instead of closing silently', async () => {
    const { received } = await rawExchange(port, ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'])
    expectAnswer(received, 404, 'NOT_FOUND')
  })

  it('answer malformed request lines and headers with 400 { code, message }', async () => {
    for (const request of [
      'NOT HTTP AT ALL\r\n\r\n',
      'GET\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n',
      'BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n',
      'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      'POST /auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ]) {
      const { received } = await rawExchange(port, [request])
      expectAnswer(received, 400, 'INVALID_REQUEST')
    }
  })

  it('answer any garbage in the request line or headers with an answer in shape, never a silent close', async () => {
    const method = fc.oneof(
      fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'DELETE', 'CONNECT', 'TRACE', 'PRI', 'get'),
      fc.string({ maxLength: 8 }),
    )
    const target = fc.oneof(
      fc.constantFrom('/health', '/feed', '*', 'http://x/feed', 'x:1'),
      fc.string({ maxLength: 30 }),
    )
    const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'http/1.1', '')
    const header = fc.oneof(
      fc.constantFrom('Host: x', 'Expect: 100-continue', 'Transfer-Encoding: chunked', 'Content-Length: -1', 'Host:'),
      fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })).map(([name, value]) => `${name}: ${value}`),
    )
    await fc.assert(
      fc.asyncProperty(method, target, version, fc.array(header, { maxLength: 4 }), async (m, t, v, headers) => {
        const head = [`${m} ${t} ${v}`, ...headers, 'Connection: close'].join('\r\n')
        const { received } = await rawExchange(port, [`${head}\r\n\r\n`])
        expect(received).toMatch(/^HTTP\/1\.1 \d{3} /)
        const answer = received.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '')
        // HEAD answers carry no body, by definition.
        if (Number(answer.slice(9, 12)) < 400 || m === 'HEAD') return
        expect(Object.keys(firstResponse(answer).body as object).sort()).toEqual(['code', 'message'])
      }),
      { numRuns: 80 },
    )
  })

  it('answer a JSON body declared in a charset other than UTF-8 with 415, never reading it as UTF-8', async () => {
    for (const charset of ['utf-16', 'UTF-16LE', 'latin1', 'iso-8859-1', '"windows-1252"', 'ascii']) {
      const response = await app.inject({
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': `application/json; charset=${charset}` },
        payload: JSON.stringify({ code: 'charset-code' }),
      })
      expect({ charset, status: response.statusCode, body: response.json() }).toEqual({
        charset,
        status: 415,
        body: { code: 'INVALID_REQUEST', message: ERRORS.INVALID_REQUEST.message },
      })
    }
    expect(exchange.calls).toEqual([])
    for (const charset of ['utf-8', 'UTF8', '"utf-8"']) {
      const response = await app.inject({
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': `application/json; charset=${charset}` },
        payload: JSON.stringify({ code: `utf8-${charset}` }),
      })
      expect(response.statusCode).toBe(200)
    }
  })
})

describe('slow and silent clients', () => {
  it('answer a body trickling in byte by byte with 408 { code, message } once the request timeout passes', async () => {
    const body = JSON.stringify({ code: 'trickled-code' })
    const head = `POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    const result = await rawExchange(port, [head, ...body.split('')], 150)
    expectAnswer(result.received, 408, 'INVALID_REQUEST')
    expect(exchange.calls).not.toContain('trickled-code')
  })

  it('answer headers trickling in line by line with 408 { code, message }', async () => {
    const lines = ['GET /health HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 20 }, (_, i) => `X-${i}: y\r\n`)]
    const result = await rawExchange(port, lines, 100)
    expectAnswer(result.received, 408, 'INVALID_REQUEST')
  })

  it('answer a connection that never sends a byte with 408 { code, message } and close it', async () => {
    const result = await rawExchange(port, [])
    expectAnswer(result.received, 408, 'INVALID_REQUEST')
  })

  it('close an idle keep-alive connection after its last answer', async () => {
    const result = await rawExchange(port, ['GET /health HTTP/1.1\r\nHost: x\r\n\r\n'])
    expect(firstResponse(result.received).status).toBe(200)
  })
})
