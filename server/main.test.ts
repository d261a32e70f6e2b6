import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { type FakeWechat, startFakeWechat } from './test/fake-wechat'
import { freePort, startRedis } from './test/redis-server'
import { tempDataDir } from './test/sqlite-file'

const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx')
const MAIN = join(__dirname, 'main.ts')

interface Running {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

function run(env: Record<string, string>, command: [string, string[]] = [TSX, [MAIN]]): Running {
  // Only PATH (and npm's HOME) from the outside, so the developer's own WECHAT_* or REDIS_URL cannot leak in.
  // (The cast: the app's global types declare Taro's build variables on every ProcessEnv.)
  const childEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: tempDataDir(),
    ...env,
  } as unknown as NodeJS.ProcessEnv
  const child = spawn(command[0], command[1], {
    env: childEnv,
    cwd: join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

async function started(server: Running, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  while (!server.output().includes('miniauth server on')) {
    if (Date.now() > deadline || server.child.exitCode !== null) throw new Error(`did not start:\n${server.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function postLogin(port: number, code: string) {
  const response = await fetch(`http://127.0.0.1:${port}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  })
  return { status: response.status, body: (await response.json()) as { token?: string; user?: { id: string } } }
}

describe('npm run server (server/main.ts)', () => {
  it('refuses to start in production without WeChat credentials', async () => {
    const server = run({ NODE_ENV: 'production', PORT: String(await freePort()) })
    expect(await server.exited).toBe(1)
    expect(server.output()).toMatch(/NODE_ENV=production needs WECHAT_APPID and WECHAT_SECRET/)
  })

  it('starts in dev mode with a loud warning, logs dev:<name> in as one user, and stops cleanly on SIGTERM', async () => {
    const port = await freePort()
    const server = run({ PORT: String(port) })
    try {
      await started(server)
      expect(server.output()).toContain('DEV MODE: WECHAT_APPID / WECHAT_SECRET are not set.')
      const health = await fetch(`http://127.0.0.1:${port}/health`)
      expect(await health.json()).toEqual({ status: 'ok', store: 'sqlite' })
      const phone = await postLogin(port, 'dev:alice')
      const browser = await postLogin(port, 'dev:alice')
      const other = await postLogin(port, 'wx-code')
      expect(browser.body.user?.id).toBe(phone.body.user?.id)
      expect(other.body.user?.id).not.toBe(phone.body.user?.id)
    } finally {
      server.child.kill('SIGTERM')
    }
    expect(await server.exited).toBe(0)
  })

  it('npm run server passes SIGTERM on to the server: npm exits 0 and no server is left listening', async () => {
    const port = await freePort()
    const server = run({ PORT: String(port), SHUTDOWN_DRAIN_MS: '200' }, ['npm', ['run', '--silent', 'server']])
    try {
      await started(server)
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200)
    } finally {
      server.child.kill('SIGTERM')
    }
    expect(await server.exited).toBe(0)
    expect(server.output()).toContain('"msg":"stopped"')
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow()
  })

  describe('with WeChat credentials and Redis', () => {
    let wechat: FakeWechat
    beforeAll(async () => {
      wechat = await startFakeWechat()
    })
    afterAll(async () => {
      await wechat.close()
    })

    it('uses the real exchange and Redis, and never logs the AppSecret', async () => {
      const redis = await startRedis()
      const port = await freePort()
      const secret = 'main-test-app-secret-77c1'
      const server = run({
        PORT: String(port),
        REDIS_URL: redis.url,
        WECHAT_APPID: 'wx-main-test',
        WECHAT_SECRET: secret,
        WECHAT_API_BASE_URL: wechat.baseUrl,
        LOG_LEVEL: 'debug',
      })
      try {
        await started(server)
        expect(server.output()).not.toContain('DEV MODE')
        const health = await fetch(`http://127.0.0.1:${port}/health`)
        expect(await health.json()).toEqual({ status: 'ok', store: 'redis' })
        const session = await postLogin(port, 'code-1')
        expect(session.status).toBe(200)
        expect(wechat.requests.at(-1)?.searchParams.get('secret')).toBe(secret)
        wechat.answer(() => ({ status: 500, body: secret }))
        expect((await postLogin(port, 'code-2')).status).toBe(502)
        expect(server.output()).not.toContain(secret)
        expect(server.output()).not.toContain(session.body.token)
      } finally {
        server.child.kill('SIGTERM')
        await server.exited
        await redis.stop()
      }
    })
  })
})
