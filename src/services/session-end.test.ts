import { backend } from '../../mocks/handlers'
import { recordUi, resetApp } from '../../tests/jest/app-kit'
import { useAuthStore } from '../stores/auth-store'
import { api } from './api'

beforeEach(resetApp)

/** Signs in as `name` through the mock backend, as a login on this device would. */
function signIn(name: string): string {
  const session = backend.login(`dev:${name}`)
  useAuthStore.getState().setSession(session)
  return session.token
}

describe('the message a lost session shows', () => {
  it('says the account was signed in on another device when a newer login replaced the token', async () => {
    const ui = recordUi()
    signIn('replaced')
    backend.login('dev:replaced')
    await Promise.all([...Array(4)].map(() => api.GET('/profile')))
    expect(ui.toasts).toEqual(['你的账号已在其他设备登录'])
    expect(useAuthStore.getState().token).toBeNull()
  })

  it('says the login expired, once, when the server no longer knows the token', async () => {
    const ui = recordUi()
    signIn('forgotten')
    backend.reset()
    await Promise.all([api.GET('/profile'), api.GET('/feed'), api.GET('/profile')])
    expect(ui.toasts).toEqual(['登录已过期，请重新登录'])
    expect(useAuthStore.getState().token).toBeNull()
  })

  it('says the session was logged out when the token was revoked elsewhere', async () => {
    const ui = recordUi()
    const token = signIn('revoked')
    backend.logout(token)
    await api.GET('/feed')
    expect(ui.toasts).toEqual(['已退出登录，请重新登录'])
  })
})
