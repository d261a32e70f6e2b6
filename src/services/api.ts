import Taro from '@tarojs/taro'
import { authMiddleware, createApiClient, type Middleware, type SessionEndCode, taroTransport } from '../../sdk'
import { useAuthStore } from '../stores/auth-store'
import { API_BASE_URL, REQUEST_TIMEOUT_MS } from './config'
import { SESSION_END_MESSAGES } from './messages'

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

/** The app's API client: Taro.request, the session's token at request time, one session-loss handler. */
export const api = createApiClient({
  baseUrl: API_BASE_URL,
  transport: taroTransport({ timeoutMs: REQUEST_TIMEOUT_MS }),
  middleware: [
    authMiddleware({ getToken: () => useAuthStore.getState().token, onSessionExpired: handleSessionExpired }),
    notifySuccess,
  ],
})
