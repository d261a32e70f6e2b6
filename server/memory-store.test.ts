import { createMemoryStore } from './memory-store'

function loginInput(n: number, ttlMs: number) {
  return {
    openid: `openid-${n}`,
    sessionKey: `key-${n}`,
    newUser: { id: `u_${n}`, nickname: '微信用户', avatarUrl: `http://127.0.0.1/avatars/u_${n}.svg` },
    ttlMs,
    maxLifetimeMs: 30 * ttlMs,
  }
}

describe('the in-process store', () => {
  it('sweeps out expired sessions nobody shows again, and keeps live ones', async () => {
    let clock = 1_000
    const store = createMemoryStore({ now: () => clock })
    for (let n = 0; n < 5; n++) await store.login(loginInput(n, 1_000))
    const live = await store.login(loginInput(99, 60_000))
    clock += 1_000
    expect(store.sweep()).toBe(5)
    expect(store.size()).toEqual({ users: 6, sessions: 1, tombstones: 5 })
    expect(await store.authenticate(live.token)).toMatchObject({ id: 'u_99' })
    await store.close()
  })

  it('sweeps on its own, every sweep interval', async () => {
    jest.useFakeTimers()
    try {
      const store = createMemoryStore({ sweepIntervalMs: 10_000 })
      for (let n = 0; n < 3; n++) await store.login(loginInput(n, 5_000))
      expect(store.size().sessions).toBe(3)
      jest.advanceTimersByTime(10_000)
      expect(store.size().sessions).toBe(0)
      await store.close()
    } finally {
      jest.useRealTimers()
    }
  })

  it('holds no session after users log out, only their tombstones', async () => {
    const store = createMemoryStore()
    for (let n = 0; n < 100; n++) await store.logout((await store.login(loginInput(n, 60_000))).token)
    expect(store.size()).toEqual({ users: 100, sessions: 0, tombstones: 100 })
    await store.close()
  })

  it('forgets why a token ended once the tombstone TTL has passed', async () => {
    let clock = 1_000
    const store = createMemoryStore({ now: () => clock, tombstoneTtlMs: 5_000 })
    const replaced = await store.login(loginInput(1, 60_000))
    await store.login(loginInput(1, 60_000))
    const loggedOut = await store.login(loginInput(2, 60_000))
    await store.logout(loggedOut.token)
    const expired = await store.login(loginInput(3, 1_000))
    expect(await store.check(replaced.token)).toEqual({ status: 'ended', reason: 'replaced' })
    clock += 1_000
    store.sweep()
    expect(store.size().tombstones).toBe(3)
    clock += 5_000
    store.sweep()
    expect(store.size()).toEqual({ users: 3, sessions: 1, tombstones: 0 })
    for (const token of [replaced.token, loggedOut.token, expired.token]) {
      expect(await store.check(token)).toEqual({ status: 'ended', reason: 'expired' })
    }
    await store.close()
  })
})
