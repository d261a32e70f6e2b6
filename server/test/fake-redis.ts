// A tiny RESP server that answers every data command with one chosen Redis error reply, for failures a
// real Redis only shows briefly (LOADING, BUSY, MASTERDOWN, TRYAGAIN, ASK...). Handshake commands succeed.
import { createServer, type Socket } from 'node:net'

/** A running fake the test owns. */
export interface FakeRedis {
  /** `redis://127.0.0.1:<port>`. */
  url: string
  /** The error line (without `-`) every data command gets from now on; `{args}` quotes the command's arguments. */
  failWith(errorLine: string): void
  /** Every command received, name first, lower case, with its arguments. */
  commands: string[][]
  /** Closes the listener and every connection. */
  close(): Promise<void>
}

const INFO = '# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n# Persistence\r\nloading:0\r\n'

/** Parses complete RESP arrays of bulk strings off the front of `buffer`; returns them and what is left. */
function parseCommands(buffer: Buffer): { commands: string[][]; rest: Buffer } {
  const commands: string[][] = []
  let offset = 0
  const line = (from: number) => {
    const end = buffer.indexOf('\r\n', from)
    return end < 0 ? null : { text: buffer.toString('latin1', from, end), next: end + 2 }
  }
  parsing: while (offset < buffer.length) {
    const header = line(offset)
    if (!header) break
    if (!header.text.startsWith('*')) throw new Error(`not a RESP array: ${header.text}`)
    const count = Number(header.text.slice(1))
    const args: string[] = []
    let cursor = header.next
    for (let i = 0; i < count; i++) {
      const length = line(cursor)
      if (!length) break parsing
      const size = Number(length.text.slice(1))
      if (buffer.length < length.next + size + 2) break parsing
      args.push(buffer.toString('utf8', length.next, length.next + size))
      cursor = length.next + size + 2
    }
    commands.push(args)
    offset = cursor
  }
  return { commands, rest: buffer.subarray(offset) }
}

/** Starts the fake on a free loopback port, failing data commands with `errorLine`. */
export async function startFakeRedis(errorLine: string): Promise<FakeRedis> {
  let failure = errorLine
  const commands: string[][] = []
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let pending: Buffer = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      const parsed = parseCommands(Buffer.concat([pending, chunk]))
      pending = parsed.rest
      for (const [name = '', ...args] of parsed.commands) {
        commands.push([name.toLowerCase(), ...args])
        const command = name.toLowerCase()
        if (command === 'info') socket.write(`$${Buffer.byteLength(INFO)}\r\n${INFO}\r\n`)
        else if (command === 'client' || command === 'select') socket.write('+OK\r\n')
        else if (command === 'quit') socket.end('+OK\r\n')
        else socket.write(`-${failure.replace('{args}', args.join(' ').replace(/[\r\n]/g, ' '))}\r\n`)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || !address) throw new Error('the fake Redis has no port')
  return {
    url: `redis://127.0.0.1:${address.port}`,
    failWith(line) {
      failure = line
    },
    commands,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
