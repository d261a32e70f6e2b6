import { type FakeAlipay, startFakeAlipay } from './fake-alipay'
import { type FakeDouyin, startFakeDouyin } from './fake-douyin'
import { startReferenceServer } from './reference-server'

let alipay: FakeAlipay
let douyin: FakeDouyin
beforeAll(async () => {
  ;[alipay, douyin] = await Promise.all([startFakeAlipay(), startFakeDouyin()])
})
afterAll(async () => {
  await Promise.all([alipay.close(), douyin.close()])
})

async function login(url: string, code: string, platform: string) {
  const response = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, platform }),
  })
  return { status: response.status, body: (await response.json()) as { code?: string; user?: { id: string } } }
}

describe('the reference server for end-to-end scenarios', () => {
  it('takes dev codes on every platform when it is given no fakes', async () => {
    const server = await startReferenceServer()
    try {
      for (const platform of ['wechat', 'alipay', 'douyin']) {
        expect((await login(server.url, 'dev:alice', platform)).status).toBe(200)
      }
    } finally {
      await server.close()
    }
  })

  it('sends Alipay and Douyin logins through the real exchanges to the fakes it is given, errors and all', async () => {
    const server = await startReferenceServer({ alipay, douyin, platformTimeoutMs: 300 })
    try {
      const onAlipay = await login(server.url, alipay.codeFor('alice'), 'alipay')
      const onDouyin = await login(server.url, douyin.codeFor('alice'), 'douyin')
      expect([onAlipay.status, onDouyin.status]).toEqual([200, 200])
      expect(onAlipay.body.user?.id).not.toBe(onDouyin.body.user?.id)
      expect(alipay.requests.at(-1)?.method).toBe('alipay.system.oauth.token')
      expect(douyin.requests).toHaveLength(1)
      for (const [code, platform, status, error] of [
        ['dev:alice', 'alipay', 400, 'INVALID_CODE'],
        ['dev:alice', 'douyin', 400, 'INVALID_CODE'],
        ['hang:', 'alipay', 502, 'ALIPAY_UNAVAILABLE'],
        ['error:-1', 'douyin', 502, 'DOUYIN_UNAVAILABLE'],
      ] as const) {
        expect(await login(server.url, code, platform)).toMatchObject({ status, body: { code: error } })
      }
      // A platform down for everyone, whatever code the app sends, then back.
      alipay.respondAs('http:503')
      douyin.respondAs('error:-1')
      try {
        expect((await login(server.url, alipay.codeFor('bob'), 'alipay')).body.code).toBe('ALIPAY_UNAVAILABLE')
        expect((await login(server.url, douyin.codeFor('bob'), 'douyin')).body.code).toBe('DOUYIN_UNAVAILABLE')
      } finally {
        alipay.respondAs(null)
        douyin.respondAs(null)
      }
      expect((await login(server.url, alipay.codeFor('bob'), 'alipay')).status).toBe(200)
    } finally {
      await server.close()
    }
  })
})
