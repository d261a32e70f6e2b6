// Login on demand: a page or action that needs an account asks to log in, then carries on; cancelling leaves
// the user where they were. The production bundle against the reference server; guest mode by default.
import { type ReferenceServer, startReferenceServer } from '../../server/test/reference-server'
import { ensureWeappBuild } from './build'
import type { WeappApp } from './harness'
import { count, Launches } from './scenario'

let distDir: string
let server: ReferenceServer
const launches = new Launches(() => ({ distDir, apiBaseUrl: server.url }))

beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startReferenceServer()
}, 300_000)
afterEach(() => launches.closeAll())
afterAll(() => server.close())

const cancel = { answerModal: () => 'cancel' as const }

/** The login prompts (wx.showModal) this launch showed, by their content. */
function prompts(app: WeappApp): string[] {
  return app.calls.ui.filter((call) => call.api === 'showModal').map((call) => String(call.options?.content ?? ''))
}

/** The 收藏 button of the first feed item, once the feed has loaded. */
function firstFavourite(app: WeappApp) {
  return app.waitFor(() => app.queryAllByText('收藏')[0])
}

it('launches as a guest: no login, no prompt, the public feed', async () => {
  const app = await launches.launch('ada')
  await app.findByText('登录后可查看你的个人内容')
  expect(app.calls.login).toEqual([])
  expect(prompts(app)).toEqual([])
})

describe('an action that needs an account (收藏 on a feed item)', () => {
  it('asks to log in, logs in, then does what was tapped', async () => {
    const app = await launches.launch('bea')
    await app.tap(await firstFavourite(app))
    await app.findByText('已收藏')
    expect(prompts(app)).toEqual([expect.stringContaining('登录后可收藏')])
    expect(count(app, 'POST /auth/login')).toBe(1)
    expect(app.calls.toasts()).toContain('已收藏')
    await app.findByText('你好，微信用户')
  })

  it('cancelled, does nothing and stays on the page', async () => {
    const app = await launches.launch('cal', { device: cancel })
    await app.tap(await firstFavourite(app))
    expect(prompts(app)).toHaveLength(1)
    expect(app.calls.login).toEqual([])
    expect(app.queryByText('已收藏')).toBeNull()
    expect(app.pageStack).toEqual(['pages/index/index'])
  })

  it('signed in, runs at once without a prompt', async () => {
    const app = await launches.loggedIn('dee')
    await app.switchTab('pages/index/index')
    await app.tap(await firstFavourite(app))
    await app.findByText('已收藏')
    expect(prompts(app)).toEqual([])
  })
})

describe('a page that needs an account (账号与安全)', () => {
  it('opened from 我的 while signed out: asks, logs in, then opens it with navigateTo', async () => {
    const app = await launches.launch('eve')
    await app.switchTab('pages/mine/index')
    await app.tap('账号与安全')
    await app.findByText('用户 ID')
    expect(app.pageStack).toEqual(['pages/mine/index', 'pages/account/index'])
    expect(count(app, 'POST /auth/login')).toBe(1)
    expect(app.calls.navigation.map((n) => n.api)).toContain('navigateTo')
  })

  it('cancelled from 我的: stays on 我的, signed out', async () => {
    const app = await launches.launch('fay', { device: cancel })
    await app.switchTab('pages/mine/index')
    await app.tap('账号与安全')
    expect(prompts(app)).toHaveLength(1)
    expect(app.pageStack).toEqual(['pages/mine/index'])
    expect(app.queryByText('微信登录')).not.toBeNull()
  })

  it('opened by a deep link while signed out: lands on the page after login', async () => {
    const app = await launches.launch('gus', { entry: 'pages/account/index' })
    await app.findByText('用户 ID')
    expect(app.pageStack).toEqual(['pages/account/index'])
    expect(prompts(app)).toEqual(['登录后可查看账号与安全'])
  })

  it('opened by a deep link and cancelled: goes to 首页 instead', async () => {
    const app = await launches.launch('hil', { entry: 'pages/account/index', device: cancel })
    await app.waitFor(() => app.page.route === 'pages/index/index')
    expect(app.calls.login).toEqual([])
    await app.findByText('登录后可查看你的个人内容')
  })

  it('退出登录 there signs out and leaves the page', async () => {
    const app = await launches.loggedIn('ivy')
    await app.tap('账号与安全')
    await app.findByText('用户 ID')
    expect(prompts(app)).toEqual([])
    await app.tap('退出登录')
    await app.waitFor(() => app.page.route === 'pages/mine/index')
    await app.findByText('微信登录')
  })
})

describe('a tab page behind a login (去登录 on 首页 opens 我的)', () => {
  it('asks, logs in, then switches to the tab with switchTab', async () => {
    const app = await launches.launch('jo')
    await app.tap('去登录')
    await app.waitFor(() => app.page.route === 'pages/mine/index')
    await app.findByText('退出登录')
    expect(app.calls.navigation.map((n) => n.api)).toContain('switchTab')
    expect(count(app, 'POST /auth/login')).toBe(1)
  })

  it('cancelled, stays on 首页', async () => {
    const app = await launches.launch('kit', { device: cancel })
    await app.tap('去登录')
    expect(prompts(app)).toHaveLength(1)
    expect(app.page.route).toBe('pages/index/index')
  })
})
