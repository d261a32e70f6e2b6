// What the user sees while the session meets slow or silent WeChat APIs, overlapping taps, time in the
// background and repeated use: the production bundle against the reference server.
import { type ReferenceServer, startReferenceServer } from '../../server/test/reference-server'
import { ensureWeappBuild } from './build'
import { AUTH_KEY, count, Launches, loginElsewhere, REPLACED, stored } from './scenario'

let distDir: string
let server: ReferenceServer
const launches = new Launches(() => ({ distDir, apiBaseUrl: server.url }))
const MINUTE_MS = 60_000

beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startReferenceServer()
}, 300_000)
afterEach(() => launches.closeAll())
afterAll(() => server.close())

/** A promise the test settles when it chooses. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

it('gives up on a wx.login that never answers: the overlay closes, a message says so, a retry logs in', async () => {
  const app = await launches.launch('oli', {
    device: { nextLoginCode: (n) => (n === 1 ? new Promise<string>(() => {}) : 'dev:oli') },
  })
  await app.switchTab('pages/mine/index')
  await app.tap('微信登录')
  expect(app.overlay).toEqual({ kind: 'loading', title: '登录中', mask: true })
  await app.passTime(10_000)
  await app.waitFor(() => app.overlay?.kind === 'toast')
  expect(app.overlay).toEqual({ kind: 'toast', title: '微信登录超时，请重试', mask: false })
  expect(app.isDisabled('微信登录')).toBe(false)
  await app.tap('微信登录')
  await app.findByText('退出登录')
  expect(app.calls.login).toEqual([{ code: 'dev:oli' }])
  expect(count(app, 'POST /auth/login')).toBe(1)
})

it('keeps a login’s 登录中 and disabled button while a logout started before it finishes', async () => {
  const code = deferred<string>()
  const app = await launches.loggedIn('pam', {
    device: { nextLoginCode: (n) => (n === 1 ? 'dev:pam' : code.promise) },
  })
  // The second tap lands before the logout's mask is on screen, as a quick double tap can.
  const showOverlay = app.holdOverlay()
  await app.tap('退出登录')
  await app.tap(await app.findByText('微信登录'))
  await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/auth/logout') && r.status === 204))
  await app.waitFor(() => !app.storage.has(AUTH_KEY))
  await app.settle()
  showOverlay()
  expect(app.overlay).toEqual({ kind: 'loading', title: '登录中', mask: true })
  expect(app.isDisabled('微信登录')).toBe(true)
  // One indicator per action: the 登录中 overlay, never a button spinner as well.
  expect(app.getByText('微信登录').props.loading).toBe(false)
  code.resolve('dev:pam')
  await app.findByText('退出登录')
  await app.waitFor(() => app.overlay === null)
  expect(app.isDisabled('退出登录')).toBe(false)
})

describe('coming back to the foreground', () => {
  it('after a while, rechecks the session: ended on another device, it shows the logged-out state', async () => {
    const app = await launches.loggedIn('quinn')
    await app.background()
    await loginElsewhere(server.url, 'quinn')
    await app.passTime(10 * MINUTE_MS)
    const before = app.calls.request.length
    await app.foreground()
    await app.findByText('微信登录')
    expect(app.calls.requestLines().slice(before)).toEqual(['GET /auth/session'])
    expect(app.calls.toasts()).toEqual([REPLACED])
    await app.switchTab('pages/index/index')
    await app.findByText('登录后可查看你的个人内容')
  })

  it('after a while, keeps a live session and greets with the nickname changed meanwhile', async () => {
    const app = await launches.loggedIn('rhea')
    const token = stored(app)?.state.token as string
    await app.background()
    const changed = await fetch(`${server.url}/profile`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ nickname: '瑞亚' }),
    })
    expect(changed.status).toBe(200)
    await app.passTime(10 * MINUTE_MS)
    const before = app.calls.request.length
    await app.foreground()
    await app.waitFor(() => stored(app)?.state.user?.nickname === '瑞亚')
    expect(app.calls.requestLines().slice(before)).toEqual(['GET /auth/session'])
    await app.switchTab('pages/index/index')
    await app.findByText('你好，瑞亚')
    expect(app.calls.toasts()).toEqual([])
  })

  it('after a moment, sends nothing', async () => {
    const app = await launches.loggedIn('rex')
    await app.background()
    const before = app.calls.request.length
    await app.foreground()
    await app.settle()
    expect(app.calls.request.length).toBe(before)
  })
})

it('sends one GET /feed for 50 taps on 刷新 while it loads', async () => {
  const app = await launches.launch('sam')
  await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/feed') && r.status === 200))
  await app.settle()
  for (let i = 0; i < 49; i++) void app.tap('刷新')
  await app.tap('刷新')
  await app.waitFor(() => !app.isDisabled('刷新'))
  expect(count(app, 'GET /feed')).toBe(2)
})

it('greets on 首页 with the nickname the profile on 我的 brought', async () => {
  const first = await launches.loggedIn('tom')
  const saved = stored(first) as NonNullable<ReturnType<typeof stored>>
  const user = { ...(saved.state.user as object), nickname: '旧昵称' }
  first.storage.set(AUTH_KEY, JSON.stringify({ ...saved, state: { ...saved.state, user } }))
  const app = await launches.relaunch(first)
  await app.findByText('你好，旧昵称')
  await app.switchTab('pages/mine/index')
  await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/profile') && r.status === 200))
  await app.switchTab('pages/index/index')
  await app.findByText('你好，微信用户')
  expect(stored(app)?.state.user?.nickname).toBe('微信用户')
})

it('writes storage only when the session or the revocation queue changes', async () => {
  const app = await launches.launch('uma')
  await app.switchTab('pages/mine/index')
  await app.tap('微信登录')
  await app.findByText('退出登录')
  const writes = () => app.calls.storage.filter((w) => w.key === AUTH_KEY).map((w) => w.api)
  expect(writes()).toEqual(['setStorageSync'])
  await app.switchTab('pages/index/index')
  await app.tap('刷新')
  await app.background()
  await app.foreground()
  await app.switchTab('pages/mine/index')
  await app.settle()
  expect(writes()).toEqual(['setStorageSync'])
  await app.tap('退出登录')
  await app.findByText('微信登录')
  await app.waitFor(() => !app.storage.has(AUTH_KEY))
  expect(writes()).toEqual(['setStorageSync', 'setStorageSync', 'removeStorageSync'])
})

it('registers no new listeners however often the user logs in and out and comes back', async () => {
  const app = await launches.loggedIn('val')
  const initial = app.wxListeners()
  for (let i = 0; i < 5; i++) {
    await app.tap('退出登录')
    await app.findByText('微信登录')
    await app.waitFor(() => app.overlay === null)
    await app.tap('微信登录')
    await app.findByText('退出登录')
    await app.background()
    await app.passTime(10 * MINUTE_MS)
    await app.foreground()
    await app.switchTab('pages/index/index')
    await app.switchTab('pages/mine/index')
  }
  await app.settle()
  expect(app.wxListeners()).toEqual(initial)
  // One action still causes one request: nothing subscribed along the way reacts to it again.
  await app.switchTab('pages/index/index')
  await app.waitFor(() => !app.isDisabled('刷新'))
  const before = app.calls.request.length
  await app.tap('刷新')
  await app.waitFor(() => !app.isDisabled('刷新'))
  await app.settle()
  expect(app.calls.requestLines().slice(before)).toEqual(['GET /feed'])
})
