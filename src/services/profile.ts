import type { User } from '../../sdk'
import { useAuthStore } from '../stores/auth-store'
import { api } from './api'

/**
 * Fetches the signed-in user's profile (`GET /profile`) and keeps the store's cached user in step with it,
 * so every page greets with what the server says now. Null when signed out or when the request failed
 * (a 401 has then already ended the session).
 */
export async function fetchProfile(): Promise<User | null> {
  const token = useAuthStore.getState().token
  if (!token) return null
  const result = await api.GET('/profile')
  if (result.error) return null
  const state = useAuthStore.getState()
  // An answer for a session that has since ended or changed says nothing about the current one.
  if (state.token === token) state.updateUser(result.data)
  return result.data
}
