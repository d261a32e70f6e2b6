// What the fake platform servers share: the codes tests send the Alipay and Douyin fakes, and the loopback
// HTTP server every fake (WeChat's too) answers on.
// A code says how the fake answers it, so a test (or a fake mini program runtime) drives every outcome
// through the login code alone; see server/README.md, "Fake Alipay and Douyin servers".
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How a fake platform answers a login code. */
export type FakeCode =
  /** `user:<name>[:<nonce>]`: user `<name>` (openid `openid-<name>`), valid once like a real code. */
  | { kind: 'user'; name: string }
  /** `user-id:<name>[:<nonce>]` (Alipay): an older app's answer, `user_id` without `open_id`. */
  | { kind: 'user-id'; name: string }
  /**
   * `error:<value>[:<message>]`: the platform's error answer with that value (Douyin `err_no`, Alipay
   * `sub_code`) and message (Douyin `err_tips`, Alipay `sub_msg`).
   */
  | { kind: 'error'; value: string; message?: string }
  /** `hang:...`: no answer at all until the fake closes (the caller's timeout fires). */
  | { kind: 'hang' }
  /** `bad-json:...`: HTTP 200 with a body that is not JSON. */
  | { kind: 'bad-json' }
  /** `http:<status>`: that HTTP status with an HTML error page. */
  | { kind: 'http'; status: number }
  /** `delay:<ms>:<code>`: answers as `<code>` would, `<ms>` later. */
  | { kind: 'delay'; ms: number; after: FakeCode }
  /** `bad-sign:<name>` (Alipay): user `<name>`'s answer with a signature that does not match it. */
  | { kind: 'bad-sign'; name: string }
  /** `unsigned:<name>` (Alipay): user `<name>`'s answer without a signature. */
  | { kind: 'unsigned'; name: string }
  /** `failed:<sub_code>` (Alipay): a signed failure under the method's own key (`code` 40004), not `error_response`. */
  | { kind: 'failed'; value: string }
  /** Anything else: the platform's invalid-code answer (as for a used, expired or made-up code). */
  | { kind: 'invalid' }

/** Reads the fake's code vocabulary. */
export function parseFakeCode(code: string): FakeCode {
  const [head = '', ...rest] = code.split(':')
  const tail = rest.join(':')
  const name = rest[0] ?? ''
  switch (head) {
    case 'user':
    case 'user-id':
      return name === '' ? { kind: 'invalid' } : { kind: head, name }
    case 'bad-sign':
    case 'unsigned':
      return name === '' ? { kind: 'invalid' } : { kind: head, name }
    case 'error':
      return rest.length > 1
        ? { kind: 'error', value: name, message: rest.slice(1).join(':') }
        : { kind: 'error', value: tail }
    case 'failed':
      return { kind: 'failed', value: tail }
    case 'hang':
      return { kind: 'hang' }
    case 'bad-json':
      return { kind: 'bad-json' }
    case 'http': {
      const status = Number(name)
      return Number.isInteger(status) && status >= 100 && status <= 599 ? { kind: 'http', status } : { kind: 'invalid' }
    }
    case 'delay': {
      const ms = Number(name)
      return Number.isInteger(ms) && ms >= 0
        ? { kind: 'delay', ms, after: parseFakeCode(rest.slice(1).join(':')) }
        : { kind: 'invalid' }
    }
    default:
      return { kind: 'invalid' }
  }
}

/** The openid a fake platform gives user `<name>`: the same string on every platform, on purpose. */
export function fakeOpenid(name: string): string {
  return `openid-${name}`
}

/** Codes that name a user are single use, as on the real platforms; the rest answer the same every time. */
function singleUse(): (code: string, parsed: FakeCode) => boolean {
  const used = new Set<string>()
  return (code, parsed) => {
    const target = parsed.kind === 'delay' ? parsed.after : parsed
    if (target.kind !== 'user' && target.kind !== 'user-id') return true
    if (used.has(code)) return false
    used.add(code)
    return true
  }
}

/** What a test does with any running fake platform, whatever the platform. */
export interface FakePlatformControls {
  /** A fresh login code for user `name` (openid `openid-<name>`), valid once, as the platform's login gives one. */
  codeFor(name: string): string
  /**
   * While set, answers every exchange as if its code were `code` (`'hang:'`, `'http:503'`, `'error:…'`),
   * whatever code the client sent: the platform fails for everyone. `null` restores normal answers.
   */
  respondAs(code: string | null): void
  /** Every body it answered with, in order: what a test plants among the secrets the log must not hold. */
  answers: string[]
  /** Stops the server. */
  close(): Promise<void>
}

/** The codes one fake hands out and takes back: fresh user codes, single use, and the `respondAs` override. */
export interface FakeCodeBook {
  /** See `FakePlatformControls.codeFor`. */
  codeFor(name: string): string
  /** See `FakePlatformControls.respondAs`. */
  respondAs(code: string | null): void
  /** How to answer a received code: the override if set, else the code read; `null` for a user code used before. */
  take(code: string): FakeCode | null
}

/** A fresh code book for one fake. */
export function fakeCodeBook(): FakeCodeBook {
  const firstUse = singleUse()
  let issued = 0
  let override: string | null = null
  return {
    codeFor: (name) => `user:${name}:${++issued}`,
    respondAs(code) {
      override = code
    },
    take(code) {
      if (override !== null) return parseFakeCode(override)
      const parsed = parseFakeCode(code)
      return firstUse(code, parsed) ? parsed : null
    },
  }
}

/** `reply`, `ms` later (`delay:` codes); a reply that hangs still hangs. */
export function delayed(reply: FakeReply, ms: number): FakeReply {
  return reply === 'hang' ? reply : { ...reply, delayMs: ms }
}

/** A request as a fake received it. */
export interface FakeRequest {
  /** HTTP method. */
  method: string
  /** Path and query. */
  url: URL
  /** Request headers. */
  headers: IncomingHttpHeaders
  /** The raw body. */
  body: string
}

/** How a fake answers: a status and body after an optional delay, or never. */
export type FakeReply = { status?: number; contentType?: string; body: string; delayMs?: number } | 'hang'

/** A fake HTTP server on a free loopback port. */
export interface FakeHttpServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string
  /** Every body it answered with, in order (hanging requests have none). */
  answers: string[]
  /** Stops the server, cutting hanging requests. */
  close(): Promise<void>
}

/** Starts a loopback server that answers each request with `handle`'s reply. */
export async function startFakeHttpServer(handle: (request: FakeRequest) => FakeReply): Promise<FakeHttpServer> {
  const answers: string[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const reply = handle({
        method: request.method ?? 'GET',
        url: new URL(request.url ?? '/', 'http://fake-platform'),
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      if (reply === 'hang') return
      answers.push(reply.body)
      const timer = setTimeout(() => {
        response.writeHead(reply.status ?? 200, {
          'content-type': reply.contentType ?? 'application/json;charset=utf-8',
        })
        response.end(reply.body)
      }, reply.delayMs ?? 0)
      response.on('close', () => clearTimeout(timer))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** An HTTP error page, as a gateway in front of a platform's API answers. */
export function errorPage(status: number): FakeReply {
  return { status, contentType: 'text/html', body: `<html><body><h1>${status}</h1></body></html>` }
}
