import {
  ApiError,
  InvalidResponseError,
  isApiError,
  isInvalidResponseError,
  isNetworkError,
  isSdkError,
  NetworkError,
  SdkError,
} from './errors'

describe('SDK errors', () => {
  it('give an ApiError the code, message, status and body of the server error', () => {
    const error = new ApiError({ code: 'RATE_LIMITED', message: '操作太频繁' }, 429)
    expect(error).toBeInstanceOf(SdkError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ name: 'ApiError', code: 'RATE_LIMITED', message: '操作太频繁', status: 429 })
    expect(error.body).toEqual({ code: 'RATE_LIMITED', message: '操作太频繁' })
  })

  it('give a NetworkError status 0 and keep its cause', () => {
    const cause = new Error('offline')
    expect(new NetworkError('NETWORK_ERROR', 'request:fail', cause)).toMatchObject({ status: 0, cause })
  })

  it('give an InvalidResponseError the HTTP status and raw body', () => {
    const error = new InvalidResponseError('response body is not JSON', 502, '<html>')
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 502, body: '<html>' })
  })

  it('are told apart by their guards', () => {
    const api = new ApiError({ code: 'INVALID_CODE', message: '无效' }, 400)
    const network = new NetworkError('TIMEOUT', 'request:fail timeout')
    const invalid = new InvalidResponseError('empty', 200, '')
    expect([api, network, invalid].map(isSdkError)).toEqual([true, true, true])
    expect([api, network, invalid].map(isApiError)).toEqual([true, false, false])
    expect([api, network, invalid].map(isNetworkError)).toEqual([false, true, false])
    expect([api, network, invalid].map(isInvalidResponseError)).toEqual([false, false, true])
  })

  it('are not confused with plain errors or look-alikes', () => {
    for (const value of [new Error('x'), { name: 'ApiError', code: 'X' }, null, undefined, 'ApiError']) {
      expect(isSdkError(value) || isApiError(value)).toBe(false)
    }
  })

  it('are recognised by the guards even from a second copy of the module, where instanceof fails', () => {
    let copy: typeof import('./errors') | undefined
    jest.isolateModules(() => {
      copy = require('./errors')
    })
    const foreign = new (copy as typeof import('./errors')).NetworkError('TIMEOUT', 'request:fail timeout')
    expect(foreign).not.toBeInstanceOf(NetworkError)
    expect(isSdkError(foreign)).toBe(true)
    expect(isNetworkError(foreign)).toBe(true)
  })
})
