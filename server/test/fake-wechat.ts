// A local stand-in for WeChat's jscode2session endpoint: a real HTTP server on a free loopback port.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the fake answers one request. */
export interface FakeAnswer {
  /** HTTP status; 200 when absent. */
  status?: number
  /** Raw response body. */
  body: string
  /** Wait this long before answering (to provoke timeouts). */
  delayMs?: number
}

/** A running fake WeChat API. */
export interface FakeWechat {
  /** Base URL to configure as the WeChat API base. */
  baseUrl: string
  /** Every request URL received, in order (path and query). */
  requests: URL[]
  /** Replaces how the fake answers. */
  answer(respond: (url: URL) => FakeAnswer): void
  /** Stops the server. */
  close(): Promise<void>
}

/** WeChat's success answer: one openid per code, so the same code is the same user. */
export function successFor(url: URL): FakeAnswer {
  const code = url.searchParams.get('js_code') ?? ''
  return { body: JSON.stringify({ openid: `openid-${code}`, session_key: `session-key-${code}` }) }
}

/** WeChat's answer for an errcode. */
export function errcode(code: number, errmsg = 'error'): FakeAnswer {
  return { body: JSON.stringify({ errcode: code, errmsg }) }
}

/** Starts the fake; it answers with `successFor` until told otherwise. */
export async function startFakeWechat(): Promise<FakeWechat> {
  let respond: (url: URL) => FakeAnswer = successFor
  const requests: URL[] = []
  const server = createServer((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? '/', 'http://fake-wechat')
    requests.push(url)
    const answer = respond(url)
    const timer = setTimeout(() => {
      response.writeHead(answer.status ?? 200, { 'content-type': 'text/plain' })
      response.end(answer.body)
    }, answer.delayMs ?? 0)
    response.on('close', () => clearTimeout(timer))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    answer(next) {
      respond = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
