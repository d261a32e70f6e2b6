// Login and logout end to end: the production bundle, the fake WeChat and the reference server.

import { type ReferenceServer, startReferenceServer } from '../../server/test/reference-server'
import { ensureWeappBuild } from './build'
import { type LaunchOptions, launchWeapp, type WeappApp } from './harness'

const AUTH_KEY = 'miniauth:auth'
const REPLACED = '你的账号已在其他设备登录'

let distDir: string
let server: ReferenceServer
const running: WeappApp[] = []

beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startReferenceServer()
}, 300_000)
afterEach(async () => {
  for (const app of running.splice(0)) await app.close()
})
afterAll(() => server.close())

/** Cold-launches on a device named `name` (the dev server maps a name to one WeChat user). */
async function launch(name: string, options: LaunchOptions = {}): Promise<WeappApp> {
  const app = await launchWeapp({ distDir, apiBaseUrl: server.url, device: { name }, ...options })
  running.push(app)
  return app
}

async function relaunch(app: WeappApp): Promise<WeappApp> {
  const again = await app.relaunch()
  running.push(again)
  return again
}

/** Launches and logs in on 我的, the way a user does. */
async function loggedIn(name: string): Promise<WeappApp> {
  const app = await launch(name)
  await app.switchTab('pages/mine/index')
  await app.tap('微信登录')
  await app.findByText('退出登录')
  return app
}

function stored(app: WeappApp): { state: { token: string | null; pendingRevocations: string[] } } | null {
  const raw = app.storage.get(AUTH_KEY)
  return typeof raw === 'string' ? JSON.parse(raw) : null
}

async function profileStatus(token: string): Promise<number> {
  return (await fetch(`${server.url}/profile`, { headers: { authorization: `Bearer ${token}` } })).status
}

it('logs in with one wx.login and one POST /auth/login; both tabs show the account', async () => {
  const app = await loggedIn('ann')
  expect(app.calls.login).toEqual([{ code: 'dev:ann' }])
  expect(app.calls.loadings()).toEqual(['登录中'])
  expect(app.overlay).toBeNull()
  expect(app.calls.requestLines().filter((l) => l.startsWith('POST'))).toEqual(['POST /auth/login'])
  expect(stored(app)?.state.token).toEqual(expect.any(String))
  await app.switchTab('pages/index/index')
  await app.findByText('你好，微信用户')
  await app.findByText('微信用户的收藏')
})

it('relaunched, renders logged in from storage before any request', async () => {
  const first = await loggedIn('ben')
  const app = await relaunch(first)
  expect(app.queryAllText()).toContain('你好，微信用户')
  expect(app.calls.login).toEqual([])
  const feed = await app.waitFor(() => app.calls.request.find((r) => r.url.endsWith('/feed') && r.status))
  expect(feed.headers.authorization).toBe(`Bearer ${stored(first)?.state.token}`)
})

it('loses the session when the same user logs in on a second device: one toast, logged-out pages', async () => {
  const phone = await loggedIn('cat')
  const tablet = await loggedIn('cat')
  expect(stored(tablet)?.state.token).not.toBe(stored(phone)?.state.token)
  await phone.switchTab('pages/index/index')
  await phone.findByText('登录后可查看你的个人内容')
  expect(phone.calls.toasts()).toEqual([REPLACED])
  expect(stored(phone)).toBeNull()
  await phone.switchTab('pages/mine/index')
  await phone.findByText('微信登录')
})

it('logs out: loading, the server revokes the token, storage is cleared', async () => {
  const app = await loggedIn('dan')
  const token = stored(app)?.state.token as string
  await app.tap('退出登录')
  await app.findByText('微信登录')
  expect(app.calls.loadings()).toEqual(['登录中', '退出登录中'])
  await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/auth/logout') && r.status === 204))
  // The 204 is recorded when the response ends; the app settles the revocation once its callback has run.
  await app.waitFor(() => stored(app) === null)
  expect(await profileStatus(token)).toBe(401)
})

it('logs out while the server is down, and revokes the token at the next launch', async () => {
  const app = await loggedIn('eve')
  const token = stored(app)?.state.token as string
  await server.down()
  try {
    await app.tap('退出登录')
    await app.findByText('微信登录')
    await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/auth/logout') && r.error))
    expect(stored(app)?.state).toMatchObject({ token: null, pendingRevocations: [token] })
  } finally {
    await server.up()
  }
  expect(await profileStatus(token)).toBe(200)
  const again = await relaunch(app)
  await again.waitFor(() => stored(again) === null)
  expect(again.calls.requestLines()).toContain('POST /auth/logout')
  expect(await profileStatus(token)).toBe(401)
})

it('makes one wx.login and one POST /auth/login for a double tap on 微信登录', async () => {
  const app = await launch('fay')
  await app.switchTab('pages/mine/index')
  void app.tap('微信登录')
  await app.tap('微信登录')
  await app.findByText('退出登录')
  expect(app.calls.login).toHaveLength(1)
  expect(app.calls.requestLines().filter((line) => line === 'POST /auth/login')).toHaveLength(1)
})
