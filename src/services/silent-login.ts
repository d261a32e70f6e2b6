import Taro from '@tarojs/taro'
import { useAuthStore } from '../stores/auth-store'
import { loginQuietly } from './auth'

/** Whether this build logs in silently at launch (`TARO_APP_SILENT_LOGIN=true` in `.env.<mode>`); off by default. */
export const SILENT_LOGIN_ENABLED: boolean = process.env.TARO_APP_SILENT_LOGIN === 'true'

/** Storage key of the silent login's back-off: consecutive failures and launches still to skip. */
export const SILENT_LOGIN_STORAGE_KEY = 'miniauth:silent-login'

/** The most launches a run of failures makes the silent login sit out. */
export const SILENT_LOGIN_MAX_SKIPPED_LAUNCHES = 16

interface Backoff {
  failures: number
  skip: number
}

// Counted in launches, not by the device clock: a wrong clock can neither stall nor hurry the retries.
function readBackoff(): Backoff {
  try {
    const raw: unknown = JSON.parse(Taro.getStorageSync(SILENT_LOGIN_STORAGE_KEY) || 'null')
    const { failures, skip } = (raw ?? {}) as Partial<Backoff>
    if (Number.isInteger(failures) && Number.isInteger(skip) && Number(failures) >= 0 && Number(skip) >= 0) {
      return { failures: Number(failures), skip: Math.min(Number(skip), SILENT_LOGIN_MAX_SKIPPED_LAUNCHES) }
    }
  } catch {
    // Unreadable or foreign: as if nothing had failed yet.
  }
  return { failures: 0, skip: 0 }
}

function writeBackoff(backoff: Backoff | null): void {
  try {
    if (backoff) Taro.setStorageSync(SILENT_LOGIN_STORAGE_KEY, JSON.stringify(backoff))
    else Taro.removeStorageSync(SILENT_LOGIN_STORAGE_KEY)
  } catch {
    // Storage full or failing: the next launch simply tries again.
  }
}

/**
 * The silent login of one launch: when enabled and signed out, one quiet `wx.login` + `POST /auth/login`
 * (no overlay, no message), at most once however often it is called. After n failures in a row the next
 * 2^(n-1) launches (at most 16) skip it. Resolves whether it logged in.
 */
export function createSilentLogin(enabled: boolean = SILENT_LOGIN_ENABLED): () => Promise<boolean> {
  let attempt: Promise<boolean> | null = null
  async function run(): Promise<boolean> {
    if (!enabled || useAuthStore.getState().token !== null) return false
    const backoff = readBackoff()
    if (backoff.skip > 0) {
      writeBackoff({ ...backoff, skip: backoff.skip - 1 })
      return false
    }
    const ok = await loginQuietly()
    const failures = backoff.failures + 1
    writeBackoff(ok ? null : { failures, skip: Math.min(2 ** (failures - 1), SILENT_LOGIN_MAX_SKIPPED_LAUNCHES) })
    return ok
  }
  return () => {
    attempt ??= run()
    return attempt
  }
}
