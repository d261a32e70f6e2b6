import { spawn } from 'node:child_process'
import { join } from 'node:path'

const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx')
const SERVER = join(__dirname, 'test', 'stdout-log-server.ts')

/** Starts the stdout-logging server; `until` resolves once its stdout matches. */
function start(args: string[] = []) {
  const child = spawn(TSX, [SERVER, ...args], { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  const waiting: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = []
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    for (const wait of [...waiting]) {
      const match = output.match(wait.pattern)
      if (match) {
        waiting.splice(waiting.indexOf(wait), 1)
        wait.resolve(match)
      }
    }
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const until = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      const match = output.match(pattern)
      if (match) resolve(match)
      else waiting.push({ pattern, resolve })
    })
  return { child, until, exited, output: () => output }
}

describe('logging to stdout', () => {
  it("writes a quiet server's few lines without waiting for more to fill its buffer", async () => {
    const server = start()
    try {
      const [, url] = await server.until(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
      expect((await fetch(`${url}/health`)).status).toBe(200)
      await server.until(/"route":"\/health".*"msg":"request completed"/)
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  })

  it('writes what is still buffered when the process exits', async () => {
    const server = start(['exit'])
    expect(await server.exited).toBe(0)
    expect(server.output()).toContain('last words before exit')
  })
})
