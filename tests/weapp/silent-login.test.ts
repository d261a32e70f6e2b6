// Silent login at launch, a build-time option: the default build stays a guest; a build with
// TARO_APP_SILENT_LOGIN=true logs in with wx.login at launch, with no overlay, once per launch, and backs
// off over launches after failures. Production bundles against the reference server.
import { type ReferenceServer, startReferenceServer } from '../../server/test/reference-server'
import { ensureWeappBuild } from './build'
import { count, Launches, stored } from './scenario'

let defaultDist: string
let silentDist: string
let server: ReferenceServer
const defaultLaunches = new Launches(() => ({ distDir: defaultDist, apiBaseUrl: server.url }))
const silentLaunches = new Launches(() => ({ distDir: silentDist, apiBaseUrl: server.url }))

beforeAll(async () => {
  defaultDist = (await ensureWeappBuild()).distDir
  silentDist = (await ensureWeappBuild({ variant: { name: 'silent-login', env: { TARO_APP_SILENT_LOGIN: 'true' } } }))
    .distDir
  server = await startReferenceServer()
}, 600_000)
afterEach(async () => {
  await defaultLaunches.closeAll()
  await silentLaunches.closeAll()
})
afterAll(() => server.close())

it('off by default: a launch calls no wx.login and stays a guest', async () => {
  let logins = 0
  const app = await defaultLaunches.launch('lou', { device: { nextLoginCode: () => `dev:lou-${++logins}` } })
  await app.findByText('登录后可查看你的个人内容')
  await app.settle()
  expect(logins).toBe(0)
  expect(count(app, 'POST /auth/login')).toBe(0)
})

describe('built with TARO_APP_SILENT_LOGIN=true', () => {
  it('logs in at launch with no loading overlay and no message', async () => {
    const app = await silentLaunches.launch('max')
    await app.findByText('你好，微信用户')
    expect(count(app, 'POST /auth/login')).toBe(1)
    expect(app.calls.ui.filter((call) => call.api === 'showLoading')).toEqual([])
    expect(app.calls.toasts()).toEqual([])
    expect(stored(app)?.state.token).toEqual(expect.any(String))
  })

  it('does not log in again at a launch that already has a session', async () => {
    const first = await silentLaunches.launch('ned')
    await first.findByText('你好，微信用户')
    const again = await silentLaunches.relaunch(first)
    await again.findByText('你好，微信用户')
    expect(count(again, 'POST /auth/login')).toBe(0)
  })

  it('after a failed attempt: silent, one attempt, the next launch skips, the one after tries again', async () => {
    let logins = 0
    const failing = () => {
      logins++
      throw new Error('login:fail system error')
    }
    const first = await silentLaunches.launch('ora', { device: { nextLoginCode: failing } })
    await first.findByText('登录后可查看你的个人内容')
    await first.waitFor(() => logins === 1)
    await first.settle()
    expect(logins).toBe(1)
    expect(first.calls.toasts()).toEqual([])
    expect(first.calls.ui.filter((call) => call.api === 'showLoading')).toEqual([])
    const second = await silentLaunches.relaunch(first)
    await second.findByText('登录后可查看你的个人内容')
    await second.settle()
    expect(logins).toBe(1)
    const third = await silentLaunches.relaunch(second)
    await third.waitFor(() => logins === 2)
  })
})
