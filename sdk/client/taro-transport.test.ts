import Taro from '@tarojs/taro'
import { fakeWxRequest } from '../testing/fake-wx-request'
import { isNetworkError, NetworkError } from './errors'
import { type TaroRequest, taroTransport } from './taro-transport'

const get = { method: 'GET', url: 'https://api.test/feed', headers: { accept: 'application/json' } } as const

describe('taroTransport', () => {
  it('asks Taro.request for raw text and passes method, URL, headers and body through', async () => {
    const request = fakeWxRequest(() => ({ statusCode: 200, data: '{}' }))
    await taroTransport({ request, timeoutMs: 5000 })({
      method: 'POST',
      url: 'https://api.test/auth/login',
      headers: { 'content-type': 'application/json' },
      body: '{"code":"c"}',
    })
    expect(request.calls[0]).toMatchObject({
      url: 'https://api.test/auth/login',
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data: '{"code":"c"}',
      dataType: 'text',
      responseType: 'text',
      timeout: 5000,
    })
  })

  it('leaves out data and timeout instead of passing undefined, which WeChat rejects', async () => {
    const request = fakeWxRequest(() => ({ statusCode: 200, data: '{}' }))
    await taroTransport({ request })(get)
    expect(request.calls[0]).not.toHaveProperty('data')
    expect(request.calls[0]).not.toHaveProperty('timeout')
  })

  it('resolves every HTTP status with the raw text and lower-cased header names', async () => {
    const request = fakeWxRequest(() => ({
      statusCode: 503,
      header: { 'Content-Type': 'text/html', 'X-Count': 3 },
      data: '<html>down</html>',
    }))
    const response = await taroTransport({ request })(get)
    expect(response).toEqual({
      status: 503,
      headers: { 'content-type': 'text/html', 'x-count': '3' },
      body: '<html>down</html>',
    })
  })

  it('turns a body the platform parsed anyway back into text, and a missing body into ""', async () => {
    const parsed = fakeWxRequest(() => ({ statusCode: 200, data: { items: [] } }))
    const missing = fakeWxRequest(() => ({ statusCode: 204, data: undefined }))
    expect((await taroTransport({ request: parsed })(get)).body).toBe('{"items":[]}')
    expect((await taroTransport({ request: missing })(get)).body).toBe('')
  })

  it('rejects a timeout with a NetworkError coded TIMEOUT and status 0', async () => {
    const request = fakeWxRequest(() => ({ errMsg: 'request:fail timeout' }))
    const failure = await taroTransport({ request })(get).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(NetworkError)
    expect(failure).toMatchObject({ code: 'TIMEOUT', status: 0, message: 'request:fail timeout' })
  })

  it('rejects any other failure with a NetworkError coded NETWORK_ERROR', async () => {
    const request = fakeWxRequest(() => ({ errMsg: 'request:fail net::ERR_NAME_NOT_RESOLVED' }))
    const failure = await taroTransport({ request })(get).catch((error: unknown) => error)
    expect(isNetworkError(failure) && failure.code).toBe('NETWORK_ERROR')
  })

  it("reads the message of an Error passed to fail, as Taro's H5 request does, and takes an abort for a timeout", async () => {
    const aborted: TaroRequest = (option) => option.fail(new Error('The user aborted a request.') as never)
    const offline: TaroRequest = (option) => option.fail(new TypeError('Failed to fetch') as never)
    const timeout = await taroTransport({ request: aborted })(get).catch((error: unknown) => error)
    const network = await taroTransport({ request: offline })(get).catch((error: unknown) => error)
    expect(timeout).toMatchObject({ code: 'TIMEOUT', message: 'The user aborted a request.' })
    expect(network).toMatchObject({ code: 'NETWORK_ERROR', message: 'Failed to fetch' })
  })

  it("resolves Alipay's failure for a non-2xx answer (error 19) as that answer: status, headers and body", async () => {
    const alipay: TaroRequest = (option) =>
      option.fail({
        error: 19,
        errorMessage: 'http status error',
        status: 401,
        headers: { 'Content-Type': 'application/json' },
        data: '{"code":"SESSION_REPLACED","message":"已在其他设备登录"}',
      } as never)
    expect(await taroTransport({ request: alipay })(get)).toEqual({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: '{"code":"SESSION_REPLACED","message":"已在其他设备登录"}',
    })
  })

  it("rejects Alipay's timeout (error 13) as TIMEOUT and its network error (12) as NETWORK_ERROR, with their messages", async () => {
    const timedOut: TaroRequest = (option) => option.fail({ error: 13, errorMessage: '请求超时' } as never)
    const offline: TaroRequest = (option) => option.fail({ error: 12, errorMessage: '网络出错' } as never)
    // A status that is not an HTTP status says nothing about an answer.
    const odd: TaroRequest = (option) => option.fail({ error: 14, status: 13, data: 'x' } as never)
    expect(await taroTransport({ request: timedOut })(get).catch((e: unknown) => e)).toMatchObject({
      code: 'TIMEOUT',
      message: '请求超时',
    })
    expect(await taroTransport({ request: offline })(get).catch((e: unknown) => e)).toMatchObject({
      code: 'NETWORK_ERROR',
      message: '网络出错',
    })
    expect(await taroTransport({ request: odd })(get).catch((e: unknown) => e)).toMatchObject({ code: 'NETWORK_ERROR' })
  })

  it('does not leave the promise Taro.request returns rejected and unhandled', async () => {
    const unhandled = jest.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const request = fakeWxRequest(() => ({ errMsg: 'request:fail' }))
      await taroTransport({ request })(get).catch(() => {})
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })

  it('uses Taro.request, looked up at call time, when no request is given', async () => {
    const taro = Taro as unknown as { request?: unknown }
    const transport = taroTransport()
    const request = fakeWxRequest(() => ({ statusCode: 200, data: 'ok' }))
    taro.request = request
    try {
      expect((await transport(get)).body).toBe('ok')
      expect(request.calls).toHaveLength(1)
    } finally {
      delete taro.request
    }
  })
})
