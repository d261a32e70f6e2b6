import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { type FakeAlipay, startFakeAlipay } from './test/fake-alipay'
import { type FakeDouyin, startFakeDouyin } from './test/fake-douyin'
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

async function postLogin(port: number, code: string, platform?: string) {
  const response = await fetch(`http://127.0.0.1:${port}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, ...(platform ? { platform } : {}) }),
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
      // Alipay and Douyin have no credentials either: dev mode for them too, each with its own users.
      expect(server.output()).toContain('DEV MODE for Alipay')
      expect(server.output()).toContain('DEV MODE for Douyin')
      const onAlipay = await postLogin(port, 'dev:alice', 'alipay')
      expect(onAlipay.status).toBe(200)
      expect(onAlipay.body.user?.id).not.toBe(phone.body.user?.id)
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
    let alipay: FakeAlipay
    let douyin: FakeDouyin
    beforeAll(async () => {
      ;[wechat, alipay, douyin] = await Promise.all([startFakeWechat(), startFakeAlipay(), startFakeDouyin()])
    })
    afterAll(async () => {
      await Promise.all([wechat.close(), alipay.close(), douyin.close()])
    })

    it('uses the real exchange of every platform and Redis, and never logs a secret', async () => {
      const redis = await startRedis()
      const port = await freePort()
      const secret = 'main-test-app-secret-77c1'
      const server = run({
        PORT: String(port),
        REDIS_URL: redis.url,
        WECHAT_APPID: 'wx-main-test',
        WECHAT_SECRET: secret,
        WECHAT_API_BASE_URL: wechat.baseUrl,
        ALIPAY_APP_ID: alipay.appId,
        // One line, as an environment file holds it: the newlines written as \n.
        ALIPAY_PRIVATE_KEY: alipay.appPrivateKey.trim().replaceAll('\n', '\\n'),
        ALIPAY_PUBLIC_KEY: alipay.alipayPublicKey,
        ALIPAY_GATEWAY: alipay.gateway,
        DOUYIN_APPID: douyin.appId,
        DOUYIN_SECRET: douyin.secret,
        DOUYIN_API_BASE_URL: douyin.baseUrl,
        LOG_LEVEL: 'debug',
      })
      try {
        await started(server)
        expect(server.output()).not.toContain('DEV MODE')
        expect(server.output()).toContain(
          'WeChat: real code exchange, Alipay: real code exchange, Douyin: real code exchange',
        )
        const onAlipay = await postLogin(port, alipay.codeFor('alice'), 'alipay')
        const onDouyin = await postLogin(port, douyin.codeFor('alice'), 'douyin')
        expect([onAlipay.status, onDouyin.status]).toEqual([200, 200])
        expect(onAlipay.body.user?.id).not.toBe(onDouyin.body.user?.id)
        expect((await postLogin(port, 'dev:alice', 'alipay')).status).toBe(400)
        const keyBody = alipay.appPrivateKey.split('\n').slice(1, -2).join('')
        for (const leaked of [douyin.secret, keyBody.slice(0, 40), onAlipay.body.token, onDouyin.body.token]) {
          expect(server.output()).not.toContain(leaked)
        }
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

    it('in production, answers logins of a platform without credentials with PLATFORM_NOT_ENABLED', async () => {
      const port = await freePort()
      const server = run({
        NODE_ENV: 'production',
        PORT: String(port),
        WECHAT_APPID: 'wx-main-test',
        WECHAT_SECRET: 'main-test-app-secret-77c1',
        WECHAT_API_BASE_URL: wechat.baseUrl,
        DOUYIN_APPID: douyin.appId,
        DOUYIN_SECRET: douyin.secret,
        DOUYIN_API_BASE_URL: douyin.baseUrl,
      })
      try {
        await started(server)
        expect(server.output()).not.toContain('DEV MODE')
        expect(server.output()).toContain('Alipay: not enabled, Douyin: real code exchange')
        const refused = await postLogin(port, 'dev:alice', 'alipay')
        expect(refused).toEqual({
          status: 400,
          body: { code: 'PLATFORM_NOT_ENABLED', message: '暂不支持从该平台登录' },
        })
        expect((await postLogin(port, douyin.codeFor('bob'), 'douyin')).status).toBe(200)
      } finally {
        server.child.kill('SIGTERM')
        await server.exited
      }
    })

    it('refuses to start with a half-configured platform, naming what is missing but never a secret', async () => {
      const server = run({
        PORT: String(await freePort()),
        ALIPAY_APP_ID: alipay.appId,
        ALIPAY_PRIVATE_KEY: alipay.appPrivateKey,
      })
      expect(await server.exited).toBe(1)
      expect(server.output()).toContain('Alipay is half configured: ALIPAY_PUBLIC_KEY is missing')
      expect(server.output()).not.toContain(alipay.appPrivateKey.split('\n')[1])
    })
  })
})
