import Taro from '@tarojs/taro'
import { NetworkError, type Transport } from '../../sdk'

/**
 * A transport for the contract's multipart uploads over `Taro.uploadFile` (WeChat sends a file only that way).
 * The client serializes the body as JSON; its `field` holds the temporary file path, which is sent as that
 * multipart field. Every other part of the call (token, 401 handling, the response checked against the
 * spec) is the SDK client's, exactly as for JSON requests.
 */
export function taroUploadTransport({ field, timeoutMs }: { field: string; timeoutMs?: number }): Transport {
  return (req) =>
    new Promise((resolve, reject) => {
      let filePath: unknown
      try {
        filePath = (JSON.parse(req.body ?? '{}') as Record<string, unknown>)[field]
      } catch {
        filePath = undefined
      }
      if (typeof filePath !== 'string' || filePath === '') {
        reject(new NetworkError('NETWORK_ERROR', `uploadFile: no file path in "${field}"`))
        return
      }
      // uploadFile sets its own multipart content type; a JSON one from the client would be wrong.
      const { 'content-type': _json, ...header } = req.headers
      const option: Taro.uploadFile.Option = {
        url: req.url,
        filePath,
        name: field,
        header,
        success({ statusCode, data }) {
          // uploadFile answers the body as text without headers: only a body that looks like JSON is labelled so.
          const body = String(data ?? '')
          const type = /^\s*[[{]/.test(body) ? 'application/json' : 'text/plain'
          resolve({ status: statusCode, headers: { 'content-type': type }, body })
        },
        fail(result) {
          const errMsg = result?.errMsg || 'uploadFile:fail'
          reject(new NetworkError(/time ?out|abort/i.test(errMsg) ? 'TIMEOUT' : 'NETWORK_ERROR', errMsg, result))
        },
      }
      if (timeoutMs !== undefined) option.timeout = timeoutMs
      const pending = Taro.uploadFile(option) as unknown as Promise<unknown> | undefined
      // Taro's promise rejects too; `fail` has already reported it.
      if (typeof pending?.catch === 'function') pending.catch(() => {})
    })
}
