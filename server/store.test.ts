import calculateSlot from 'cluster-key-slot'
import { createMemoryStore } from './memory-store'
import {
  createRedisStore,
  healthKey,
  type RedisSessionStore,
  sessionKey,
  tombstoneKeyPrefix,
  userKey,
} from './redis-store'
import { createSqliteStore } from './sqlite-store'
import { bearer, login, testServer } from './test/harness'
import { flushRedis, redisKeys } from './test/redis-data'
import { startRedis, type TestRedis } from './test/redis-server'
import { tempSqlitePath } from './test/sqlite-file'
import { describeSessionStore, loginAs, loginOn } from './test/store-contract'
import { hashToken, slotTagFor, slotTagOf } from './token'

const HOUR_MS = 60 * 60 * 1000
const TOMBSTONE_TTL_MS = 10 * 60 * 1000

let redis: TestRedis
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

async function freshRedisStore(tombstoneTtlMs?: number): Promise<RedisSessionStore> {
  // Hundreds of concurrent scripts can take seconds on a busy CI machine.
  const store = createRedisStore({
    url: redis.url,
    commandTimeoutMs: 5000,
    ...(tombstoneTtlMs === undefined ? {} : { tombstoneTtlMs }),
  })
  if (!(await store.ready(5000))) throw new Error('test Redis not reachable')
  await flushRedis(store.client)
  return store
}

describeSessionStore('the memory session store', async () => createMemoryStore())
describeSessionStore('the SQLite session store', async () => createSqliteStore({ path: tempSqlitePath() }))
describeSessionStore('the Redis session store on one server', () => freshRedisStore())

describe('the redis session store layout', () => {
  let store: RedisSessionStore
  beforeEach(async () => {
    store = await freshRedisStore(TOMBSTONE_TTL_MS)
  })
  afterEach(async () => {
    await store.close()
  })

  it("keeps each user's keys in one hash slot, the slot the token names", async () => {
    const { token } = await loginAs(store, 'alice')
    const tag = slotTagFor('alice')
    expect(slotTagOf(token)).toBe(tag)
    expect(await redisKeys(store.client)).toEqual([sessionKey(tag), userKey(tag)].sort())
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

  it('lets the session key, session_key included, expire with the token: an unknown token reads as expired', async () => {
    await loginAs(store, 'alice', 'u_alice', HOUR_MS)
    const ttl = await store.client.pttl(sessionKey(slotTagFor('alice')))
    expect(ttl).toBeGreaterThan(HOUR_MS - 5000)
    expect(ttl).toBeLessThanOrEqual(HOUR_MS)
    expect(await store.client.pttl(userKey(slotTagFor('alice')))).toBe(-1)
  })

  it('proves its health with a write that expires, not with a PING', async () => {
    expect(await store.ping()).toBe(true)
    const ttl = await store.client.pttl(healthKey('0'))
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(60_000)
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

  it('answers GET /auth/session with one script call: validation, renewal and the details together', async () => {
    const { app } = testServer({ store })
    const { token } = await login(app, 'code-1')
    const sent = jest.spyOn(store.client, 'sendCommand')
    const response = await app.inject({ url: '/auth/session', headers: bearer(token) })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ renewableUntil: expect.any(String), user: { nickname: '微信用户' } })
    expect(sent.mock.calls.map(([command]) => command.name)).toEqual([expect.stringMatching(/^eval(sha)?$/)])
  })

  it("keeps a replaced or logged-out token's tombstone in the user's slot, by hash, with a TTL", async () => {
    const tag = slotTagFor('alice')
    const replaced = await loginAs(store, 'alice')
    const current = await loginAs(store, 'alice')
    await store.logout(current.token)
    const keys = await redisKeys(store.client)
    const tombstones = keys.filter((key) => key.startsWith(tombstoneKeyPrefix(tag)))
    expect(tombstones.sort()).toEqual(
      [
        `${tombstoneKeyPrefix(tag)}${hashToken(replaced.token)}`,
        `${tombstoneKeyPrefix(tag)}${hashToken(current.token)}`,
      ].sort(),
    )
    for (const key of tombstones) {
      expect(calculateSlot(key)).toBe(calculateSlot(userKey(tag)))
      expect(await store.client.pttl(key)).toBeGreaterThan(0)
      expect(await store.client.pttl(key)).toBeLessThanOrEqual(TOMBSTONE_TTL_MS)
      expect(await store.client.get(key)).not.toContain(replaced.token)
    }
  })

  it('renews, says why a token ended, and leaves tombstones in one script call each, as before', async () => {
    const sent = jest.spyOn(store.client, 'sendCommand')
    const commands = () => sent.mock.calls.map(([command]) => command.name)
    const young = await loginAs(store, 'alice', 'u_alice', 300)
    await store.check(young.token)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const renewed = await store.check(young.token)
    expect(renewed).toMatchObject({ status: 'valid' })
    await loginAs(store, 'alice')
    expect(await store.check(young.token)).toEqual({ status: 'ended', reason: 'replaced' })
    expect(await store.revoke(young.token)).toEqual({ status: 'ended', reason: 'replaced' })
    // login, check (fresh), check (renewing), login (replacing), check (tombstone), revoke (tombstone).
    expect(commands()).toHaveLength(6)
    for (const name of commands()) expect(name).toMatch(/^eval(sha)?$/)
  })

  it("keeps a user's platform in their hash, and reads a hash without one (an older WeChat user's) as WeChat's", async () => {
    const alipay = await loginOn(store, 'alipay', 'alice', 'u_alipay')
    expect(await store.client.hget(userKey(slotTagFor('alice', 'alipay')), 'platform')).toBe('alipay')
    // A WeChat user stored before there were other platforms: same key, no platform field.
    const tag = slotTagFor('alice')
    await store.client.hset(userKey(tag), { openid: 'alice', id: 'u_old', nickname: '老用户', avatarUrl: 'http://a/b' })
    const old = await loginOn(store, 'wechat', 'alice', 'u_new')
    expect(old.user).toEqual({ id: 'u_old', nickname: '老用户', avatarUrl: 'http://a/b' })
    expect(await store.client.hget(userKey(tag), 'platform')).toBeNull()
    expect(await store.check(old.token)).toMatchObject({ status: 'valid', platform: 'wechat' })
    expect(await store.identityOf(old.token)).toEqual({ platform: 'wechat', openid: 'alice' })
    expect(await store.check(alipay.token)).toMatchObject({ status: 'valid', platform: 'alipay' })
  })

  it('logs a user of any platform in with one script call, as before', async () => {
    const sent = jest.spyOn(store.client, 'sendCommand')
    const { token } = await loginOn(store, 'douyin', 'dora', 'u_dora')
    await store.check(token)
    await store.identityOf(token)
    expect(sent.mock.calls.map(([command]) => command.name)).toHaveLength(3)
  })

  it('keeps working after Redis forgets its scripts (NOSCRIPT is answered by sending the script again)', async () => {
    const before = await loginAs(store, 'alice')
    await store.client.script('FLUSH')
    const after = await loginAs(store, 'alice')
    expect(await store.authenticate(before.token)).toBeNull()
    expect(await store.authenticate(after.token)).not.toBeNull()
    await store.client.script('FLUSH')
    expect(await store.logout(after.token)).toBe(true)
  })
})
