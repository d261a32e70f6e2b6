// Speaks HTTP/1.1 by hand over a TCP socket, for requests no HTTP client would send.
import { connect } from 'node:net'
import type { FastifyInstance } from 'fastify'

/** What came back on one connection. */
export interface RawExchange {
  /** Everything the server wrote, as text. */
  received: string
  /** How the connection ended: the server closed it, or it reset. */
  ending: 'closed' | 'reset'
  /** Time from connecting to the end of the connection. */
  elapsedMs: number
}

/** Writes `chunks` (waiting `gapMs` between them) and collects the answer until the server ends the connection. */
export function rawExchange(port: number, chunks: string[], gapMs = 0): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now()
    let received = ''
    let ending: RawExchange['ending'] = 'closed'
    let timer: NodeJS.Timeout | undefined
    const socket = connect(port, '127.0.0.1', () => {
      const queue = [...chunks]
      const writeNext = () => {
        const chunk = queue.shift()
        if (chunk === undefined || socket.destroyed) return
        socket.write(chunk)
        if (queue.length > 0) timer = setTimeout(writeNext, gapMs)
      }
      writeNext()
    })
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8')
    })
    socket.on('error', () => {
      ending = 'reset'
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ received, ending, elapsedMs: Date.now() - started })
    })
  })
}

/** The status code and parsed body of the first response in `raw`. */
export function firstResponse(raw: string): { status: number; headers: string; body: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(raw)?.[1] ?? Number.NaN)
  const headEnd = raw.indexOf('\r\n\r\n')
  const headers = raw.slice(0, headEnd).toLowerCase()
  const length = Number(/content-length: *(\d+)/.exec(headers)?.[1] ?? 0)
  const bodyBytes = Buffer.from(raw.slice(headEnd + 4), 'utf8').subarray(0, length)
  return { status, headers, body: JSON.parse(bodyBytes.toString('utf8')) }
}

/** Starts `app` on a free loopback port and returns the port. */
export async function listening(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (typeof address !== 'object' || address === null) throw new Error('not listening on a TCP port')
  return address.port
}

/** One kept-alive connection sending requests one at a time. */
export interface RawConnection {
  /** Sends `request` and resolves with its whole response (head and Content-Length body). */
  send(request: string): Promise<string>
  /** Resolves with how the connection ended. */
  ended: Promise<'closed' | 'reset'>
  /** Closes the connection from this side. */
  destroy(): void
}

/** Opens a connection that stays open between requests, like a browser's or an HTTP agent's. */
export function openConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let buffer = Buffer.alloc(0)
    let waiting: ((response: string) => void) | null = null
    let ending: 'closed' | 'reset' = 'closed'
    const ended = new Promise<'closed' | 'reset'>((done) => socket.on('close', () => done(ending)))
    function deliver() {
      const headEnd = buffer.indexOf('\r\n\r\n')
      if (!waiting || headEnd < 0) return
      const head = buffer.subarray(0, headEnd).toString('latin1')
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0)
      if (buffer.length < headEnd + 4 + length) return
      const response = buffer.subarray(0, headEnd + 4 + length).toString('utf8')
      buffer = buffer.subarray(headEnd + 4 + length)
      const done = waiting
      waiting = null
      done(response)
    }
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      deliver()
    })
    socket.on('error', (error) => {
      ending = 'reset'
      reject(error)
    })
    socket.on('connect', () =>
      resolve({
        send(request: string) {
          return new Promise((answer, fail) => {
            waiting = answer
            socket.write(request)
            ended.then(() => fail(new Error(`connection ended (${ending}) before an answer`)))
          })
        },
        ended,
        destroy: () => socket.destroy(),
      }),
    )
  })
}
