import Taro from '@tarojs/taro'
import { relaunch, resetApp, seedStorage, storedAuth } from '../../tests/jest/app-kit'
import { AUTH_STORAGE_KEY, AUTH_STORAGE_VERSION, MAX_PENDING_REVOCATIONS, useAuthStore } from './auth-store'

const user = { id: 'u1', nickname: '微信用户', avatarUrl: 'https://avatar.test/u1.png' }
const future = () => new Date(Date.now() + 60_000).toISOString()
/** A token of the contract's shape: a 22-character user tag, a dot, 43 characters of randomness. */
function tokenOf(letter: string): string {
  return `${'u'.repeat(22)}.${letter.repeat(43)}`
}
const TOKEN = tokenOf('a')

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
    useAuthStore.getState().setRunning('loggingIn', true)
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
      ['a wrong version with no token in it', JSON.stringify({ state: { hello: 'world' }, version: 99 })],
      ['a token that is not a string', JSON.stringify(validValue({ token: 42 }))],
      ['a token with a space in it', JSON.stringify(validValue({ token: `${TOKEN.slice(0, 30)} ${TOKEN.slice(31)}` }))],
      ['a 20 KB token', JSON.stringify(validValue({ token: 'a'.repeat(20_000) }))],
      ['an empty token', JSON.stringify(validValue({ token: '' }))],
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

  it('keeps a session the device clock calls expired: the server decides when it ends', () => {
    seedStorage(JSON.stringify(validValue({ expiresAt: '2000-01-01T00:00:00Z' })))
    relaunch()
    expect(useAuthStore.getState()).toMatchObject({ token: TOKEN, user })
  })

  describe('queues the token of a session dropped for its shape, so it never stays valid unseen', () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['a user of the wrong shape', { user: { id: 1 } }],
      ['no user', { user: null }],
      ['an expiry that is not a string', { expiresAt: 42 }],
    ]
    it.each(cases)('%s', (_name, overrides) => {
      seedStorage(JSON.stringify(validValue({ ...overrides, pendingRevocations: [tokenOf('b')] })))
      relaunch()
      expect(useAuthStore.getState()).toMatchObject({ token: null, user: null })
      expect(useAuthStore.getState().pendingRevocations).toEqual([tokenOf('b'), TOKEN])
      expect(storedAuth()?.state).toMatchObject({ token: null, pendingRevocations: [tokenOf('b'), TOKEN] })
    })
  })

  describe('queues the tokens found in a value it cannot read at all', () => {
    const full = JSON.stringify(validValue({ pendingRevocations: [tokenOf('b')] }))
    const cases: Array<[string, string, string[]]> = [
      [
        'another version',
        JSON.stringify({ ...validValue({ pendingRevocations: [tokenOf('b')] }), version: 99 }),
        [TOKEN, tokenOf('b')],
      ],
      ['text cut off mid-write', full.slice(0, full.indexOf('"user"')), [TOKEN]],
    ]
    it.each(cases)('%s', (_name, text, tokens) => {
      seedStorage(text)
      relaunch()
      expect(useAuthStore.getState()).toMatchObject({ token: null, user: null })
      expect([...useAuthStore.getState().pendingRevocations].sort()).toEqual([...tokens].sort())
    })
  })

  it('reads at most the newest pending revocations, well-formed and once each, and stores what it kept', () => {
    const letters = 'bcdefghijklmnopqrstvwxyz'.split('')
    const queued = [...letters.map(tokenOf), tokenOf('z'), 'not a token', 'x'.repeat(20_000), 42]
    seedStorage(JSON.stringify(validValue({ pendingRevocations: queued })))
    relaunch()
    const kept = letters.slice(-MAX_PENDING_REVOCATIONS).map(tokenOf)
    expect(useAuthStore.getState().pendingRevocations).toEqual(kept)
    expect(storedAuth()?.state.pendingRevocations).toEqual(kept)
  })

  it('queues the token a new session replaces', () => {
    useAuthStore.getState().setSession({ token: TOKEN, expiresAt: future(), user })
    useAuthStore.getState().setSession({ token: tokenOf('b'), expiresAt: future(), user })
    expect(useAuthStore.getState().pendingRevocations).toEqual([TOKEN])
  })

  it('updates the cached user without a new epoch, and only while signed in', () => {
    useAuthStore.getState().setSession({ token: TOKEN, expiresAt: future(), user })
    const { epoch } = useAuthStore.getState()
    useAuthStore.getState().updateUser({ ...user, nickname: '新昵称' })
    expect(useAuthStore.getState()).toMatchObject({ epoch, user: { ...user, nickname: '新昵称' } })
    expect(storedAuth()?.state.user).toEqual({ ...user, nickname: '新昵称' })
    useAuthStore.getState().clearSession('SIGNED_OUT')
    useAuthStore.getState().updateUser(user)
    expect(useAuthStore.getState().user).toBeNull()
  })

  it('writes storage only when the persisted state changes', () => {
    const write = jest.spyOn(Taro, 'setStorageSync')
    const remove = jest.spyOn(Taro, 'removeStorageSync')
    useAuthStore.getState().setRunning('loggingIn', true)
    useAuthStore.getState().setRunning('loggingIn', false)
    expect([write.mock.calls.length, remove.mock.calls.length]).toEqual([0, 0])
    useAuthStore.getState().setSession({ token: TOKEN, expiresAt: future(), user })
    useAuthStore.getState().setRunning('loggingOut', true)
    useAuthStore.getState().updateUser({ ...user })
    useAuthStore.getState().setRunning('loggingOut', false)
    expect([write.mock.calls.length, remove.mock.calls.length]).toEqual([1, 0])
  })

  it('removes the stored value when a write fails, so a logout on a full storage cannot bring the session back', () => {
    useAuthStore.getState().setSession({ token: TOKEN, expiresAt: future(), user })
    expect(storedAuth()?.state.token).toBe(TOKEN)
    jest.spyOn(Taro, 'setStorageSync').mockImplementation(() => {
      throw new Error('setStorageSync:fail exceed storage max size 10Mb')
    })
    useAuthStore.getState().clearSession('SIGNED_OUT', TOKEN)
    expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
    // This run still knows what to revoke.
    expect(useAuthStore.getState().pendingRevocations).toEqual([TOKEN])
    relaunch()
    expect(useAuthStore.getState().token).toBeNull()
  })
})
