// The harness with the real bundle: tab lifecycles, one fresh runtime per launch, storage carried over.
import { ensureWeappBuild } from './build'
import { launchWeapp, type WeappApp } from './harness'
import { type StubServer, startStubServer } from './stub-server'

let distDir: string
let server: StubServer
const running: WeappApp[] = []

beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startStubServer({ 'GET /feed': { json: { items: [] } } })
}, 300_000)
afterEach(async () => {
  for (const app of running.splice(0)) await app.close()
})
afterAll(() => server.close())

async function launch(): Promise<WeappApp> {
  const app = await launchWeapp({ distDir, apiBaseUrl: server.url })
  running.push(app)
  return app
}

it('switching tabs hides one page and shows the other, loading it only the first time', async () => {
  const app = await launch()
  await app.switchTab('pages/mine/index')
  expect(app.page.route).toBe('pages/mine/index')
  await app.switchTab('pages/index/index')
  await app.switchTab('pages/mine/index')
  expect(app.lifecycle).toEqual([
    'app.onLaunch',
    'app.onShow',
    'pages/index/index.onLoad',
    'pages/index/index.onShow',
    'pages/index/index.onReady',
    'pages/index/index.onHide',
    'pages/mine/index.onLoad',
    'pages/mine/index.onShow',
    'pages/mine/index.onReady',
    'pages/mine/index.onTabItemTap',
    'pages/mine/index.onHide',
    'pages/index/index.onShow',
    'pages/index/index.onTabItemTap',
    'pages/index/index.onHide',
    'pages/mine/index.onShow',
    'pages/mine/index.onTabItemTap',
  ])
  expect(app.pageStack).toEqual(['pages/mine/index'])
})

it('a relaunch is a new runtime: module state is gone, storage written by the app is still there', async () => {
  const first = await launch()
  first.evaluate(`globalThis.leftover = true; wx.setStorageSync('probe', { n: 1, at: new Date(0) })`)
  const second = await first.relaunch()
  running.push(second)
  expect(second.evaluate('typeof globalThis.leftover')).toBe('undefined')
  expect(second.evaluate(`wx.getStorageSync('probe')`)).toEqual({ n: 1, at: new Date(0) })
  expect(second.storage).toBe(first.storage)
  expect(second.lifecycle[0]).toBe('app.onLaunch')
})

it('turns an error the app throws into a failure of the next harness call', async () => {
  const app = await launch()
  app.evaluate(`setTimeout(() => { throw new Error('boom in a timer') })`)
  await expect(app.settle()).rejects.toThrow('boom in a timer')
  expect(app.errors).toHaveLength(1)
})

it('lets no tap through a loading shown with mask: true', async () => {
  const app = await launch()
  app.evaluate(`wx.showLoading({ title: '请稍候', mask: true })`)
  await app.settle()
  await expect(app.tap('刷新')).rejects.toThrow('a masked loading "请稍候" covers the page')
  app.evaluate('wx.hideLoading()')
  await app.settle()
  await app.tap('刷新')
})

it("the app's Date reads the device clock, and passTime moves it and runs the timers due meanwhile", async () => {
  const app = await launchWeapp({ distDir, apiBaseUrl: server.url, device: { clockOffsetMs: 2 * 86_400_000 } })
  running.push(app)
  const ahead = (app.evaluate('Date.now()') as number) - Date.now()
  expect(ahead).toBeGreaterThan(86_400_000)
  expect(app.evaluate('new Date().getTime() - Date.now() < 1000 && new Date(0).getTime() === 0')).toBe(true)
  app.evaluate('globalThis.fired = false; setTimeout(function () { globalThis.fired = true }, 3600000)')
  await app.passTime(3_600_000)
  expect(app.evaluate('fired')).toBe(true)
  expect((app.evaluate('Date.now()') as number) - Date.now()).toBeGreaterThan(ahead + 3_500_000)
})
