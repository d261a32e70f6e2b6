import Taro from '@tarojs/taro'
import { authMiddleware, createApiClient, type Middleware, type SessionEndCode, taroTransport } from '../../sdk'
import { useAuthStore } from '../stores/auth-store'
import { API_BASE_URL, REQUEST_TIMEOUT_MS } from './config'
import { SESSION_END_MESSAGES } from './messages'
import { taroUploadTransport } from './upload-transport'

const successListeners = new Set<() => void>()

/**
 * Calls `listener` after every request the API answered with 2xx (204, or JSON: a captive portal's 200 HTML
 * page is not the API); returns the unsubscribe function.
 */
export function onRequestSucceeded(listener: () => void): () => void {
  successListeners.add(listener)
  return () => {
    successListeners.delete(listener)
  }
}

const notifySuccess: Middleware = {
  onResponse({ response }) {
    const fromApi = response.status === 204 || /json/i.test(response.headers['content-type'] ?? '')
    if (fromApi && response.status >= 200 && response.status < 300) for (const listener of successListeners) listener()
  },
}

/** The server no longer accepts `token`: sign out everywhere and say why, once. */
function handleSessionExpired(token: string, code: SessionEndCode): void {
  const state = useAuthStore.getState()
  // A 401 for a token that is no longer the session (signed out, or signed in again) changes nothing.
  if (state.token !== token) return
  state.clearSession('SESSION_EXPIRED')
  void Taro.showToast({ title: SESSION_END_MESSAGES[code], icon: 'none', duration: 2500 })
}

/**
 * WeChat's `wx.request` has no PATCH (OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT only): a mini
 * program sends a PATCH as POST with `X-HTTP-Method-Override: PATCH`, which the server routes as the PATCH.
 */
export const methodOverride: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'PATCH' || process.env.TARO_ENV === 'h5') return undefined
    return { ...request, method: 'POST', headers: { ...request.headers, 'x-http-method-override': 'PATCH' } }
  },
}

const middleware: Middleware[] = [
  authMiddleware({ getToken: () => useAuthStore.getState().token, onSessionExpired: handleSessionExpired }),
  notifySuccess,
  methodOverride,
]

/** The app's API client: Taro.request, the session's token at request time, one session-loss handler. */
export const api = createApiClient({
  baseUrl: API_BASE_URL,
  transport: taroTransport({ timeoutMs: REQUEST_TIMEOUT_MS }),
  middleware,
})

/**
 * The same client for the contract's file uploads: `body.file` is a temporary file path that
 * `Taro.uploadFile` sends as the multipart field `file`; token, session loss and response checks as `api`.
 */
export const uploadApi = createApiClient({
  baseUrl: API_BASE_URL,
  transport: taroUploadTransport({ field: 'file', timeoutMs: REQUEST_TIMEOUT_MS }),
  middleware,
})
