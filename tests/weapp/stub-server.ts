// A tiny HTTP server on a free loopback port for scenarios that only need a canned answer or two.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request as the stub server received it. */
export interface StubRequest {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: string
}

/** What a route answers: a status, a JSON (or raw string) body and extra headers. */
export interface StubResponse {
  status?: number
  json?: unknown
  text?: string
  headers?: Record<string, string>
  /** Wait this long before answering (to test loading states and timeouts). */
  delayMs?: number
}

/** A running stub server. */
export interface StubServer {
  url: string
  requests: StubRequest[]
  close(): Promise<void>
}

/** Starts a server answering `METHOD /path` (query ignored) from `routes`; anything else is 404. */
export async function startStubServer(
  routes: Record<string, StubResponse | ((req: StubRequest) => StubResponse)>,
): Promise<StubServer> {
  const requests: StubRequest[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request: StubRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(request)
      const route = routes[`${request.method} ${request.path.split('?')[0]}`]
      const answer =
        typeof route === 'function' ? route(request) : (route ?? { status: 404, json: { code: 'NOT_FOUND' } })
      const send = () => {
        const body = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json))
        const type = answer.text === undefined ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8'
        res.writeHead(answer.status ?? 200, { 'content-type': type, ...answer.headers })
        res.end(body)
      }
      if (answer.delayMs) setTimeout(send, answer.delayMs)
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
