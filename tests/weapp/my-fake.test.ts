// The fake `my` on its own (no bundle): it must answer the way Alipay does, or the Alipay scenarios prove nothing.
import net from 'node:net'
import { type Api, cleanUpFakes, setUpFake } from './fake-setup'
import { createMy } from './my-fake'
import { type StubServer, startStubServer } from './stub-server'

let server: StubServer
beforeAll(async () => {
  server = await startStubServer({
    'GET /feed': { json: { items: [] } },
    'POST /echo': (req) => ({ json: { body: req.body, type: req.headers['content-type'], auth: req.headers.auth } }),
    'GET /expired': { status: 401, json: { code: 'SESSION_EXPIRED', message: '登录状态已失效' } },
    'GET /portal': { status: 502, text: '<html>bad gateway</html>' },
    'GET /html': { text: '<html>captive portal</html>' },
    'GET /bom': { text: '\uFEFF{"a":1}' },
    'POST /logout': { status: 204 },
    'GET /slow': { json: {}, delayMs: 400 },
  })
})
afterAll(() => server.close())
afterEach(cleanUpFakes)

const setUp = (device = {}, storage = new Map<string, unknown>()) => setUpFake(createMy, server.url, device, storage)

describe('my.request', () => {
  it('answers a 2xx through success as { data, status, headers }, parsed as dataType json by default', async () => {
    const { call, fake } = setUp()
    const { ok, res } = await call('request', { url: 'http://127.0.0.1:3000/feed' })
    expect(ok).toBe(true)
    expect(res).toMatchObject({ status: 200, data: { items: [] } })
    expect(res).not.toHaveProperty('statusCode')
    expect(res).not.toHaveProperty('errMsg')
    expect((res.headers as Record<string, string>)['content-type']).toMatch(/application\/json/)
    expect(fake.calls.requestLines()).toEqual(['GET /feed'])
    expect((await call('request', { url: `${server.url}/logout`, method: 'POST' })).res).toMatchObject({
      status: 204,
      data: '',
    })
  })

  it('sends `headers` (WeChat’s `header` is not read) and JSON-encodes a POST body', async () => {
    const { call } = setUp()
    const { res } = await call('request', {
      url: `${server.url}/echo`,
      method: 'POST',
      data: { a: 1 },
      headers: { auth: 'yes' },
      header: { auth: 'ignored' },
    })
    expect(res.data).toEqual({ body: '{"a":1}', type: 'application/json', auth: 'yes' })
  })

  it('fails an HTTP error status with error 19, carrying status, data and headers', async () => {
    const { call } = setUp()
    const expired = await call('request', { url: `${server.url}/expired` })
    expect(expired.ok).toBe(false)
    expect(expired.res).toMatchObject({
      error: 19,
      status: 401,
      data: { code: 'SESSION_EXPIRED', message: '登录状态已失效' },
    })
    expect((expired.res.headers as Record<string, string>)['content-type']).toMatch(/json/)
    const text = await call('request', { url: `${server.url}/expired`, dataType: 'text' })
    expect(text.res).toMatchObject({
      error: 19,
      status: 401,
      data: '{"code":"SESSION_EXPIRED","message":"登录状态已失效"}',
    })
    expect((await call('request', { url: `${server.url}/portal` })).res).toMatchObject({
      error: 19,
      status: 502,
      data: '<html>bad gateway</html>',
    })
  })

  it('fails a body that is not JSON (a UTF-8 BOM included) with error 14 unless dataType is text', async () => {
    const { call } = setUp()
    expect((await call('request', { url: `${server.url}/html` })).res).toMatchObject({ error: 14, status: 200 })
    expect((await call('request', { url: `${server.url}/bom` })).res).toMatchObject({ error: 14 })
    expect(await call('request', { url: `${server.url}/html`, dataType: 'text' })).toMatchObject({
      ok: true,
      res: { data: '<html>captive portal</html>' },
    })
  })

  it('fails a timeout with 13, a refused connection with 12, a host off the list with 11, an abort with 9', async () => {
    const { call, api } = setUp()
    expect((await call('request', { url: `${server.url}/slow`, timeout: 50 })).res).toMatchObject({
      error: 13,
      errorMessage: '超时',
    })
    expect((await call('request', { url: 'http://127.0.0.1:1/feed' })).res).toMatchObject({ error: 12 })
    expect((await call('request', { url: 'https://example.com/feed' })).res).toMatchObject({ error: 11 })
    const aborted = new Promise((resolve) => {
      const task = (api.request as Api)({ url: `${server.url}/slow`, fail: resolve }) as { abort: () => void }
      task.abort()
    })
    await expect(aborted).resolves.toMatchObject({ error: 9, errorMessage: 'request:fail abort' })
  })

  it('fails a connection dropped without an answer with 20', async () => {
    const cutter = net.createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => cutter.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = cutter.address() as net.AddressInfo
      expect((await setUp().call('request', { url: `http://127.0.0.1:${port}/feed` })).res).toMatchObject({
        error: 20,
      })
    } finally {
      cutter.close()
    }
  })

  it('refuses what Alipay does not take: PATCH, a header that is not a string (error 2)', async () => {
    const { call } = setUp()
    expect((await call('request', { url: `${server.url}/feed`, method: 'PATCH' })).res).toMatchObject({ error: 2 })
    expect((await call('request', { url: `${server.url}/feed`, headers: { n: 1 } })).res).toMatchObject({ error: 2 })
  })
})

describe('storage', () => {
  it('takes objects: setStorageSync({ key, data }), getStorageSync({ key }) → { data }, null when missing', () => {
    const { api, storage } = setUp()
    ;(api.setStorageSync as Api)({ key: 'k', data: { list: [1] } })
    expect((api.getStorageSync as Api)({ key: 'k' })).toEqual({ data: { list: [1] } })
    expect((api.getStorageSync as Api)({ key: 'missing' })).toEqual({ data: null })
    ;(api.removeStorageSync as Api)({ key: 'k' })
    expect(storage.has('k')).toBe(false)
  })

  it('finds nothing for WeChat’s positional form, and stores nothing under it', () => {
    const { api, storage } = setUp(undefined, new Map([['k', 'v']]))
    expect((api.getStorageSync as Api)('k')).toEqual({ data: null })
    expect(() => (api.setStorageSync as Api)('k', 'other')).toThrow(/key/)
    expect(storage.get('k')).toBe('v')
  })

  it('limits one value to 200 × 1024 characters', () => {
    const { api, storage } = setUp()
    expect(() => (api.setStorageSync as Api)({ key: 'big', data: 'x'.repeat(200 * 1024 + 1) })).toThrow(/200KB/)
    expect(storage.has('big')).toBe(false)
  })

  it('has async variants answering { data } later', async () => {
    const { call } = setUp(undefined, new Map([['k', 1]]))
    expect(await call('getStorage', { key: 'k' })).toEqual({ ok: true, res: { data: 1 }, sync: false })
    expect((await call('getStorage', { key: 'missing' })).res).toEqual({ data: null })
  })
})

describe('getAuthCode, the UI and what Alipay lacks', () => {
  it('gives an authCode for auth_base; a thrown code becomes fail { error, errorMessage }', async () => {
    const { call, fake } = setUp({ name: 'ann' })
    expect((await call('getAuthCode', { scopes: 'auth_base' })).res).toEqual({
      authCode: 'dev:ann',
      authSuccessScopes: ['auth_base'],
      authErrorScopes: {},
    })
    expect(fake.calls.login).toEqual([{ code: 'dev:ann' }])
    const refusing = setUp({
      nextLoginCode: () => {
        throw Object.assign(new Error('用户点击拒绝授权'), { error: 11 })
      },
    })
    expect(await refusing.call('getAuthCode', { scopes: ['auth_base'] })).toMatchObject({
      ok: false,
      res: { error: 11, errorMessage: '用户点击拒绝授权' },
    })
  })

  it('shows a toast from `content` for 2 s and a loading from `content`; confirm answers { confirm }', async () => {
    const { call, fake } = setUp({ answerModal: () => 'cancel' })
    await call('showLoading', { content: '登录中' })
    expect(fake.overlay()).toEqual({ kind: 'loading', title: '登录中', mask: false })
    await call('showToast', { content: '已退出', type: 'success' })
    expect(fake.calls.toasts()).toEqual(['已退出'])
    expect(fake.calls.ui.at(-1)?.options).toMatchObject({ duration: 2000 })
    expect((await call('confirm', { title: '退出登录', content: '确定？' })).res).toEqual({ confirm: false })
    expect((await call('alert', { content: '好的' })).res).toEqual({})
  })

  it('has no WeChat-only API, and an Alipay API it does not fake throws naming my', () => {
    const { api, fake, errors } = setUp()
    for (const name of ['login', 'showModal', 'getPrivacySetting', 'onNeedPrivacyAuthorization', 'chooseAvatar'])
      expect(api).not.toHaveProperty(name)
    expect(() => (api.getPhoneNumber as Api)({})).toThrow('not faked: my.getPhoneNumber')
    expect(fake.calls.notFaked).toEqual(['getPhoneNumber'])
    expect(errors).toHaveLength(1)
    expect((api.canIUse as Api)('request')).toBe(true)
    expect((api.canIUse as Api)('showModal')).toBe(false)
  })
})
