import calculateSlot from 'cluster-key-slot'
import { Cluster } from 'ioredis'
import { isPlatform, type Platform } from './code-exchange'
import { StoreUnavailableError } from './errors'
import { createRedisClient, type RedisClient } from './redis-client'
import type { RedisTopology } from './redis-config'
import { describeRedisError, type RedisFailure, storeUnavailable } from './redis-errors'
import {
  AUTHENTICATE_LUA,
  defineScript,
  IDENTITY_LUA,
  LOGIN_LUA,
  LOGOUT_LUA,
  UPDATE_PROFILE_LUA,
} from './redis-scripts'
import {
  type EndReason,
  type IssuedSession,
  type LoginInput,
  type PlatformUser,
  type ProfileChanges,
  type RevokeResult,
  SESSION_TOMBSTONE_TTL_MS,
  type SessionCheck,
  type SessionStore,
  sessionShortcuts,
  type User,
} from './store'
import { hashToken, issueToken, slotTagFor, slotTagOf } from './token'

/** Key prefix of every key the session store writes. */
export const REDIS_KEY_PREFIX = 'miniauth'

/** The hash holding a user's profile and openid; the `{u:<tag>}` hash tag keeps a user's keys in one slot. */
export function userKey(slotTag: string): string {
  return `${REDIS_KEY_PREFIX}:{u:${slotTag}}:user`
}

/** The hash holding a user's one session (token hash, session_key, expiry), with a TTL. */
export function sessionKey(slotTag: string): string {
  return `${REDIS_KEY_PREFIX}:{u:${slotTag}}:session`
}

/** Prefix of the tombstone keys of a user's ended tokens: the reason one ended, under its hash, with a TTL. */
export function tombstoneKeyPrefix(slotTag: string): string {
  return `${REDIS_KEY_PREFIX}:{u:${slotTag}}:ended:`
}

/** Options of the Redis store. */
export type RedisStoreOptions = (
  | {
      /** `redis://` or `rediss://` URL of one server. */
      url: string
    }
  | {
      /** One server, a Sentinel-managed primary or a Cluster (`readRedisTopology`). */
      topology: RedisTopology
    }
) & {
  /** Called when the connection comes up or goes down (not on every failed reconnect); never with arguments. */
  onStatus?: (status: 'up' | 'down', failure?: RedisFailure) => void
  /** How long one command may take before the store counts as unavailable. */
  commandTimeoutMs?: number
  /** How long the reason a token ended is remembered. */
  tombstoneTtlMs?: number
}

/** The Redis session store, with its client (shared with the login rate limiter). */
export interface RedisSessionStore extends SessionStore {
  /** The ioredis client (`Redis`, or `Cluster` for a cluster). */
  readonly client: RedisClient
  /** Resolves true once connected, false when `timeoutMs` passes first. */
  ready(timeoutMs: number): Promise<boolean>
}

/** The key `/health` writes to prove the store accepts writes; `{health:<n>}` picks the slot on a Cluster. */
export function healthKey(hashTag: string): string {
  return `${REDIS_KEY_PREFIX}:{health:${hashTag}}`
}

const HEALTH_KEY_TTL_MS = 60_000
const RECONNECT_AFTER_END_MS = 500

/**
 * The Redis session store: login, authenticate and logout are each one Lua script, one round trip.
 * Every failure (unreachable, timed out, READONLY, MOVED, OOM, LOADING, any reply error) rejects with
 * `StoreUnavailableError` (503) described without the command's arguments; the client reconnects by itself.
 */
export function createRedisStore(options: RedisStoreOptions): RedisSessionStore {
  const topology: RedisTopology = 'topology' in options ? options.topology : { kind: 'single', url: options.url }
  const client = createRedisClient(topology, { commandTimeoutMs: options.commandTimeoutMs ?? 1000 })
  let up = false
  let closing = false
  client.on('ready', () => {
    up = true
    options.onStatus?.('up')
  })
  // Without an 'error' listener ioredis prints every failed reconnect; only the transition is reported.
  client.on('error', (error: unknown) => {
    if (!up) return
    up = false
    options.onStatus?.('down', describeRedisError(error))
  })
  client.on('close', () => {
    if (!up) return
    up = false
    options.onStatus?.('down')
  })

  // ioredis can give a connection up for good when a failover interrupts its reconnection (Sentinel's
  // +switch-master arriving mid-connect ends it with "Connection is closed."): until closed, keep trying.
  client.on('end', () => {
    if (closing) return
    setTimeout(() => {
      if (!closing && client.status === 'end') client.connect().catch(() => {})
    }, RECONNECT_AFTER_END_MS).unref()
  })

  const login = defineScript(client, 'miniauthLogin', 2, LOGIN_LUA)
  const authenticate = defineScript(client, 'miniauthAuthenticate', 3, AUTHENTICATE_LUA)
  const logout = defineScript(client, 'miniauthLogout', 2, LOGOUT_LUA)
  const tombstoneTtlMs = options.tombstoneTtlMs ?? SESSION_TOMBSTONE_TTL_MS
  const updateProfile = defineScript(client, 'miniauthUpdateProfile', 2, UPDATE_PROFILE_LUA)
  const identity = defineScript(client, 'miniauthIdentity', 2, IDENTITY_LUA)
  const healthKeys = healthKeysFor(client)

  async function run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      throw storeUnavailable(error, operation)
    }
  }

  async function check(token: string): Promise<SessionCheck> {
    const tag = slotTagOf(token)
    if (tag === null) return { status: 'ended', reason: 'expired' }
    const tokenHash = hashToken(token)
    const reply = await run('authenticate', () =>
      authenticate([sessionKey(tag), userKey(tag), `${tombstoneKeyPrefix(tag)}${tokenHash}`], [tokenHash, Date.now()]),
    )
    if (!Array.isArray(reply)) throw new StoreUnavailableError(new Error('authenticate: the script returned no list'))
    const [status, first, maxAt, ...fields] = reply as unknown[]
    const user = status === 'valid' ? toUser(fields) : null
    const platform = toPlatform(fields[4])
    const expiresAtMs = Number(first)
    // A session written before maximum lifetimes existed has none and is never renewed: it lasts until it expires.
    const renewableUntilMs = Math.max(expiresAtMs, Number(maxAt ?? 0))
    if (user && platform && Number.isSafeInteger(expiresAtMs) && Number.isSafeInteger(renewableUntilMs))
      return { status: 'valid', user, platform, expiresAtMs, renewableUntilMs }
    return { status: 'ended', reason: toReason(first) }
  }

  async function revoke(token: string): Promise<RevokeResult> {
    const tag = slotTagOf(token)
    if (tag === null) return { status: 'ended', reason: 'expired' }
    const tokenHash = hashToken(token)
    const reply = await run('logout', () =>
      logout([sessionKey(tag), `${tombstoneKeyPrefix(tag)}${tokenHash}`], [tokenHash, Date.now(), tombstoneTtlMs]),
    )
    return reply === 1 ? { status: 'revoked' } : { status: 'ended', reason: toReason(reply) }
  }

  return {
    kind: 'redis',
    client,
    async login(input: LoginInput): Promise<IssuedSession> {
      const platform = input.platform ?? 'wechat'
      const tag = slotTagFor(input.openid, platform)
      const token = issueToken(tag)
      const now = Date.now()
      const expiresAtMs = now + input.ttlMs
      const maxExpiresAtMs = now + Math.max(input.ttlMs, input.maxLifetimeMs)
      const { id, nickname, avatarUrl } = input.newUser
      const fields = await run('login', () =>
        login(
          [userKey(tag), sessionKey(tag)],
          [
            input.openid,
            id,
            nickname,
            avatarUrl,
            hashToken(token),
            input.sessionKey,
            expiresAtMs,
            input.ttlMs,
            now,
            maxExpiresAtMs,
            tombstoneTtlMs,
            tombstoneKeyPrefix(tag),
            platform,
          ],
        ),
      )
      const user = toUser(fields)
      // Only a store holding something else under the user's key answers this; no token may leave with it.
      if (!user) throw new StoreUnavailableError(new Error('login: the script returned no user'))
      return { token, expiresAtMs, user }
    },
    ...sessionShortcuts(check, revoke),
    async identityOf(token: string): Promise<PlatformUser | null> {
      const tag = slotTagOf(token)
      if (tag === null) return null
      const found = await run('identityOf', () => identity([sessionKey(tag), userKey(tag)], [hashToken(token)]))
      const [openid, platform] = Array.isArray(found) ? (found as unknown[]) : []
      const known = toPlatform(platform)
      return typeof openid === 'string' && known ? { platform: known, openid } : null
    },
    async updateProfile(token: string, changes: ProfileChanges): Promise<User | null> {
      const tag = slotTagOf(token)
      if (tag === null) return null
      const pairs: string[] = []
      if (changes.nickname !== undefined) pairs.push('nickname', changes.nickname)
      if (changes.avatarUrl !== undefined) pairs.push('avatarUrl', changes.avatarUrl)
      if (changes.phone !== undefined) pairs.push('phone', changes.phone.masked, 'phoneNumber', changes.phone.number)
      return toUser(
        await run('updateProfile', () => updateProfile([sessionKey(tag), userKey(tag)], [hashToken(token), ...pairs])),
      )
    },
    async ping() {
      // A write, not a PING: a demoted primary, a full (OOM) or loading server answers PING but cannot log anyone in.
      try {
        const keys = healthKeys()
        const [replies, clusterInfo] = await Promise.all([
          Promise.all(keys.map((key) => client.set(key, String(Date.now()), 'PX', HEALTH_KEY_TTL_MS))),
          // A Cluster node reached as one server answers MOVED for most users: unhealthy, whatever this key did.
          client instanceof Cluster ? '' : client.info('cluster'),
        ])
        return keys.length > 0 && replies.every((reply) => reply === 'OK') && !/^cluster_enabled:1/m.test(clusterInfo)
      } catch {
        return false
      }
    },
    async ready(timeoutMs: number) {
      if (client.status === 'ready') return true
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          client.off('ready', onReady)
          resolve(false)
        }, timeoutMs)
        function onReady() {
          clearTimeout(timer)
          resolve(true)
        }
        client.once('ready', onReady)
      })
    },
    async close() {
      closing = true
      // QUIT would leave Sentinel's +switch-master subscriptions open; disconnect() closes them too.
      if (topology.kind === 'sentinel') {
        client.disconnect()
        return
      }
      try {
        await client.quit()
      } catch {
        client.disconnect()
      }
    },
  }
}

/**
 * The keys the health check writes: one on a single server; on a Cluster one per master (a key in a
 * slot each master serves), so a master that cannot write fails the check even when the others can.
 */
function healthKeysFor(client: RedisClient): () => string[] {
  if (!(client instanceof Cluster)) return () => [healthKey('0')]
  const tagBySlot = new Map<number, string>()
  function tagFor(slot: number): string {
    let tag = tagBySlot.get(slot)
    // About 16384 tries on average, once per slot the master set ever starts at.
    for (let n = 0; tag === undefined; n++) if (calculateSlot(healthKey(String(n))) === slot) tag = String(n)
    tagBySlot.set(slot, tag)
    return tag
  }
  return () => {
    const firstSlotOf = new Map<string, number>()
    client.slots.forEach((owners, slot) => {
      const master = owners?.[0]
      if (master !== undefined && !firstSlotOf.has(master)) firstSlotOf.set(master, slot)
    })
    return [...firstSlotOf.values()].map((slot) => healthKey(tagFor(slot)))
  }
}

const END_REASONS: readonly EndReason[] = ['replaced', 'expired', 'revoked']

// Anything else in a tombstone (a store shared with something else) reads as the unknown case: expired.
function toReason(value: unknown): EndReason {
  return END_REASONS.find((reason) => reason === value) ?? 'expired'
}

// A user hash without the field was written before there were other platforms: a WeChat user's.
function toPlatform(value: unknown): Platform | null {
  if (value === null || value === undefined) return 'wechat'
  return isPlatform(value) ? value : null
}

function toUser(fields: unknown): User | null {
  if (!Array.isArray(fields)) return null
  const [id, nickname, avatarUrl, phone] = fields as unknown[]
  if (typeof id !== 'string' || typeof nickname !== 'string' || typeof avatarUrl !== 'string') return null
  return typeof phone === 'string' ? { id, nickname, avatarUrl, phone } : { id, nickname, avatarUrl }
}
