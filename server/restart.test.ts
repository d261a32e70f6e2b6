// The default store is durable: stopping the server and starting it again on the same data folder
// keeps every user (same ids) and every session (same tokens still valid).
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from './test/redis-server'
import { tempDataDir } from './test/sqlite-file'

const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx')
// Whole processes start and stop here; a busy shared machine can take many seconds per test.
jest.setTimeout(120_000)
const MAIN = join(__dirname, 'main.ts')

interface Running {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

async function startServer(port: number, dataDir: string): Promise<Running> {
  // Only PATH from the outside, so a developer's REDIS_URL or WeChat credentials cannot leak in.
  const env = { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv
  const child = spawn(TSX, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  while (!output.includes('miniauth server on')) {
    if (child.exitCode !== null) throw new Error(`did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { child, output: () => output, exited }
}

async function stop(server: Running): Promise<number | null> {
  server.child.kill('SIGTERM')
  return server.exited
}

async function call(port: number, method: string, path: string, init: { token?: string; body?: unknown } = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

describe('the server with its default store', () => {
  it('keeps users and sessions across a restart on the same data folder', async () => {
    const dataDir = tempDataDir()
    const port = await freePort()
    let server = await startServer(port, dataDir)
    let alice: { token: string; user: { id: string } }
    let stranger: { token: string; user: { id: string } }
    let leaver: { token: string }
    try {
      expect((await call(port, 'GET', '/health')).body).toEqual({ status: 'ok', store: 'sqlite' })
      alice = (await call(port, 'POST', '/auth/login', { body: { code: 'dev:alice' } })).body
      // A code that is not `dev:<name>` is a new user each time: only the store can remember its id.
      stranger = (await call(port, 'POST', '/auth/login', { body: { code: 'one-time-code' } })).body
      leaver = (await call(port, 'POST', '/auth/login', { body: { code: 'dev:leaver' } })).body
      expect((await call(port, 'POST', '/auth/logout', { token: leaver.token })).status).toBe(204)
    } finally {
      expect(await stop(server)).toBe(0)
    }
    expect(existsSync(join(dataDir, 'miniauth.sqlite'))).toBe(true)

    server = await startServer(port, dataDir)
    try {
      const aliceProfile = await call(port, 'GET', '/profile', { token: alice.token })
      expect(aliceProfile).toEqual({ status: 200, body: alice.user })
      expect((await call(port, 'GET', '/profile', { token: stranger.token })).body).toEqual(stranger.user)
      // A logged-out token stays logged out.
      expect((await call(port, 'GET', '/profile', { token: leaver.token })).status).toBe(401)
      const again = await call(port, 'POST', '/auth/login', { body: { code: 'dev:alice' } })
      expect(again.body.user.id).toBe(alice.user.id)
      // ...and single sign-on still holds across the restart: the new login revoked the old token.
      expect((await call(port, 'GET', '/profile', { token: alice.token })).status).toBe(401)
    } finally {
      expect(await stop(server)).toBe(0)
    }
  })
})
