// Why a session ended, and how it lasts while used: the production bundle against the reference server
// with short lifetimes and a server clock the test moves (the device clock is never consulted).
import { type ReferenceServer, startReferenceServer } from '../../server/test/reference-server'
import { ensureWeappBuild } from './build'
import type { WeappApp } from './harness'
import { EXPIRED, Launches, loginElsewhere, REPLACED, REVOKED, stored } from './scenario'

const TTL_S = 60
const MAX_LIFETIME_S = 150
let distDir: string
let server: ReferenceServer
let serverAheadMs = 0
const launches = new Launches(() => ({ distDir, apiBaseUrl: server.url }))

beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startReferenceServer({
    now: () => Date.now() + serverAheadMs,
    config: { sessionTtlSeconds: TTL_S, sessionMaxLifetimeSeconds: MAX_LIFETIME_S },
  })
}, 300_000)
beforeEach(() => {
  serverAheadMs = 0
})
afterEach(() => launches.closeAll())
afterAll(() => server.close())

/** Shows 首页 and resolves to the status of its next feed request: the one showing it starts, or 刷新's. */
async function refreshFeed(app: WeappApp): Promise<number | undefined> {
  const before = app.calls.request.length
  const feedAfter = () => app.calls.request.slice(before).find((r) => r.url.endsWith('/feed'))
  await app.switchTab('pages/index/index')
  if (!feedAfter()) await app.tap('刷新')
  const feed = await app.waitFor(() => {
    const request = feedAfter()
    return request?.status === undefined ? undefined : request
  })
  return feed.status
}

describe('the app names why its session ended, once', () => {
  it('replaced by a login of the same account elsewhere: 你的账号已在其他设备登录', async () => {
    const app = await launches.loggedIn('rae')
    await loginElsewhere(server.url, 'rae')
    expect(await refreshFeed(app)).toBe(401)
    await app.findByText('登录后可查看你的个人内容')
    await app.tap('刷新')
    expect(app.calls.toasts()).toEqual([REPLACED])
  })

  it('past its lifetime on the server: 登录已过期，请重新登录', async () => {
    const app = await launches.loggedIn('sid')
    serverAheadMs = (TTL_S + 1) * 1000
    expect(await refreshFeed(app)).toBe(401)
    await app.findByText('登录后可查看你的个人内容')
    expect(app.calls.toasts()).toEqual([EXPIRED])
    expect(stored(app)).toBeNull()
  })

  it('logged out with the same token elsewhere: 已退出登录，请重新登录', async () => {
    const app = await launches.loggedIn('tia')
    const token = stored(app)?.state.token
    await fetch(`${server.url}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect(await refreshFeed(app)).toBe(401)
    // The status arrives before the app has handled it: wait for the logged-out page, as the cases above do.
    await app.findByText('登录后可查看你的个人内容')
    expect(app.calls.toasts()).toEqual([REVOKED])
  })
})

describe('a session in use lasts', () => {
  it('is renewed when used after half its lifetime, so it outlives its first expiry, up to the maximum', async () => {
    const app = await launches.loggedIn('uma')
    // Past half-life: this request renews the session to a full lifetime from now.
    serverAheadMs = TTL_S * 0.6 * 1000
    expect(await refreshFeed(app)).toBe(200)
    // Past the first expiry (60 s after login), still signed in.
    serverAheadMs = TTL_S * 1.2 * 1000
    expect(await refreshFeed(app)).toBe(200)
    serverAheadMs = TTL_S * 1.8 * 1000
    expect(await refreshFeed(app)).toBe(200)
    await app.findByText('你好，微信用户')
    expect(app.calls.toasts()).toEqual([])
    // Used all along, it still ends at the maximum lifetime after login.
    serverAheadMs = (MAX_LIFETIME_S + 1) * 1000
    expect(await refreshFeed(app)).toBe(401)
    await app.findByText('登录后可查看你的个人内容')
    expect(app.calls.toasts()).toEqual([EXPIRED])
  })

  it('is not renewed when unused: it expires at its first expiry', async () => {
    const app = await launches.loggedIn('vic')
    serverAheadMs = TTL_S * 0.4 * 1000
    expect(await refreshFeed(app)).toBe(200)
    serverAheadMs = TTL_S * 1.05 * 1000
    expect(await refreshFeed(app)).toBe(401)
    await app.findByText('登录后可查看你的个人内容')
    expect(app.calls.toasts()).toEqual([EXPIRED])
  })
})
