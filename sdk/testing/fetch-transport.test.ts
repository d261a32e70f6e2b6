import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApiClient } from '../api/api-client'
import { NetworkError } from '../client/errors'
import { fetchTransport } from './fetch-transport'

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void

let server: Server
let origin: string
let handle: Handler = (_, __, response) => response.end()

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => handle(request, body, response))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('fetchTransport', () => {
  it('sends method, headers and body as given', async () => {
    let seen: { method?: string; auth?: string; body?: string } = {}
    handle = (request, body, response) => {
      seen = { method: request.method, auth: request.headers.authorization, body }
      response.end()
    }
    await fetchTransport()({
      method: 'POST',
      url: `${origin}/x`,
      headers: { authorization: 'Bearer t' },
      body: '{"a":1}',
    })
    expect(seen).toEqual({ method: 'POST', auth: 'Bearer t', body: '{"a":1}' })
  })

  it('resolves any status with lower-cased headers and the raw body text', async () => {
    handle = (_, __, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>bad gateway</html>')
    }
    const response = await fetchTransport()({ method: 'GET', url: `${origin}/x`, headers: {} })
    expect(response.status).toBe(502)
    expect(response.headers['content-type']).toBe('text/html')
    expect(response.body).toBe('<html>bad gateway</html>')
  })

  it('rejects with a NETWORK_ERROR NetworkError when nothing answers', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const failure = await fetchTransport()({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(NetworkError)
    expect(failure).toMatchObject({ code: 'NETWORK_ERROR', status: 0 })
  })

  it('rejects with a TIMEOUT NetworkError when the server is slower than timeoutMs', async () => {
    handle = (_, __, response) => {
      setTimeout(() => response.end('late'), 500)
    }
    const failure = await fetchTransport({ timeoutMs: 50 })({ method: 'GET', url: `${origin}/x`, headers: {} }).catch(
      (error: unknown) => error,
    )
    expect(failure).toMatchObject({ code: 'TIMEOUT', status: 0 })
  })

  it('uses the fetch installed at call time, as msw needs', async () => {
    const transport = fetchTransport()
    const original = globalThis.fetch
    globalThis.fetch = jest.fn(async () => new Response('{"status":"ok","store":"memory"}', { status: 200 }))
    try {
      expect((await transport({ method: 'GET', url: 'http://nowhere.test/health', headers: {} })).status).toBe(200)
    } finally {
      globalThis.fetch = original
    }
  })

  it('serves the typed client end to end', async () => {
    handle = (request, _, response) => {
      const ok = request.url === '/profile' && request.headers.authorization === undefined
      response.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ id: 'u1', nickname: '小明', avatarUrl: 'https://img.test/a.png' }))
    }
    const result = await createApiClient({ baseUrl: origin, transport: fetchTransport() }).GET('/profile')
    expect(result.data?.nickname).toBe('小明')
  })
})
