// The production server as it would be deployed: `npm run build:server`, then only build/, package.json,
// package-lock.json and .prebuild-installrc copied to a folder outside the repository, production
// dependencies installed from the local npm cache (`npm ci --omit=dev --offline`), and plain `node`.
// The install compiles better-sqlite3 (minutes), so its result is kept per lockfile, Node version and
// platform under node_modules/.cache and copied in on later runs; a fresh clone (CI) always installs.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { type FakeWechat, startFakeWechat } from '../../server/test/fake-wechat'
import { freePort } from '../../server/test/redis-server'

const run = promisify(execFile)
// Whole processes start and stop here; a busy shared machine can take many seconds per test.
jest.setTimeout(120_000)
const ROOT = join(__dirname, '..', '..')
const SHIPPED = ['build', 'package.json', 'package-lock.json', '.prebuild-installrc']
// npm ci compiles better-sqlite3 with node-gyp: minutes on a busy two-core machine.
const INSTALL_TIMEOUT_MS = 15 * 60 * 1000

/** `npm ci --omit=dev --offline` in `target`, or a copy of an earlier install of the same inputs. */
async function installProductionDependencies(target: string) {
  const hash = createHash('sha256').update(`${process.version} ${process.platform} ${process.arch}\0`)
  for (const file of SHIPPED.slice(1)) hash.update(readFileSync(join(ROOT, file))).update('\0')
  const cacheRoot = join(ROOT, 'node_modules', '.cache', 'miniauth-production')
  const cached = join(cacheRoot, hash.digest('hex').slice(0, 16))
  if (!existsSync(cached)) {
    // Only PATH and HOME (for npm's cache): no NODE_ENV or npm settings of the test run leak into the install.
    await run('npm', ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'], {
      cwd: target,
      env: { PATH: process.env.PATH, HOME: process.env.HOME } as unknown as NodeJS.ProcessEnv,
      maxBuffer: 64 * 1024 * 1024,
      timeout: INSTALL_TIMEOUT_MS,
    })
    // One install kept: an older lockfile's is of no further use.
    rmSync(cacheRoot, { recursive: true, force: true })
    cpSync(join(target, 'node_modules'), `${cached}.partial`, { recursive: true, verbatimSymlinks: true })
    renameSync(`${cached}.partial`, cached)
    return
  }
  cpSync(cached, join(target, 'node_modules'), { recursive: true, verbatimSymlinks: true })
}

interface Running {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

let dir: string
let wechat: FakeWechat

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'miniauth-production-'))
  await run(process.execPath, [join(ROOT, 'scripts', 'build-server.mjs')], { cwd: ROOT })
  for (const entry of SHIPPED) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true })
  await installProductionDependencies(dir)
  wechat = await startFakeWechat()
}, INSTALL_TIMEOUT_MS + 60_000)

afterAll(async () => {
  await wechat?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function start(port: number, dataDir: string): Running {
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    DATA_DIR: dataDir,
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_SECRET: 'test-secret-never-logged',
    WECHAT_API_BASE_URL: wechat.baseUrl,
  } as unknown as NodeJS.ProcessEnv
  // The artifact's own folder: module resolution cannot reach the repository's node_modules from here.
  const child = spawn(process.execPath, [join('build', 'server', 'main.js')], { cwd: dir, env })
  let output = ''
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

async function started(server: Running) {
  while (!server.output().includes('miniauth server on')) {
    if (server.child.exitCode !== null) throw new Error(`the built server did not start:\n${server.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
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

describe('the production server artifact', () => {
  it('has production dependencies only: no TypeScript, tsx, Taro or test tools', () => {
    for (const name of ['fastify', 'better-sqlite3', 'ioredis', 'yaml']) {
      expect(existsSync(join(dir, 'node_modules', name, 'package.json'))).toBe(true)
    }
    for (const name of ['typescript', 'tsx', 'esbuild', 'jest', '@tarojs/cli', 'react', '@types/node']) {
      expect(existsSync(join(dir, 'node_modules', name))).toBe(false)
    }
  })

  it('starts with plain node, logs in, serves the profile, logs out, and exits 0 on SIGTERM', async () => {
    const port = await freePort()
    const server = start(port, join(dir, 'data'))
    try {
      await started(server)
      expect(await call(port, 'GET', '/health')).toEqual({ status: 200, body: { status: 'ok', store: 'sqlite' } })
      const login = await call(port, 'POST', '/auth/login', { body: { code: 'code-of-alice' } })
      expect(login.status).toBe(200)
      expect(await call(port, 'GET', '/profile', { token: login.body.token })).toEqual({
        status: 200,
        body: login.body.user,
      })
      expect((await call(port, 'POST', '/auth/logout', { token: login.body.token })).status).toBe(204)
      const after = await call(port, 'GET', '/profile', { token: login.body.token })
      expect(after.status).toBe(401)
      expect(after.body.code).toBe('SESSION_REVOKED')
    } finally {
      server.child.kill('SIGTERM')
    }
    expect(await server.exited).toBe(0)
    expect(server.output()).toContain('store: sqlite, WeChat: real code exchange')
    expect(server.output()).not.toContain('test-secret-never-logged')
  })

  it('keeps users and sessions when the built server restarts on the same data folder', async () => {
    const port = await freePort()
    const dataDir = join(dir, 'restart-data')
    const first = start(port, dataDir)
    let login: { token: string; user: { id: string } }
    try {
      await started(first)
      login = (await call(port, 'POST', '/auth/login', { body: { code: 'code-of-bob' } })).body
    } finally {
      first.child.kill('SIGTERM')
    }
    expect(await first.exited).toBe(0)

    const second = start(port, dataDir)
    try {
      await started(second)
      expect(await call(port, 'GET', '/profile', { token: login.token })).toEqual({ status: 200, body: login.user })
      const again = await call(port, 'POST', '/auth/login', { body: { code: 'code-of-bob' } })
      expect(again.body.user.id).toBe(login.user.id)
    } finally {
      second.child.kill('SIGTERM')
    }
    expect(await second.exited).toBe(0)
  })
})
