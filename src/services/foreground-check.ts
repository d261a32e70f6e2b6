import { useAuthStore } from '../stores/auth-store'
import { fetchProfile } from './profile'
import { singleFlight } from './single-flight'

/** After the app was hidden at least this long, coming back rechecks the session with the server. */
export const RECHECK_AFTER_HIDDEN_MS = 60_000

/** When the app went to the background (device clock), or null while it is in the foreground. */
let hiddenAt: number | null = null

// One cheap request: a session ended elsewhere meanwhile answers 401 and the app shows itself logged out.
const recheckSession = singleFlight(async () => {
  if (useAuthStore.getState().token) await fetchProfile()
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
