import Taro from '@tarojs/taro'
import { isNetworkError, type SdkError } from '../../sdk'
import { useAuthStore } from '../stores/auth-store'
import { api, onRequestSucceeded } from './api'
import { getLoginCode, LoginCodeError } from './login-code'
import { loginErrorMessage } from './messages'

let loginInFlight: Promise<boolean> | null = null
let logoutInFlight: Promise<void> | null = null
let flushInFlight: Promise<void> | null = null

/**
 * Logs in with WeChat. Concurrent calls (a double tap, two pages) share one `Taro.login` and one
 * `POST /auth/login`. Resolves to whether a session was started; a failure is shown as a toast.
 */
export function login(): Promise<boolean> {
  loginInFlight ??= runLogin().finally(() => {
    loginInFlight = null
  })
  return loginInFlight
}

async function runLogin(): Promise<boolean> {
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
}

/**
 * Logs out. The local session is cleared at once whatever the server says; if the server cannot be
 * reached the revocation is kept and sent again later. A second call while one runs does nothing new.
 */
export function logout(): Promise<void> {
  logoutInFlight ??= runLogout().finally(() => {
    logoutInFlight = null
  })
  return logoutInFlight
}

async function runLogout(): Promise<void> {
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
}

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
export function flushPendingRevocations(): Promise<void> {
  flushInFlight ??= (async () => {
    for (const token of [...useAuthStore.getState().pendingRevocations]) {
      if (!(await revoke(token))) break
    }
  })().finally(() => {
    flushInFlight = null
  })
  return flushInFlight
}

// A successful request means the server is reachable again: a good moment to send what is pending.
onRequestSucceeded(() => {
  if (useAuthStore.getState().pendingRevocations.length > 0 && !flushInFlight) void flushPendingRevocations()
})
