import { ApiError, type ErrorCode, errorName } from './errors'

/** How to reach one platform API: its request, how long to wait, and the code and name its failures carry. */
export interface PlatformCall {
  /** The request: a GET without a body, or a JSON POST of `json`. */
  json?: unknown
  /** How long the whole answer may take. */
  timeoutMs: number
  /** The 502 code every failure on the way becomes (`WECHAT_UNAVAILABLE`...). */
  unavailable: ErrorCode
  /** The API's name in log details (`jscode2session`, `stable_token`...). */
  where: string
}

/**
 * A platform API's answer as a JSON object. A failed connection, a timeout, a status outside 2xx, a body that is
 * not JSON or not an object are `call.unavailable`; the detail names the failure, never the URL or the body
 * (the URL can hold a secret, the body a session key).
 */
export async function fetchPlatformJson(url: string, call: PlatformCall): Promise<Record<string, unknown>> {
  const { where, unavailable } = call
  let status: number
  let text: string
  try {
    const response = await fetch(url, {
      ...(call.json === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(call.json) }),
      signal: AbortSignal.timeout(call.timeoutMs),
    })
    status = response.status
    text = await response.text()
  } catch (error) {
    throw new ApiError(unavailable, `${where} request failed (${errorName(error)})`)
  }
  if (status < 200 || status >= 300) throw new ApiError(unavailable, `${where} answered HTTP ${status}`)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new ApiError(unavailable, `${where} answered with a body that is not JSON`)
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(unavailable, `${where} answered with a body that is not an object`)
  return body as Record<string, unknown>
}
