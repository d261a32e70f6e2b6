import { waitFor } from '@testing-library/react'
import { backend } from '../../mocks/handlers'
import { countRequests, loginElsewhere, recordUi, resetApp } from '../../tests/jest/app-kit'
import { useAuthStore } from '../stores/auth-store'
import { api } from './api'
import { noteAppHidden, noteAppShown, RECHECK_AFTER_HIDDEN_MS } from './foreground-check'

beforeEach(resetApp)

/** Signs in as `name` through the mock backend, as a login on this device would. */
function signIn(name: string): string {
  const session = backend.login(`dev:${name}`)
  useAuthStore.getState().setSession(session)
  return session.token
}

/** Hides the app and brings it back `hiddenForMs` later by the device clock. */
function hideFor(hiddenForMs: number): void {
  const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000)
  noteAppHidden()
  now.mockReturnValue(1_000_000 + hiddenForMs)
  noteAppShown()
  now.mockRestore()
}

describe('coming back to the foreground', () => {
  it('after a minute hidden, asks GET /auth/session once; a session replaced meanwhile ends with one message', async () => {
    const ui = recordUi()
    const requests = countRequests()
    signIn('quinn')
    loginElsewhere('quinn')
    hideFor(RECHECK_AFTER_HIDDEN_MS)
    await waitFor(() => expect(useAuthStore.getState().token).toBeNull())
    expect([...requests]).toEqual([['GET /auth/session', 1]])
    expect(ui.toasts).toEqual(['你的账号已在其他设备登录'])
  })

  it('after a while, keeps a live session and brings in the nickname the server has now', async () => {
    const token = signIn('rosa')
    backend.updateProfile(token, { nickname: '新名字' })
    hideFor(10 * RECHECK_AFTER_HIDDEN_MS)
    await waitFor(() => expect(useAuthStore.getState().user?.nickname).toBe('新名字'))
    expect(useAuthStore.getState().token).toBe(token)
  })

  it('after a moment, or when signed out, sends nothing', () => {
    const get = jest.spyOn(api, 'GET')
    signIn('sam')
    hideFor(RECHECK_AFTER_HIDDEN_MS - 1)
    useAuthStore.getState().clearSession('SIGNED_OUT')
    hideFor(10 * RECHECK_AFTER_HIDDEN_MS)
    expect(get).not.toHaveBeenCalled()
  })

  it('rechecks when the device clock moved backwards, since it cannot say how long the app was hidden', async () => {
    const requests = countRequests()
    signIn('tess')
    hideFor(-5 * RECHECK_AFTER_HIDDEN_MS)
    await waitFor(() => expect(requests.get('GET /auth/session')).toBe(1))
  })
})
