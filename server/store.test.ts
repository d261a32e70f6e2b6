import { createMemoryStore } from './memory-store'
import { createRedisStore, type RedisSessionStore, sessionKey, userKey } from './redis-store'
import { createSqliteStore } from './sqlite-store'
import type { SessionStore, User } from './store'
import { startRedis, type TestRedis } from './test/redis-server'
import { tempSqlitePath } from './test/sqlite-file'
import { slotTagFor, slotTagOf } from './token'

const HOUR_MS = 60 * 60 * 1000
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{22}\.([A-Za-z0-9_-]{43})$/

function newUser(id: string): User {
  return { id, nickname: '微信用户', avatarUrl: `http://127.0.0.1:3000/avatars/${id}.svg` }
}

function loginAs(store: SessionStore, openid: string, userId = `u_${openid}`, ttlMs = HOUR_MS) {
  return store.login({ openid, sessionKey: `session-key-of-${openid}`, newUser: newUser(userId), ttlMs })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let redis: TestRedis
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

async function freshRedisStore(): Promise<RedisSessionStore> {
  const store = createRedisStore({ url: redis.url })
  if (!(await store.ready(5000))) throw new Error('test Redis not reachable')
  await store.client.flushall()
  return store
}

describe.each([
  ['memory', async (): Promise<SessionStore> => createMemoryStore()],
  ['sqlite', async (): Promise<SessionStore> => createSqliteStore({ path: tempSqlitePath() })],
  ['redis', freshRedisStore],
])('the %s session store', (_kind, create) => {
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

  it('leaves exactly one valid token after 100 concurrent logins of one user', async () => {
    const sessions = await Promise.all(Array.from({ length: 100 }, () => loginAs(store, 'alice')))
    const valid = await Promise.all(sessions.map((session) => store.authenticate(session.token)))
    expect(valid.filter(Boolean)).toHaveLength(1)
    expect(new Set(sessions.map((session) => session.user.id))).toEqual(new Set(['u_alice']))
  })

  it('answers ping', async () => {
    expect(await store.ping()).toBe(true)
    expect(store.kind).toBe(_kind)
  })
})

describe('the redis session store layout', () => {
  let store: RedisSessionStore
  beforeEach(async () => {
    store = await freshRedisStore()
  })
  afterEach(async () => {
    await store.close()
  })

  it("keeps each user's keys in one hash slot, the slot the token names", async () => {
    const { token } = await loginAs(store, 'alice')
    const tag = slotTagFor('alice')
    expect(slotTagOf(token)).toBe(tag)
    expect((await store.client.keys('*')).sort()).toEqual([sessionKey(tag), userKey(tag)].sort())
    expect(userKey(tag)).toContain(`{u:${tag}}`)
    expect(sessionKey(tag)).toContain(`{u:${tag}}`)
  })

  it('keeps the session_key server-side and a hash of the token, never the token itself', async () => {
    const { token } = await loginAs(store, 'alice')
    const session = await store.client.hgetall(sessionKey(slotTagFor('alice')))
    expect(session.sessionKey).toBe('session-key-of-alice')
    expect(Object.values(session)).not.toContain(token)
    const user = await store.client.hgetall(userKey(slotTagFor('alice')))
    expect(user).toMatchObject({ openid: 'alice', id: 'u_alice', nickname: '微信用户' })
  })

  it('lets the session key expire with the token', async () => {
    await loginAs(store, 'alice', 'u_alice', HOUR_MS)
    const ttl = await store.client.pttl(sessionKey(slotTagFor('alice')))
    expect(ttl).toBeGreaterThan(HOUR_MS - 5000)
    expect(ttl).toBeLessThanOrEqual(HOUR_MS)
    expect(await store.client.pttl(userKey(slotTagFor('alice')))).toBe(-1)
  })

  it('sends login, authenticate and logout to Redis as one script call each', async () => {
    const sent = jest.spyOn(store.client, 'sendCommand')
    const commands = () => sent.mock.calls.map(([command]) => command.name)
    const { token } = await loginAs(store, 'alice')
    await store.authenticate(token)
    await store.logout(token)
    // EVAL the first time a connection runs a script, EVALSHA after: one round trip either way.
    expect(commands()).toHaveLength(3)
    for (const name of commands()) expect(name).toMatch(/^eval(sha)?$/)
    await loginAs(store, 'alice')
    expect(commands()).toHaveLength(4)
    expect(commands()[3]).toBe('evalsha')
  })
})
