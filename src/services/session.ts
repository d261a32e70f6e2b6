import type { components, User } from '../../sdk'
import { useAuthStore } from '../stores/auth-store'
import { api } from './api'

/** What `GET /auth/session` says of the current session: its expiry, how long renewals can keep it, its user. */
export type SessionDetails = components['schemas']['SessionDetails']

/**
 * Runs `read` for the current session and keeps the store's cached user in step with the user it returns,
 * so every page greets with what the server says now. Null when signed out or when the request failed
 * (a 401 has then already ended the session).
 */
export async function readSignedIn<T>(
  read: () => Promise<{ data?: T; error?: unknown }>,
  userOf: (data: T) => User,
): Promise<T | null> {
  const token = useAuthStore.getState().token
  if (!token) return null
  const result = await read()
  // The SDK's result has data exactly when it has no error.
  if (result.error !== undefined) return null
  const data = result.data as T
  const state = useAuthStore.getState()
  // An answer for a session that has since ended or changed says nothing about the current one.
  if (state.token === token) state.updateUser(userOf(data))
  return data
}

/** Asks the server about the current session (`GET /auth/session`): one cheap call that a session ended elsewhere answers with 401. */
export function checkSession(): Promise<SessionDetails | null> {
  return readSignedIn(
    () => api.GET('/auth/session'),
    (session) => session.user,
  )
}
