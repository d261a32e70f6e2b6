import Taro from '@tarojs/taro'
import { isApiError } from '../../sdk'
import { MAX_PENDING_REVOCATIONS, useAuthStore } from '../stores/auth-store'
import { api, onRequestSucceeded } from './api'
import { showBlockingLoading } from './loading'
import { getLoginCode, LoginCodeError } from './login-code'
import { loginErrorMessage } from './messages'
import { singleFlight } from './single-flight'

/**
 * After something between the app and the server (a portal, a gateway) answered a revocation in the API's
 * stead, further attempts wait this long; a launch always tries once, and a network failure or a 5xx does
 * not wait (the next successful request shows the server is back).
 */
export const REVOCATION_RETRY_AFTER_MS = 30_000

/**
 * Logs in with the platform the app runs on (WeChat, Alipay, Douyin). Concurrent calls (a double tap, two pages, both login buttons, a silent login at launch)
 * share one `Taro.login` and one `POST /auth/login`. Resolves to whether a session was started; a failure is
 * shown as a toast.
 */
export const login = (): Promise<boolean> => startLogin(false)

/** Logs in like `login`, but with no loading overlay and no failure message (a silent login at launch). */
export const loginQuietly = (): Promise<boolean> => startLogin(true)

/**
 * 手机号快捷登录: logs in and binds the phone number behind `phoneCode` (from a `getPhoneNumber` button, never
 * the login code) in one `POST /auth/login`. Shares the running login, as `login` does.
 */
export const loginWithPhone = (phoneCode: string): Promise<boolean> => startLogin(false, phoneCode)

// One login at a time: a call joining a running login shares its result (and neither its quietness nor its phone code).
let loginInFlight: Promise<boolean> | null = null

function startLogin(quiet: boolean, phoneCode?: string): Promise<boolean> {
  loginInFlight ??= runLogin(quiet, phoneCode).finally(() => {
    loginInFlight = null
  })
  return loginInFlight
}

async function runLogin(quiet: boolean, phoneCode: string | undefined): Promise<boolean> {
  const store = useAuthStore.getState()
  store.setRunning('loggingIn', true)
  const closeLoading = quiet ? () => {} : showBlockingLoading('登录中')
  let failure: string | null = null
  try {
    const code = await getLoginCode({ quiet })
    // The code is only meaningful to the exchange of the platform that issued it, so the request names it.
    const platform = APP_PLATFORM.login
    // The phone code rides along with the login code: one round trip logs in and binds the number.
    const body = phoneCode === undefined ? { code, platform } : { code, platform, phoneCode }
    const result = await api.POST('/auth/login', { body })
    if (result.error) failure = loginErrorMessage(result.error.code)
    else store.setSession(result.data)
  } catch (error) {
    failure = loginErrorMessage(error instanceof LoginCodeError ? error.code : undefined)
  } finally {
    // Loading and toast share one overlay in WeChat: close the loading before showing the message.
    closeLoading()
    store.setRunning('loggingIn', false)
  }
  if (failure && !quiet) void Taro.showToast({ title: failure, icon: 'none', duration: 2500 })
  return failure === null
}

/**
 * Logs out. The local session is cleared at once whatever the server says; if the server gives no definite
 * answer the revocation is kept and sent again later. A second call while one runs does nothing new.
 */
export const logout: () => Promise<void> = singleFlight(async () => {
  const store = useAuthStore.getState()
  const { token } = store
  if (!token) return
  store.setRunning('loggingOut', true)
  const closeLoading = showBlockingLoading('退出登录中')
  // Queue the revocation before anything can fail, so a crash mid-request still sends it next launch.
  store.clearSession('SIGNED_OUT', token)
  try {
    await revoke(token)
  } finally {
    closeLoading()
    useAuthStore.getState().setRunning('loggingOut', false)
  }
})

const revocationsInFlight = new Map<string, Promise<boolean>>()

/** Sends one revocation (once at a time per token); false when it got no definite answer (it stays pending). */
function revoke(token: string): Promise<boolean> {
  let running = revocationsInFlight.get(token)
  if (!running) {
    running = sendRevocation(token).finally(() => revocationsInFlight.delete(token))
    revocationsInFlight.set(token, running)
  }
  return running
}

/** Time of the last revocation that got no definite answer (device clock), or null. */
let lastUnsettledAt: number | null = null

async function sendRevocation(token: string): Promise<boolean> {
  const result = await api.POST('/auth/logout', { headers: { Authorization: `Bearer ${token}` } })
  // Only the API itself settles it: 204 revoked, or its 401 body (already invalid). A captive portal's 200
  // page, a gateway's 403/408/429, an HTML 5xx or no answer at all say nothing about the token.
  const { error } = result
  if (error && !(isApiError(error) && error.status === 401)) {
    const answeredInTheWay = error.status > 0 && error.status < 500
    if (answeredInTheWay) lastUnsettledAt = Date.now()
    return false
  }
  lastUnsettledAt = null
  useAuthStore.getState().settleRevocation(token)
  return true
}

function mayRetryNow(): boolean {
  if (lastUnsettledAt === null) return true
  const elapsed = Date.now() - lastUnsettledAt
  // A clock set back must not hold revocations back for ever.
  return elapsed < 0 || elapsed >= REVOCATION_RETRY_AFTER_MS
}

/**
 * Sends pending revocations one at a time, oldest first, at most `MAX_PENDING_REVOCATIONS` per run, stopping
 * at the first without a definite answer; after such an answer it waits `REVOCATION_RETRY_AFTER_MS`.
 */
export const flushPendingRevocations: () => Promise<void> = singleFlight(async () => {
  if (!mayRetryNow()) return
  const queue = useAuthStore.getState().pendingRevocations.slice(0, MAX_PENDING_REVOCATIONS)
  for (const token of queue) {
    if (!(await revoke(token))) break
  }
})

// A successful request means the server is reachable again: a good moment to send what is pending.
onRequestSucceeded(() => {
  // A flush already running is joined, not repeated.
  if (useAuthStore.getState().pendingRevocations.length > 0) void flushPendingRevocations()
})
