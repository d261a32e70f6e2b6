// The behaviour every session store shares, run against each implementation and Redis topology.
import type { Platform } from '../code-exchange'
import type { SessionStore, User } from '../store'
import { slotTagOf } from '../token'

const HOUR_MS = 60 * 60 * 1000
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{22}\.([A-Za-z0-9_-]{43})$/

/** The user a test login creates for `id`. */
export function newUser(id: string): User {
  return { id, nickname: '微信用户', avatarUrl: `http://127.0.0.1:3000/avatars/${id}.svg` }
}

/** Logs `openid` in on `store`, creating the user `userId` when new. */
export function loginAs(
  store: SessionStore,
  openid: string,
  userId = `u_${openid}`,
  ttlMs = HOUR_MS,
  maxLifetimeMs = 30 * 24 * HOUR_MS,
) {
  return store.login({
    openid,
    sessionKey: `session-key-of-${openid}`,
    newUser: newUser(userId),
    ttlMs,
    maxLifetimeMs,
  })
}

/** Logs `openid` of `platform` in on `store`, creating the user `userId` when new. */
export function loginOn(store: SessionStore, platform: Platform, openid: string, userId: string) {
  return store.login({
    platform,
    openid,
    sessionKey: `session-key-of-${platform}-${openid}`,
    newUser: newUser(userId),
    ttlMs: HOUR_MS,
    maxLifetimeMs: 30 * 24 * HOUR_MS,
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Declares the session store contract's tests; `create` returns an empty store, closed after each test. */
/**
 * Three users' sessions are read through `reader`, then changed through `writer` (a logout, a profile change, a
 * new login; `settle` waits between): `reader` must answer each check with what the writes left.
 */
export async function expectWritesSeen(reader: SessionStore, writer: SessionStore, settle = async () => {}) {
  const alice = await loginAs(reader, 'alice')
  const bob = await loginAs(reader, 'bob')
  const carol = await loginAs(reader, 'carol')
  // Read once by `reader`, so any copy it keeps is of these rows.
  for (const session of [alice, bob, carol]) expect(await reader.authenticate(session.token)).not.toBeNull()
  expect(await writer.logout(alice.token)).toBe(true)
  await writer.updateProfile(bob.token, { nickname: '新昵称' })
  await loginAs(writer, 'carol')
  await settle()
  expect(await reader.check(alice.token)).toEqual({ status: 'ended', reason: 'revoked' })
  expect(await reader.authenticate(bob.token)).toEqual({ ...newUser('u_bob'), nickname: '新昵称' })
  expect(await reader.check(carol.token)).toEqual({ status: 'ended', reason: 'replaced' })
}

export function describeSessionStore(name: string, create: () => Promise<SessionStore>): void {
  describe(name, () => {
    let store: SessionStore
    beforeEach(async () => {
      store = await create()
    })
    afterEach(async () => {
      await store.close()
    })

    it('issues an opaque token with 256 random bits that authenticates its user', async () => {
      const session = await loginAs(store, 'alice')
      const random = TOKEN_FORMAT.exec(session.token)?.[1]
      expect(random && Buffer.from(random, 'base64url')).toHaveLength(32)
      expect(await store.authenticate(session.token)).toEqual(newUser('u_alice'))
    })

    it('creates a user on first login and finds the same user on every later login', async () => {
      const first = await loginAs(store, 'alice', 'u_first')
      const second = await loginAs(store, 'alice', 'u_second')
      expect(first.user.id).toBe('u_first')
      expect(second.user).toEqual(first.user)
    })

    it('keeps different WeChat users apart', async () => {
      const alice = await loginAs(store, 'alice')
      const bob = await loginAs(store, 'bob')
      expect((await store.authenticate(alice.token))?.id).toBe('u_alice')
      expect((await store.authenticate(bob.token))?.id).toBe('u_bob')
    })

    it("revokes a user's previous token when they log in again (single sign-on)", async () => {
      const phone = await loginAs(store, 'alice')
      const tablet = await loginAs(store, 'alice')
      expect(await store.authenticate(phone.token)).toBeNull()
      expect(await store.authenticate(tablet.token)).not.toBeNull()
    })

    it('leaves other users signed in when one user logs in again', async () => {
      const bob = await loginAs(store, 'bob')
      await loginAs(store, 'alice')
      await loginAs(store, 'alice')
      expect(await store.authenticate(bob.token)).not.toBeNull()
    })

    it('revokes a token on logout and refuses to log it out twice', async () => {
      const { token } = await loginAs(store, 'alice')
      expect(await store.logout(token)).toBe(true)
      expect(await store.authenticate(token)).toBeNull()
      expect(await store.logout(token)).toBe(false)
    })

    it("does not let a revoked token log out the user's newer session", async () => {
      const old = await loginAs(store, 'alice')
      const current = await loginAs(store, 'alice')
      expect(await store.logout(old.token)).toBe(false)
      expect(await store.authenticate(current.token)).not.toBeNull()
    })

    it('rejects tokens it never issued, including forged ones aimed at a real user', async () => {
      const { token } = await loginAs(store, 'alice')
      const forged = `${slotTagOf(token)}.${'A'.repeat(43)}`
      for (const candidate of [forged, 'not-a-token', '', `${token}x`, token.toUpperCase()]) {
        expect(await store.authenticate(candidate)).toBeNull()
        expect(await store.logout(candidate)).toBe(false)
      }
      expect(await store.authenticate(token)).not.toBeNull()
    })

    it('expires a token after its TTL', async () => {
      const { token, expiresAtMs } = await loginAs(store, 'alice', 'u_alice', 150)
      expect(expiresAtMs).toBeGreaterThan(Date.now())
      expect(await store.authenticate(token)).not.toBeNull()
      await sleep(400)
      expect(await store.authenticate(token)).toBeNull()
      expect(await store.logout(token)).toBe(false)
    })

    it('leaves exactly one valid token after 200 concurrent logins of one user', async () => {
      const sessions = await Promise.all(Array.from({ length: 200 }, () => loginAs(store, 'alice')))
      const valid = await Promise.all(sessions.map((session) => store.authenticate(session.token)))
      expect(valid.filter(Boolean)).toHaveLength(1)
      expect(new Set(sessions.map((session) => session.user.id))).toEqual(new Set(['u_alice']))
    })

    it("changes the nickname and avatar of the token's user and keeps them across logins", async () => {
      const { token } = await loginAs(store, 'alice')
      const changed = await store.updateProfile(token, { nickname: '小明', avatarUrl: 'http://x.test/a.png' })
      expect(changed).toEqual({ id: 'u_alice', nickname: '小明', avatarUrl: 'http://x.test/a.png' })
      const again = await loginAs(store, 'alice', 'u_other')
      expect(again.user).toEqual(changed)
      expect(await store.authenticate(again.token)).toEqual(changed)
    })

    it('keeps fields a change leaves out', async () => {
      const { token } = await loginAs(store, 'alice')
      await store.updateProfile(token, { nickname: '小明' })
      const changed = await store.updateProfile(token, { avatarUrl: 'http://x.test/b.png' })
      expect(changed).toMatchObject({ nickname: '小明', avatarUrl: 'http://x.test/b.png' })
    })

    it('stores a phone number and returns only its masked form', async () => {
      const { token } = await loginAs(store, 'alice')
      const changed = await store.updateProfile(token, { phone: { number: '13812345678', masked: '138****5678' } })
      expect(changed?.phone).toBe('138****5678')
      const again = await loginAs(store, 'alice')
      expect(again.user.phone).toBe('138****5678')
      expect(JSON.stringify(await store.authenticate(again.token))).not.toContain('13812345678')
    })

    it('refuses profile changes with a replaced, logged-out, forged or unknown token and changes nothing', async () => {
      const old = await loginAs(store, 'alice')
      const current = await loginAs(store, 'alice')
      const loggedOut = await loginAs(store, 'bob')
      await store.logout(loggedOut.token)
      const forged = `${slotTagOf(current.token)}.${'A'.repeat(43)}`
      for (const candidate of [old.token, loggedOut.token, forged, 'not-a-token']) {
        expect(await store.updateProfile(candidate, { nickname: '坏人' })).toBeNull()
      }
      expect((await store.authenticate(current.token))?.nickname).toBe('微信用户')
      expect((await loginAs(store, 'bob')).user.nickname).toBe('微信用户')
    })

    it("tells the platform and openid of a live token's user, and nothing for an ended or forged one", async () => {
      const old = await loginAs(store, 'alice')
      const current = await loginAs(store, 'alice')
      const loggedOut = await loginAs(store, 'bob')
      await store.logout(loggedOut.token)
      expect(await store.identityOf(current.token)).toEqual({ platform: 'wechat', openid: 'alice' })
      expect(await store.identityOf(old.token)).toBeNull()
      expect(await store.identityOf(loggedOut.token)).toBeNull()
      expect(await store.identityOf(`${slotTagOf(current.token)}.${'A'.repeat(43)}`)).toBeNull()
    })

    it('keeps users of two platforms with the same openid string apart: two users, two sessions', async () => {
      const wechat = await loginOn(store, 'wechat', 'same-openid', 'u_wechat')
      const alipay = await loginOn(store, 'alipay', 'same-openid', 'u_alipay')
      const douyin = await loginOn(store, 'douyin', 'same-openid', 'u_douyin')
      expect([wechat.user.id, alipay.user.id, douyin.user.id]).toEqual(['u_wechat', 'u_alipay', 'u_douyin'])
      // Single sign-on is per user: one platform's login replaces none of the others' sessions.
      for (const [session, platform] of [
        [wechat, 'wechat'],
        [alipay, 'alipay'],
        [douyin, 'douyin'],
      ] as const) {
        expect(await store.check(session.token)).toMatchObject({ status: 'valid', platform, user: session.user })
        expect(await store.identityOf(session.token)).toEqual({ platform, openid: 'same-openid' })
      }
      const again = await loginOn(store, 'alipay', 'same-openid', 'u_other')
      expect(again.user.id).toBe('u_alipay')
      expect(await store.check(alipay.token)).toEqual({ status: 'ended', reason: 'replaced' })
      expect(await store.authenticate(wechat.token)).toEqual(wechat.user)
      expect(await store.authenticate(douyin.token)).toEqual(douyin.user)
    })

    it('counts a login without a platform as a WeChat login', async () => {
      const implicit = await loginAs(store, 'alice', 'u_alice')
      const explicit = await loginOn(store, 'wechat', 'alice', 'u_other')
      expect(explicit.user.id).toBe('u_alice')
      expect(await store.check(implicit.token)).toEqual({ status: 'ended', reason: 'replaced' })
    })

    it('says a token replaced by a newer login of its user was replaced', async () => {
      const phone = await loginAs(store, 'alice')
      await loginAs(store, 'alice')
      expect(await store.check(phone.token)).toEqual({ status: 'ended', reason: 'replaced' })
      expect(await store.revoke(phone.token)).toEqual({ status: 'ended', reason: 'replaced' })
    })

    it('says a logged-out token was revoked, and refuses to revoke it again', async () => {
      const { token } = await loginAs(store, 'alice')
      expect(await store.revoke(token)).toEqual({ status: 'revoked' })
      expect(await store.check(token)).toEqual({ status: 'ended', reason: 'revoked' })
      expect(await store.revoke(token)).toEqual({ status: 'ended', reason: 'revoked' })
    })

    it('still says a logged-out token was revoked after its user logs in again, and after a second logout', async () => {
      const first = await loginAs(store, 'alice')
      await store.revoke(first.token)
      const second = await loginAs(store, 'alice')
      expect(await store.check(first.token)).toEqual({ status: 'ended', reason: 'revoked' })
      await store.revoke(second.token)
      await loginAs(store, 'alice')
      expect(await store.check(first.token)).toEqual({ status: 'ended', reason: 'revoked' })
      expect(await store.check(second.token)).toEqual({ status: 'ended', reason: 'revoked' })
    })

    it('says a token past its lifetime expired, and so is any token it never issued', async () => {
      const { token } = await loginAs(store, 'alice', 'u_alice', 150)
      const forged = `${slotTagOf(token)}.${'B'.repeat(43)}`
      await sleep(400)
      expect(await store.check(token)).toEqual({ status: 'ended', reason: 'expired' })
      expect(await store.revoke(token)).toEqual({ status: 'ended', reason: 'expired' })
      for (const unknown of [forged, 'not-a-token']) {
        expect(await store.check(unknown)).toEqual({ status: 'ended', reason: 'expired' })
      }
    })

    it('answers each check with what the last write left, for sessions read just before it', async () => {
      await expectWritesSeen(store, store)
    })

    it("reveals nothing of another user's ended tokens: a forged token of a replaced user reads as expired", async () => {
      const old = await loginAs(store, 'alice')
      await loginAs(store, 'alice')
      const forged = `${slotTagOf(old.token)}.${'C'.repeat(43)}`
      expect(await store.check(forged)).toEqual({ status: 'ended', reason: 'expired' })
    })

    it('keeps a valid token as it is during the first half of its lifetime', async () => {
      const session = await loginAs(store, 'alice', 'u_alice', HOUR_MS)
      const first = await store.check(session.token)
      expect(first).toEqual({
        status: 'valid',
        user: newUser('u_alice'),
        platform: 'wechat',
        expiresAtMs: session.expiresAtMs,
        renewableUntilMs: expect.any(Number),
      })
    })

    it('says how long renewals can keep a session: its login time plus the maximum lifetime, in the same check', async () => {
      const before = Date.now()
      const session = await loginAs(store, 'alice', 'u_alice', HOUR_MS, 5 * HOUR_MS)
      const after = Date.now()
      const first = await store.check(session.token)
      if (first.status !== 'valid') throw new Error(`expected a valid session, got ${JSON.stringify(first)}`)
      expect(first.renewableUntilMs).toBeGreaterThanOrEqual(before + 5 * HOUR_MS)
      expect(first.renewableUntilMs).toBeLessThanOrEqual(after + 5 * HOUR_MS)
      expect(await store.check(session.token)).toMatchObject({ renewableUntilMs: first.renewableUntilMs })
      const other = await loginAs(store, 'bob', 'u_bob', HOUR_MS, HOUR_MS / 2)
      // A maximum shorter than one lifetime still leaves that lifetime.
      expect(await store.check(other.token)).toMatchObject({ renewableUntilMs: other.expiresAtMs })
    })

    // Real time, so Redis's own key expiry is part of the test; the windows leave a busy machine a second.
    it('renews a token used after half of its lifetime to a full lifetime from now', async () => {
      const session = await loginAs(store, 'alice', 'u_alice', 3000)
      await sleep(2000)
      const before = Date.now()
      const renewed = await store.check(session.token)
      if (renewed.status !== 'valid') throw new Error(`expected a valid session, got ${JSON.stringify(renewed)}`)
      expect(renewed.expiresAtMs).toBeGreaterThanOrEqual(before + 3000)
      // Past the original expiry, the token still works: the renewal was stored, not only reported.
      await sleep(1500)
      expect(await store.authenticate(session.token)).toEqual(newUser('u_alice'))
    })

    it('never renews a token past its absolute maximum lifetime', async () => {
      const session = await loginAs(store, 'alice', 'u_alice', 2000, 3000)
      await sleep(1100)
      const renewed = await store.check(session.token)
      if (renewed.status !== 'valid') throw new Error(`expected a valid session, got ${JSON.stringify(renewed)}`)
      expect(renewed.expiresAtMs).toBeLessThanOrEqual(session.expiresAtMs - 2000 + 3000)
      expect(renewed.expiresAtMs).toBeGreaterThan(session.expiresAtMs)
      await sleep(2000)
      expect(await store.check(session.token)).toEqual({ status: 'ended', reason: 'expired' })
    })

    it('reports itself healthy: reachable and accepting writes', async () => {
      expect(await store.ping()).toBe(true)
    })
  })
}
