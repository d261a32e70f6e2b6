// The session under faults of storage, clock, server and network, on the production bundle against the
// reference server: no user stranded signed in to a session that cannot work, no token left alive unseen.
import { type ReferenceServer, startReferenceServer } from '../../server/test/reference-server'
import { ensureWeappBuild } from './build'
import { CAPTIVE_PORTAL, type Fault, type FaultProxy, gatewayPage, startFaultProxy } from './fault-proxy'
import {
  AUTH_KEY,
  count,
  EXPIRED,
  Launches,
  loginElsewhere,
  profileStatus,
  REPLACED,
  REVOKED,
  seedAuth,
  stored,
  unknownToken,
} from './scenario'

let distDir: string
let server: ReferenceServer
let proxy: FaultProxy
const launches = new Launches(() => ({ distDir, apiBaseUrl: proxy.url }))
const user = { id: 'u-1', nickname: '微信用户', avatarUrl: 'https://example.com/a.png' }
const DAY_MS = 24 * 60 * 60 * 1000

beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startReferenceServer()
  proxy = await startFaultProxy(server.url)
}, 300_000)
afterEach(async () => {
  proxy.setRule(undefined)
  await launches.closeAll()
})
afterAll(async () => {
  await proxy.close()
  await server.close()
})

describe('a stored token that can never work', () => {
  const malformed: Array<[string, (valid: string) => string]> = [
    ['a space in it', (t) => `${t.slice(0, 30)} ${t.slice(31)}`],
    ['20 KB long', () => 'a'.repeat(20 * 1024)],
    ['one character short', (t) => t.slice(1)],
    ['a line break in it', (t) => `${t.slice(0, 10)}\n${t.slice(11)}`],
  ]
  it.each(malformed)('with %s is dropped before any request carries it: the app is logged out', async (_n, spoil) => {
    const storage = new Map<string, unknown>()
    seedAuth(storage, { token: spoil(unknownToken()), expiresAt: new Date(Date.now() + DAY_MS).toISOString(), user })
    const app = await launches.launch('gil', { storage })
    await app.findByText('登录后可查看你的个人内容')
    await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/feed') && r.status === 200))
    expect(app.calls.request.filter((r) => r.headers.authorization !== undefined)).toEqual([])
    expect(app.storage.has(AUTH_KEY)).toBe(false)
    expect(app.queryByText('加载失败，请稍后重试')).toBeNull()
  })

  const rejected: Array<[string, () => Promise<string>, string]> = [
    ['unknown to the server', async () => unknownToken(), EXPIRED],
    [
      'revoked',
      async () => {
        const token = await loginElsewhere(server.url, 'hal-revoked')
        await fetch(`${server.url}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
        return token
      },
      REVOKED,
    ],
    [
      'replaced by a newer login',
      async () => {
        const token = await loginElsewhere(server.url, 'hal-replaced')
        await loginElsewhere(server.url, 'hal-replaced')
        return token
      },
      REPLACED,
    ],
  ]
  it.each(rejected)('%s ends the session once, with its message, on both tabs', async (_n, tokenFor, message) => {
    const storage = new Map<string, unknown>()
    seedAuth(storage, { token: await tokenFor(), expiresAt: new Date(Date.now() + DAY_MS).toISOString(), user })
    const app = await launches.launch('hal', { storage })
    await app.findByText('登录后可查看你的个人内容')
    await app.switchTab('pages/mine/index')
    await app.findByText('微信登录')
    await app.switchTab('pages/index/index')
    await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/feed') && r.status === 200))
    expect(app.calls.toasts()).toEqual([message])
    expect(app.storage.has(AUTH_KEY)).toBe(false)
  })
})

describe('expiry is the server’s decision', () => {
  it('keeps a live session across a relaunch with the device clock two days past its expiry', async () => {
    const first = await launches.loggedIn('ida')
    const token = stored(first)?.state.token as string
    const expiresAtMs = Date.parse(stored(first)?.state.expiresAt as string)
    first.setClockOffset(expiresAtMs - Date.now() + 2 * DAY_MS)
    const app = await launches.relaunch(first)
    expect(app.queryAllText()).toContain('你好，微信用户')
    const feed = await app.waitFor(() => app.calls.request.find((r) => r.url.endsWith('/feed') && r.status))
    expect([feed.status, feed.headers.authorization]).toEqual([200, `Bearer ${token}`])
    expect(app.calls.toasts()).toEqual([])
    expect(await profileStatus(server.url, token)).toBe(200)
  })

  const spoilers: Array<[string, (text: string) => string]> = [
    ['a cached user it cannot read', (t) => t.replace(/"user":\{[^}]*\}/, '"user":{"id":7}')],
    ['another version', (t) => t.replace(/"version":1/, '"version":2')],
    ['text cut off mid-write', (t) => t.slice(0, t.indexOf('"user"'))],
  ]
  it.each(spoilers)('revokes the token of a session it drops locally: %s', async (_n, spoil) => {
    const first = await launches.loggedIn('jon')
    const token = stored(first)?.state.token as string
    const text = first.storage.get(AUTH_KEY) as string
    expect(spoil(text)).not.toBe(text)
    first.storage.set(AUTH_KEY, spoil(text))
    const app = await launches.relaunch(first)
    await app.findByText('登录后可查看你的个人内容')
    await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/auth/logout') && r.status === 204))
    await app.waitFor(() => !app.storage.has(AUTH_KEY))
    expect(await profileStatus(server.url, token)).toBe(401)
  })
})

describe('a storage that cannot be written', () => {
  it('after an offline logout, relaunches logged out; the token is revoked once the server is back', async () => {
    const app = await launches.loggedIn('kai')
    const token = stored(app)?.state.token as string
    app.setStorageWriteFault('exceed storage max size 10Mb')
    await server.down()
    try {
      await app.tap('退出登录')
      await app.findByText('微信登录')
      await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/auth/logout') && r.error))
      expect(app.storage.has(AUTH_KEY)).toBe(false)
    } finally {
      await server.up()
    }
    expect(await profileStatus(server.url, token)).toBe(200)
    // The next request that reaches the server sends the revocation this run still holds.
    await app.switchTab('pages/index/index')
    await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/auth/logout') && r.status === 204))
    expect(await profileStatus(server.url, token)).toBe(401)

    const again = await launches.relaunch(app)
    expect(again.queryAllText()).toContain('登录后可查看你的个人内容')
    await again.switchTab('pages/mine/index')
    await again.findByText('微信登录')
    expect(again.calls.login).toEqual([])
  })

  it('relaunches logged out after a logout whose storage write failed, even with the server down', async () => {
    const app = await launches.loggedIn('kim')
    app.setStorageWriteFault('exceed storage max size 10Mb')
    await server.down()
    let again: Awaited<ReturnType<typeof launches.relaunch>>
    try {
      await app.tap('退出登录')
      await app.findByText('微信登录')
      again = await launches.relaunch(app)
    } finally {
      await server.up()
    }
    expect(again.queryAllText()).toContain('登录后可查看你的个人内容')
    await again.switchTab('pages/mine/index')
    await again.findByText('微信登录')
  })
})

it('reads at most 5 queued revocations from storage and sends them one at a time at launch', async () => {
  const live = await loginElsewhere(server.url, 'lou')
  const queued = [...Array.from({ length: 39 }, unknownToken), live]
  const storage = new Map<string, unknown>()
  seedAuth(storage, { pendingRevocations: queued })
  const app = await launches.launch('lou-device', { storage })
  await app.waitFor(() => !app.storage.has(AUTH_KEY))
  await app.settle()
  expect(count(app, 'POST /auth/logout')).toBe(5)
  expect(proxy.maxConcurrent('POST /auth/logout')).toBe(1)
  expect(await profileStatus(server.url, live)).toBe(401)
})

describe('only a definite answer settles a revocation', () => {
  const faults: Array<[string, Fault]> = [
    ["a captive portal's 200 HTML page", CAPTIVE_PORTAL],
    ["a gateway's 403", gatewayPage(403)],
    ["a gateway's 408", gatewayPage(408)],
    ["a gateway's 429", gatewayPage(429)],
    ["a gateway's 401 page", gatewayPage(401)],
    [
      "a gateway's 401 JSON of its own",
      {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: '{"code":"UNAUTHORIZED","message":"请先登录"}',
      },
    ],
    ['a 200 JSON that is not the API', { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }],
    ['a redirect to a portal', { status: 302, headers: { location: 'http://portal.example/login' } }],
    ['an HTML 502', gatewayPage(502)],
    ['an HTML 503', gatewayPage(503)],
    ['a connection cut before any answer', 'cut'],
  ]
  it.each(faults)('%s keeps it pending; the next launch revokes the token', async (_n, fault) => {
    const app = await launches.loggedIn('max')
    const token = stored(app)?.state.token as string
    proxy.setRule((r) => (r.method === 'POST' && r.path === '/auth/logout' ? fault : undefined))
    await app.tap('退出登录')
    await app.findByText('微信登录')
    await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/auth/logout') && (r.status || r.error)))
    // Public data loads fine meanwhile: a chance for the app to retry, which must not settle it either.
    await app.switchTab('pages/index/index')
    await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/feed') && r.status === 200))
    await app.settle()
    expect(stored(app)?.state).toMatchObject({ token: null, pendingRevocations: [token] })
    expect(await profileStatus(server.url, token)).toBe(200)

    proxy.setRule(undefined)
    const again = await launches.relaunch(app)
    await again.waitFor(() => !again.storage.has(AUTH_KEY))
    expect(await profileStatus(server.url, token)).toBe(401)
  })

  it('a captive portal answering every request sends no more than one revocation', async () => {
    const app = await launches.loggedIn('ned')
    proxy.setRule(() => CAPTIVE_PORTAL)
    await app.tap('退出登录')
    await app.findByText('微信登录')
    await app.waitFor(() => app.overlay === null)
    await app.switchTab('pages/index/index')
    for (let i = 0; i < 5; i++) await app.tap('刷新')
    await app.waitFor(() => count(app, 'GET /feed') >= 2)
    await app.settle()
    expect(count(app, 'POST /auth/logout')).toBe(1)
    expect(stored(app)?.state.pendingRevocations).toHaveLength(1)
  })
})
