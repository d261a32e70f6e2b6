import Taro from '@tarojs/taro'
import { relaunch, resetApp, seedStorage, storedAuth } from '../../tests/jest/app-kit'
import { AUTH_STORAGE_KEY, AUTH_STORAGE_VERSION, useAuthStore } from './auth-store'

const user = { id: 'u1', nickname: '微信用户', avatarUrl: 'https://avatar.test/u1.png' }
const future = () => new Date(Date.now() + 60_000).toISOString()
const TOKEN = 'stored-token-0123456789-0123456789-0123456789'

function validValue(overrides: Record<string, unknown> = {}) {
  return {
    state: { token: TOKEN, expiresAt: future(), user, pendingRevocations: [], ...overrides },
    version: AUTH_STORAGE_VERSION,
  }
}

beforeEach(resetApp)

describe('useAuthStore', () => {
  it('rehydrates a stored session synchronously', () => {
    seedStorage(JSON.stringify(validValue()))
    relaunch()
    // No await: hydration from Taro's synchronous storage is done before anything renders.
    expect(useAuthStore.getState()).toMatchObject({ token: TOKEN, user })
  })

  it('persists only the session and pending revocations', () => {
    useAuthStore.getState().setSession({ token: TOKEN, expiresAt: future(), user })
    useAuthStore.getState().setActivity('loggingIn')
    expect(Object.keys(storedAuth()?.state ?? {}).sort()).toEqual(['expiresAt', 'pendingRevocations', 'token', 'user'])
  })

  it('removes the stored value when signed out with nothing left to revoke', () => {
    useAuthStore.getState().setSession({ token: TOKEN, expiresAt: future(), user })
    useAuthStore.getState().clearSession('SIGNED_OUT')
    expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
  })

  it('keeps a revocation in storage after the session is cleared', () => {
    useAuthStore.getState().setSession({ token: TOKEN, expiresAt: future(), user })
    useAuthStore.getState().clearSession('SIGNED_OUT', TOKEN)
    expect(storedAuth()?.state).toMatchObject({ token: null, pendingRevocations: [TOKEN] })
    useAuthStore.getState().settleRevocation(TOKEN)
    expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
  })

  it('counts every sign-in and sign-out in epoch so pages can drop stale responses', () => {
    const start = useAuthStore.getState().epoch
    useAuthStore.getState().setSession({ token: TOKEN, expiresAt: future(), user })
    useAuthStore.getState().clearSession('SESSION_EXPIRED')
    expect(useAuthStore.getState()).toMatchObject({ epoch: start + 2, lastEvent: 'SESSION_EXPIRED' })
  })

  describe('treats corrupt or foreign storage as logged out and removes it', () => {
    const cases: Array<[string, unknown]> = [
      ['text that is not JSON', '{"state": {"token": '],
      ['JSON of the wrong shape', JSON.stringify({ hello: 'world' })],
      ['a JSON string', JSON.stringify('token')],
      ['JSON null', 'null'],
      ['a wrong version with no migration', JSON.stringify({ ...validValue(), version: 99 })],
      ['an expired session', JSON.stringify(validValue({ expiresAt: new Date(Date.now() - 1000).toISOString() }))],
      ['an unparseable expiry', JSON.stringify(validValue({ expiresAt: 'tomorrow' }))],
      ['a user of the wrong shape', JSON.stringify(validValue({ user: { id: 1 } }))],
      ['a token that is not a string', JSON.stringify(validValue({ token: 42 }))],
      ['an object instead of a string', { state: 'x' }],
    ]
    it.each(cases)('%s', (_name, value) => {
      const log = jest.spyOn(console, 'log')
      seedStorage(value)
      expect(() => relaunch()).not.toThrow()
      expect(useAuthStore.getState()).toMatchObject({ token: null, user: null })
      expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
      for (const call of log.mock.calls) expect(JSON.stringify(call)).not.toContain(TOKEN)
    })

    it("WeChat's '' for a missing key", () => {
      expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
      relaunch()
      expect(useAuthStore.getState().token).toBeNull()
    })
  })

  it('keeps a pending revocation found next to an expired session', () => {
    seedStorage(JSON.stringify(validValue({ expiresAt: '2000-01-01T00:00:00Z', pendingRevocations: ['old-token'] })))
    relaunch()
    expect(useAuthStore.getState()).toMatchObject({ token: null, pendingRevocations: ['old-token'] })
  })
})
