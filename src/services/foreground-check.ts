import { useAuthStore } from '../stores/auth-store'
import { checkSession } from './session'
import { singleFlight } from './single-flight'

/** After the app was hidden at least this long, coming back rechecks the session with the server. */
export const RECHECK_AFTER_HIDDEN_MS = 60_000

/** When the app went to the background (device clock), or null while it is in the foreground. */
let hiddenAt: number | null = null

// One cheap request about the session itself: ended elsewhere meanwhile, it answers 401 and the app shows
// itself logged out; still valid, it refreshes the cached user.
const recheckSession = singleFlight(async () => {
  if (useAuthStore.getState().token) await checkSession()
})

/** The app went to the background. */
export function noteAppHidden(): void {
  hiddenAt = Date.now()
}

/** The app came back to the foreground: rechecks the session if it was hidden a while. */
export function noteAppShown(): void {
  if (hiddenAt === null) return
  const hiddenForMs = Date.now() - hiddenAt
  hiddenAt = null
  // A clock that moved backwards cannot say how long it was: check rather than trust it.
  if (hiddenForMs >= 0 && hiddenForMs < RECHECK_AFTER_HIDDEN_MS) return
  void recheckSession()
}
