// The fake wx on its own (no bundle): it must answer the way WeChat does, or scenarios prove nothing.
import { type Api, cleanUpFakes, setUpFake } from './fake-setup'
import { type StubServer, startStubServer } from './stub-server'
import { createWx, type DeviceOptions } from './wx-fake'

let server: StubServer
beforeAll(async () => {
  server = await startStubServer({
    'GET /feed': { json: { items: [] } },
    'GET /echo': (req) => ({ json: { path: req.path, headers: req.headers } }),
    'POST /echo': (req) => ({ json: { body: req.body, type: req.headers['content-type'] } }),
    'GET /expired': { status: 401, json: { code: 'SESSION_EXPIRED', message: '登录状态已失效' } },
    'GET /portal': { status: 502, text: '<html>bad gateway</html>' },
    'GET /empty': { status: 204 },
    'GET /slow': { json: {}, delayMs: 400 },
  })
})
afterAll(() => server.close())

afterEach(cleanUpFakes)

function setUp(device: DeviceOptions = {}, storage = new Map<string, unknown>()) {
  const { api: wx, ...rest } = setUpFake(createWx, server.url, device, storage)
  return { wx, ...rest }
}

describe('storage', () => {
  it("answers '' for a missing key and copies values on the way in and out", () => {
    const { wx, storage } = setUp()
    expect((wx.getStorageSync as Api)('nothing')).toBe('')
    const value = { list: [1, 2], when: new Date(0) }
    ;(wx.setStorageSync as Api)('k', value)
    value.list.push(3)
    const read = (wx.getStorageSync as Api)('k') as typeof value
    expect(read).toEqual({ list: [1, 2], when: new Date(0) })
    read.list.push(4)
    expect(storage.get('k')).toEqual({ list: [1, 2], when: new Date(0) })
  })

  it('throws like WeChat on a bad key, a value it cannot store, and more than 1 MB', () => {
    const { wx } = setUp()
    expect(() => (wx.getStorageSync as Api)(undefined)).toThrow(
      'getStorageSync:fail parameter error: parameter.key should be String instead of Undefined;',
    )
    expect(() => (wx.setStorageSync as Api)('f', () => 1)).toThrow(/^setStorageSync:fail/)
    expect(() => (wx.setStorageSync as Api)('big', 'x'.repeat(1024 * 1024 + 1))).toThrow(
      'setStorageSync:fail exceed storage item max length',
    )
  })

  it('reports keys and size, removes and clears', () => {
    const { wx } = setUp()
    ;(wx.setStorageSync as Api)('a', 'x'.repeat(3000))
    ;(wx.setStorageSync as Api)('b', 1)
    expect((wx.getStorageInfoSync as Api)()).toEqual({ keys: ['a', 'b'], currentSize: 3, limitSize: 10240 })
    ;(wx.removeStorageSync as Api)('a')
    expect((wx.getStorageInfoSync as Api)()).toMatchObject({ keys: ['b'] })
    ;(wx.clearStorageSync as Api)()
    expect((wx.getStorageInfoSync as Api)()).toMatchObject({ keys: [] })
  })

  it('has async variants that answer later, through callbacks or a promise', async () => {
    const { wx, call } = setUp()
    const set = await call('setStorage', { key: 'k', data: { a: 1 } })
    expect(set).toEqual({ ok: true, res: { errMsg: 'setStorage:ok' }, sync: false })
    expect((await call('getStorage', { key: 'k' })).res).toEqual({ errMsg: 'getStorage:ok', data: { a: 1 } })
    expect(await call('getStorage', { key: 'missing' })).toMatchObject({
      ok: false,
      res: { errMsg: 'getStorage:fail data not found' },
    })
    await expect((wx.getStorage as Api)({ key: 'k' })).resolves.toMatchObject({ data: { a: 1 } })
    await expect((wx.getStorage as Api)({ key: 'missing' })).rejects.toMatchObject({ errMsg: /fail/ })
  })
})

describe('request', () => {
  it('rewrites the compiled-in API origin to the test server and parses JSON', async () => {
    const { call, fake } = setUp()
    const { ok, res } = await call('request', { url: 'http://127.0.0.1:3000/feed' })
    expect(ok).toBe(true)
    expect(res).toMatchObject({ errMsg: 'request:ok', statusCode: 200, data: { items: [] } })
    expect((res.header as Record<string, string>)['content-type']).toMatch(/application\/json/)
    expect(fake.calls.request[0]).toMatchObject({ method: 'GET', status: 200, sentTo: `${server.url}/feed` })
  })

  it('answers every HTTP status through success; non-JSON text stays a string', async () => {
    const { call } = setUp()
    expect(await call('request', { url: `${server.url}/expired` })).toMatchObject({
      ok: true,
      res: { statusCode: 401, data: { code: 'SESSION_EXPIRED' } },
    })
    expect(await call('request', { url: `${server.url}/portal` })).toMatchObject({
      ok: true,
      res: { statusCode: 502, data: '<html>bad gateway</html>' },
    })
    expect((await call('request', { url: `${server.url}/empty` })).res).toMatchObject({ statusCode: 204, data: '' })
    const text = await call('request', { url: `${server.url}/feed`, dataType: 'text' })
    expect(text.res.data).toBe('{"items":[]}')
  })

  it('sends JSON by default, data of a GET as a query string, and the given headers', async () => {
    const { call } = setUp()
    const post = await call('request', { url: `${server.url}/echo`, method: 'POST', data: { code: 'c1' } })
    expect(post.res.data).toEqual({ body: '{"code":"c1"}', type: 'application/json' })
    const get = await call('request', {
      url: `${server.url}/echo`,
      data: { a: 1, b: 'x y' },
      header: { Authorization: 'Bearer t' },
    })
    expect(get.res.data).toMatchObject({ path: '/echo?a=1&b=x%20y', headers: { authorization: 'Bearer t' } })
  })

  it('fails on a timeout, an unreachable server, an abort, and a host outside the domain list', async () => {
    const { call, wx } = setUp()
    expect(await call('request', { url: `${server.url}/slow`, timeout: 50 })).toMatchObject({
      ok: false,
      res: { errMsg: 'request:fail timeout' },
    })
    const closed = await startStubServer({})
    await closed.close()
    expect(await call('request', { url: `${closed.url}/feed` })).toMatchObject({
      ok: false,
      res: { errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' },
    })
    expect(await call('request', { url: 'https://example.com/' })).toMatchObject({
      res: { errMsg: 'request:fail url not in domain list' },
    })
    const aborted = new Promise<unknown>((resolve) => {
      const task = (wx.request as Api)({ url: `${server.url}/slow`, fail: resolve }) as { abort(): void }
      task.abort()
    })
    await expect(aborted).resolves.toEqual({ errMsg: 'request:fail abort' })
  })
})

describe('login and UI', () => {
  it('gives dev:<device> by default, or a code of the device per call; a throw fails wx.login', async () => {
    expect((await setUp({ name: 'alice' }).call('login')).res).toEqual({ errMsg: 'login:ok', code: 'dev:alice' })
    const { call, fake } = setUp({
      nextLoginCode: (n) => {
        if (n === 3) throw new Error('auth deny')
        return `code-${n}`
      },
    })
    expect((await call('login')).res.code).toBe('code-1')
    expect((await call('login')).res.code).toBe('code-2')
    expect((await call('login')).res).toEqual({ errMsg: 'login:fail auth deny' })
    expect(fake.calls.login).toEqual([{ code: 'code-1' }, { code: 'code-2' }, { error: 'auth deny' }])
  })

  it('shows one overlay: hideLoading also closes a toast unless noConflict, and a toast ends after its duration', async () => {
    const { call, fake } = setUp()
    await call('showLoading', { title: '登录中' })
    expect(fake.overlay()).toEqual({ kind: 'loading', title: '登录中', mask: false })
    await call('showToast', { title: '失败', icon: 'none', duration: 30 })
    await call('hideLoading', { noConflict: true })
    expect(fake.overlay()).toEqual({ kind: 'toast', title: '失败', mask: false })
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(fake.overlay()).toBeNull()
    await call('showToast', { title: 'again', duration: 10_000 })
    await call('hideLoading')
    expect(fake.overlay()).toBeNull()
    expect(fake.calls.toasts()).toEqual(['失败', 'again'])
    expect(fake.calls.loadings()).toEqual(['登录中'])
  })

  it('fails loudly on an API it does not fake', () => {
    const { wx, errors, fake } = setUp()
    expect(() => (wx.getUserProfile as Api)({})).toThrow('not faked: wx.getUserProfile')
    expect(fake.calls.notFaked).toEqual(['getUserProfile'])
    expect(errors).toHaveLength(1)
  })
})

describe('faults', () => {
  it('fails every storage write with the injected message, records each attempt, and still removes', () => {
    const { wx, fake, storage } = setUp({ storageWriteFault: 'exceed storage max size 10Mb' }, new Map([['k', 'old']]))
    expect(() => (wx.setStorageSync as Api)('k', 'new')).toThrow('setStorageSync:fail exceed storage max size 10Mb')
    expect(storage.get('k')).toBe('old')
    ;(wx.removeStorageSync as Api)('k')
    expect(storage.has('k')).toBe(false)
    expect(fake.calls.storage).toEqual([
      { api: 'setStorageSync', key: 'k', failed: true },
      { api: 'removeStorageSync', key: 'k' },
    ])
  })

  it('answers wx.login when the device code promise settles, and never while it does not', async () => {
    let answer!: (code: string) => void
    const { call } = setUp({ nextLoginCode: () => new Promise<string>((resolve) => (answer = resolve)) })
    let settled = false
    const login = call('login').then((r) => {
      settled = true
      return r
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(settled).toBe(false)
    answer('late-code')
    expect(await login).toMatchObject({ ok: true, res: { code: 'late-code' } })
  })

  it('holds overlay changes back until released, then applies them in call order', async () => {
    const { call, fake } = setUp()
    const release = fake.holdOverlay()
    await call('showLoading', { title: '退出登录中', mask: true })
    await call('showLoading', { title: '登录中', mask: true })
    expect(fake.overlay()).toBeNull()
    release()
    expect(fake.overlay()).toEqual({ kind: 'loading', title: '登录中', mask: true })
  })

  it('counts the app listeners that are still registered', () => {
    const { wx, fake } = setUp()
    const listener = () => {}
    ;(wx.onAppShow as Api)(listener)
    ;(wx.onAppHide as Api)(() => {})
    ;(wx.offAppShow as Api)(listener)
    expect(fake.listenerCounts()).toEqual({ appShow: 0, appHide: 1 })
  })
})
