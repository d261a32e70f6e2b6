import Taro from '@tarojs/taro'
import { isNetworkError, type SdkError } from '../../sdk'
import { useAuthStore } from '../stores/auth-store'
import { api, onRequestSucceeded } from './api'
import { getLoginCode, LoginCodeError } from './login-code'
import { loginErrorMessage } from './messages'
import { singleFlight } from './single-flight'

/**
 * Logs in with WeChat. Concurrent calls (a double tap, two pages) share one `Taro.login` and one
 * `POST /auth/login`. Resolves to whether a session was started; a failure is shown as a toast.
 */
export const login: () => Promise<boolean> = singleFlight(async () => {
  const store = useAuthStore.getState()
  store.setActivity('loggingIn')
  void Taro.showLoading({ title: '登录中', mask: true })
  let failure: string | null = null
  try {
    const code = await getLoginCode()
    const result = await api.POST('/auth/login', { body: { code } })
    if (result.error) failure = loginErrorMessage(result.error.code)
    else store.setSession(result.data)
  } catch (error) {
    failure = loginErrorMessage(error instanceof LoginCodeError ? error.code : undefined)
  } finally {
    // Loading and toast share one overlay in WeChat: hide the loading before showing the message.
    Taro.hideLoading()
    store.setActivity('idle')
  }
  if (failure) void Taro.showToast({ title: failure, icon: 'none', duration: 2500 })
  return failure === null
})

/**
 * Logs out. The local session is cleared at once whatever the server says; if the server cannot be
 * reached the revocation is kept and sent again later. A second call while one runs does nothing new.
 */
export const logout: () => Promise<void> = singleFlight(async () => {
  const store = useAuthStore.getState()
  const { token } = store
  if (!token) return
  store.setActivity('loggingOut')
  void Taro.showLoading({ title: '退出登录中', mask: true })
  // Queue the revocation before anything can fail, so a crash mid-request still sends it next launch.
  store.clearSession('SIGNED_OUT', token)
  try {
    await revoke(token)
  } finally {
    Taro.hideLoading()
    useAuthStore.getState().setActivity('idle')
  }
})

/** Whether the server may not have seen this answer, so the revocation must be sent again. */
function isUnreached(error: SdkError): boolean {
  return isNetworkError(error) || error.status >= 500 || error.status === 0
}

const revocationsInFlight = new Map<string, Promise<boolean>>()

/** Sends one revocation (once at a time per token); false when the server could not be reached (it stays pending). */
function revoke(token: string): Promise<boolean> {
  let running = revocationsInFlight.get(token)
  if (!running) {
    running = sendRevocation(token).finally(() => revocationsInFlight.delete(token))
    revocationsInFlight.set(token, running)
  }
  return running
}

async function sendRevocation(token: string): Promise<boolean> {
  const result = await api.POST('/auth/logout', { headers: { Authorization: `Bearer ${token}` } })
  if (result.error && isUnreached(result.error)) return false
  // 204: revoked. 401: already invalid. Any other answer would not change on a retry either.
  useAuthStore.getState().settleRevocation(token)
  return true
}

/** Sends every pending revocation, oldest first, stopping at the first the server does not receive. */
export const flushPendingRevocations: () => Promise<void> = singleFlight(async () => {
  for (const token of [...useAuthStore.getState().pendingRevocations]) {
    if (!(await revoke(token))) break
  }
})

// A successful request means the server is reachable again: a good moment to send what is pending.
onRequestSucceeded(() => {
  // A flush already running is joined, not repeated.
  if (useAuthStore.getState().pendingRevocations.length > 0) void flushPendingRevocations()
})
