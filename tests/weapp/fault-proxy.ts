// A loopback HTTP proxy between the bundle and a real server, answering chosen requests itself the way
// the network in the field does: a captive portal's 200 HTML, a gateway's 403/408/429, an HTML 5xx, a
// connection cut before any answer. Everything else is forwarded unchanged.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request as the proxy received it. */
export interface ProxiedRequest {
  method: string
  /** The path with its query, e.g. `/feed`. */
  path: string
  headers: http.IncomingHttpHeaders
}

/** What the proxy does instead of forwarding: answer with this status, body and headers, or cut the connection. */
export type Fault = { status: number; body?: string; headers?: Record<string, string> } | 'cut'

/** Decides, per request, whether a fault answers it (undefined: forward to the server). */
export type FaultRule = (request: ProxiedRequest) => Fault | undefined

/** A running fault proxy. */
export interface FaultProxy {
  /** Base URL to pass as `apiBaseUrl`. */
  url: string
  /** Replaces the rule; `undefined` forwards everything. */
  setRule(rule: FaultRule | undefined): void
  /** Every request received, as `METHOD /path`, in order. */
  lines(): string[]
  /** The most requests of `METHOD /path` that were open at the same time. */
  maxConcurrent(line: string): number
  close(): Promise<void>
}

/** A captive portal's login page: 200, HTML. */
export const CAPTIVE_PORTAL: Fault = {
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<!doctype html><html><body><h1>Wi-Fi 登录</h1><form action="/portal"></form></body></html>',
}

/** An error page a gateway or load balancer answers with, not the API's `{ code, message }`. */
export function gatewayPage(status: number): Fault {
  return {
    status,
    headers: { 'content-type': 'text/html' },
    body: `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>`,
  }
}

/** Starts a proxy on a free loopback port in front of `target` (a base URL such as `http://127.0.0.1:3000`). */
export async function startFaultProxy(target: string, initialRule?: FaultRule): Promise<FaultProxy> {
  let rule = initialRule
  const seen: string[] = []
  const open = new Map<string, number>()
  const most = new Map<string, number>()
  const upstream = new URL(target)
  const agent = new http.Agent({ keepAlive: true })
  const server = http.createServer((req, res) => {
    const request: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers }
    const line = `${request.method} ${request.path}`
    seen.push(line)
    open.set(line, (open.get(line) ?? 0) + 1)
    most.set(line, Math.max(most.get(line) ?? 0, open.get(line) ?? 0))
    res.on('close', () => open.set(line, (open.get(line) ?? 1) - 1))
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const fault = rule?.(request)
      if (fault === 'cut') {
        req.socket.destroy()
        return
      }
      if (fault) {
        res.writeHead(fault.status, fault.headers ?? {})
        res.end(fault.body ?? '')
        return
      }
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: request.path,
          method: request.method,
          headers: req.headers,
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      // The server is down: the client sees the connection cut, as without the proxy.
      forward.on('error', () => req.socket.destroy())
      forward.end(Buffer.concat(chunks))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setRule: (next) => {
      rule = next
    },
    lines: () => [...seen],
    maxConcurrent: (line) => most.get(line) ?? 0,
    close: async () => {
      server.closeAllConnections()
      agent.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
