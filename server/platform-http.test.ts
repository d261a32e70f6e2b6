import { ApiError } from './errors'
import { fetchPlatformJson, type PlatformCall } from './platform-http'
import { type FakeHttpServer, type FakeReply, startFakeHttpServer } from './test/fake-platform'

let reply: FakeReply
let received: { method: string; body: string }[]
let server: FakeHttpServer
beforeAll(async () => {
  server = await startFakeHttpServer((request) => {
    received.push({ method: request.method, body: request.body })
    return reply
  })
})
afterAll(() => server.close())
beforeEach(() => {
  received = []
})

const call: PlatformCall = { timeoutMs: 500, unavailable: 'DOUYIN_UNAVAILABLE', where: 'api' }

async function failureOf(answer: FakeReply, url = `${server.origin}/x`): Promise<{ code: string; detail: string }> {
  reply = answer
  const error = await fetchPlatformJson(url, call).then(
    () => null,
    (rejection: unknown) => rejection,
  )
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`)
  return { code: error.code, detail: error.message }
}

describe('reading a platform API answer', () => {
  it('gives the JSON object of a 2xx answer, GET without a body, POST with the JSON asked for', async () => {
    reply = { body: '{"ok":1}' }
    expect(await fetchPlatformJson(`${server.origin}/x`, call)).toEqual({ ok: 1 })
    expect(await fetchPlatformJson(`${server.origin}/x`, { ...call, json: { a: 'b' } })).toEqual({ ok: 1 })
    expect(received).toEqual([
      { method: 'GET', body: '' },
      { method: 'POST', body: '{"a":"b"}' },
    ])
  })

  it.each<[string, FakeReply, string]>([
    ['a status outside 2xx, even with a usable body', { status: 500, body: '{"ok":1}' }, 'api answered HTTP 500'],
    ['a body that is not JSON', { body: '<html>' }, 'api answered with a body that is not JSON'],
    ['JSON that is not an object', { body: '[1]' }, 'api answered with a body that is not an object'],
    ['JSON null', { body: 'null' }, 'api answered with a body that is not an object'],
    ['no answer in time', 'hang', 'api request failed (TimeoutError)'],
  ])('turns %s into the call’s own 502 code, naming the failure only', async (_what, answer, detail) => {
    expect(await failureOf(answer)).toEqual({ code: 'DOUYIN_UNAVAILABLE', detail })
  })

  it('never quotes the URL of a request that cannot connect: it can hold a secret', async () => {
    const failure = await failureOf({ body: '{}' }, 'http://127.0.0.1:1/x?secret=do-not-print-me')
    expect(failure.code).toBe('DOUYIN_UNAVAILABLE')
    expect(failure.detail).toMatch(/^api request failed \(\w+\)$/)
    expect(failure.detail).not.toContain('do-not-print-me')
  })
})
