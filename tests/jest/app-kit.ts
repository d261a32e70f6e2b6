// Shared set-up for the app's component tests: a clean launch, recorded UI feedback, counted requests.
import Taro from '@tarojs/taro'
import { backend } from '../../mocks/handlers'
import { server } from '../../mocks/node'
import { AUTH_STORAGE_KEY, useAuthStore } from '../../src/stores/auth-store'

/** Every showLoading / hideLoading / showToast the app made, in order. */
export interface UiLog {
  loading: string[]
  hidden: number
  toasts: string[]
}

/** Records loading and toast calls instead of drawing them. */
export function recordUi(): UiLog {
  const log: UiLog = { loading: [], hidden: 0, toasts: [] }
  jest.spyOn(Taro, 'showLoading').mockImplementation((options) => {
    log.loading.push(options?.title ?? '')
    return Promise.resolve({ errMsg: 'showLoading:ok' })
  })
  jest.spyOn(Taro, 'hideLoading').mockImplementation((() => {
    log.hidden++
    return Promise.resolve()
  }) as typeof Taro.hideLoading)
  jest.spyOn(Taro, 'showToast').mockImplementation((options) => {
    log.toasts.push(options?.title ?? '')
    return Promise.resolve({ errMsg: 'showToast:ok' })
  })
  return log
}

/** Counts requests per `METHOD /path` as msw sees them. */
export function countRequests(): Map<string, number> {
  const counts = new Map<string, number>()
  server.events.on('request:start', ({ request }) => {
    const key = `${request.method} ${new URL(request.url).pathname}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  })
  return counts
}

/** What is stored under `miniauth:auth`, parsed; null when nothing is stored. */
export function storedAuth(): { state: Record<string, unknown>; version: number } | null {
  const raw = Taro.getStorageSync(AUTH_STORAGE_KEY)
  return raw === '' ? null : JSON.parse(raw)
}

/** Writes a raw value under `miniauth:auth`, as an earlier run (or something else) left it. */
export function seedStorage(value: unknown): void {
  Taro.setStorageSync(AUTH_STORAGE_KEY, value)
}

// The store's state at a fresh launch with nothing stored and nothing running.
const LOGGED_OUT = {
  token: null,
  expiresAt: null,
  user: null,
  pendingRevocations: [],
  loggingIn: false,
  loggingOut: false,
}

/** Simulates a launch: the store hydrates again from whatever storage holds now. */
export function relaunch(): void {
  const saved = Taro.getStorageSync(AUTH_STORAGE_KEY)
  useAuthStore.setState(LOGGED_OUT)
  // setState persisted the empty state (removing the key); put back what the "previous run" left.
  if (saved !== '') Taro.setStorageSync(AUTH_STORAGE_KEY, saved)
  void useAuthStore.persist.rehydrate()
}

/** A fresh start: empty storage, logged-out store, empty mock backend, no spies. */
export function resetApp(): void {
  jest.restoreAllMocks()
  server.events.removeAllListeners()
  backend.reset()
  Taro.clearStorageSync()
  useAuthStore.setState(LOGGED_OUT)
  Taro.clearStorageSync()
}

/** Logs `name` in on the mock backend directly, as another device would. */
export function loginElsewhere(name: string): string {
  return backend.login(`dev:${name}`).token
}
