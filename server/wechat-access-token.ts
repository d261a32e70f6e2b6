import { randomBytes } from 'node:crypto'
import { ApiError, errorName } from './errors'
import { fetchPlatformJson } from './platform-http'
import type { RedisClient } from './redis-client'
import { defineScript } from './redis-scripts'
import { REDIS_KEY_PREFIX } from './redis-store'
import { WECHAT_API_BASE_URL, WECHAT_TIMEOUT_MS } from './wechat'

/** An access token and when WeChat stops accepting it. */
export interface CachedAccessToken {
  /** The token itself: a credential, never logged. */
  token: string
  /** Expiry, epoch ms. */
  expiresAtMs: number
}

/** Where every instance of the server finds the one access token, and how they take turns refreshing it. */
export interface AccessTokenCache {
  /** `redis` is shared by all instances; `memory` by the requests of this process only. */
  readonly kind: 'redis' | 'memory'
  /** The cached token, or null. */
  read(): Promise<CachedAccessToken | null>
  /** Caches a token until its expiry. */
  write(value: CachedAccessToken): Promise<void>
  /** Tries to become the one refresher for `ttlMs`; the release function, or null when another holds the lock. */
  lock(ttlMs: number): Promise<(() => Promise<void>) | null>
  /** Counts a forced refresh when WeChat's limits allow one now; false when they do not. */
  allowForcedRefresh(nowMs: number): Promise<boolean>
}

/** Gives the current access token to calls of WeChat's server APIs. */
export interface AccessTokenProvider {
  /** A token valid for at least the refresh margin, refreshed (once, whoever asks) when it is not. */
  get(): Promise<string>
  /** WeChat refused `token` as invalid: a new one, by force only when no other instance has replaced it yet. */
  replaceInvalid(token: string): Promise<string>
}

/** Options of the `stable_token` provider. */
export interface AccessTokenOptions {
  /** The mini program's AppID. */
  appId: string
  /** The AppSecret: sent in the request body, never logged. */
  appSecret: string
  /** The shared cache. */
  cache: AccessTokenCache
  /** Where WeChat's API lives; tests point it at a local fake. */
  baseUrl?: string
  /** How long WeChat gets to answer. */
  timeoutMs?: number
  /** The clock, epoch ms. */
  now?: () => number
}

/** A token is replaced this long before it expires (WeChat hands out a new one in its last 5 minutes). */
export const ACCESS_TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000
/** WeChat allows a forced `stable_token` refresh at most this often... */
export const FORCED_REFRESH_INTERVAL_MS = 30_000
/** ...and at most this many times a day. */
export const FORCED_REFRESHES_PER_DAY = 20
/** A refresher that died holding the lock holds it no longer than this. */
const REFRESH_LOCK_TTL_MS = 10_000
/** How long a request waits for another instance's refresh before answering 502. */
const REFRESH_WAIT_MS = 8_000
const POLL_MS = 25

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** WeChat's day (Beijing time, UTC+8) of `nowMs`: daily limits reset at its midnight. */
export function wechatDay(nowMs: number): string {
  return new Date(nowMs + 8 * 60 * 60 * 1000).toISOString().slice(0, 10)
}

/** The access token from `POST /cgi-bin/stable_token`, cached and shared through `cache`. */
export function createAccessTokenProvider(options: AccessTokenOptions): AccessTokenProvider {
  const { cache } = options
  const now = options.now ?? Date.now
  const url = `${(options.baseUrl ?? WECHAT_API_BASE_URL).replace(/\/+$/, '')}/cgi-bin/stable_token`
  const timeoutMs = options.timeoutMs ?? WECHAT_TIMEOUT_MS
  // Requests of this process share one refresh of each kind; the cache's lock makes other processes share it too.
  const inFlight = new Map<string, Promise<string>>()

  const fresh = (cached: CachedAccessToken | null) =>
    cached !== null && cached.expiresAtMs - ACCESS_TOKEN_REFRESH_MARGIN_MS > now() ? cached : null

  async function fetchToken(forceRefresh: boolean): Promise<CachedAccessToken> {
    const json = {
      grant_type: 'client_credential',
      appid: options.appId,
      secret: options.appSecret,
      force_refresh: forceRefresh,
    }
    const body = await fetchPlatformJson(url, {
      json,
      timeoutMs,
      unavailable: 'WECHAT_UNAVAILABLE',
      where: 'stable_token',
    })
    const { errcode, access_token: token, expires_in: expiresIn } = body
    if (errcode !== undefined && errcode !== 0) {
      throw new ApiError('WECHAT_UNAVAILABLE', `stable_token errcode ${typeof errcode === 'number' ? errcode : '?'}`)
    }
    if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
      throw new ApiError('WECHAT_UNAVAILABLE', 'stable_token answered without access_token or expires_in')
    }
    return { token, expiresAtMs: now() + expiresIn * 1000 }
  }

  /** Runs `refresh` as the one refresher, or waits for whoever is; `done` says when a cached token will do. */
  async function asRefresher(
    done: (cached: CachedAccessToken | null) => CachedAccessToken | null,
    refresh: () => Promise<CachedAccessToken>,
  ): Promise<string> {
    const deadline = now() + REFRESH_WAIT_MS
    for (;;) {
      const before = done(await cache.read())
      if (before) return before.token
      const release = await cache.lock(REFRESH_LOCK_TTL_MS)
      if (release) {
        try {
          // Another instance may have refreshed between our read and our lock.
          const after = done(await cache.read())
          if (after) return after.token
          const next = await refresh()
          await cache.write(next)
          return next.token
        } finally {
          await release()
        }
      }
      if (now() >= deadline) throw new ApiError('WECHAT_UNAVAILABLE', 'waited too long for the access token refresh')
      await sleep(POLL_MS)
    }
  }

  function shared(key: string, task: () => Promise<string>): Promise<string> {
    let running = inFlight.get(key)
    if (!running) {
      running = task().finally(() => inFlight.delete(key))
      inFlight.set(key, running)
    }
    return running
  }

  return {
    get: () => shared('get', () => asRefresher(fresh, () => fetchToken(false))),
    replaceInvalid(invalid: string) {
      // Keyed by the refused token: a plain `get` running meanwhile could still answer that very token.
      return shared(`replace:${invalid}`, () =>
        asRefresher(
          (cached) => (cached && cached.token !== invalid ? fresh(cached) : null),
          async () => {
            if (!(await cache.allowForcedRefresh(now()))) {
              throw new ApiError('WECHAT_UNAVAILABLE', 'forced access token refresh refused: WeChat limit reached')
            }
            return fetchToken(true)
          },
        ),
      )
    },
  }
}

/** The in-process cache: one refresher at a time within this process (instances sharing nothing else). */
export function createMemoryAccessTokenCache(): AccessTokenCache {
  let value: CachedAccessToken | null = null
  let locked = false
  let lastForcedMs = Number.NEGATIVE_INFINITY
  const forcedByDay = new Map<string, number>()
  return {
    kind: 'memory',
    async read() {
      return value
    },
    async write(next) {
      value = next
    },
    async lock() {
      if (locked) return null
      locked = true
      return async () => {
        locked = false
      }
    },
    async allowForcedRefresh(nowMs) {
      const day = wechatDay(nowMs)
      const count = forcedByDay.get(day) ?? 0
      if (nowMs - lastForcedMs < FORCED_REFRESH_INTERVAL_MS || count >= FORCED_REFRESHES_PER_DAY) return false
      forcedByDay.clear()
      forcedByDay.set(day, count + 1)
      lastForcedMs = nowMs
      return true
    },
  }
}

/** Key of the shared access token; `{wechat}` keeps all of these keys in one Cluster slot. */
export const ACCESS_TOKEN_KEY = `${REDIS_KEY_PREFIX}:{wechat}:access-token`
const LOCK_KEY = `${REDIS_KEY_PREFIX}:{wechat}:access-token-lock`
const RECENT_FORCED_KEY = `${REDIS_KEY_PREFIX}:{wechat}:forced-refresh-recent`
const forcedDayKey = (day: string) => `${REDIS_KEY_PREFIX}:{wechat}:forced-refreshes:${day}`

const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`
// One forced refresh at most per interval and a fixed number per day, counted across every instance.
const ALLOW_FORCED_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local count = tonumber(redis.call('GET', KEYS[2]) or '0')
if count >= tonumber(ARGV[3]) then return 0 end
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 1
`

/** The cache every instance shares through Redis, with a lock so that one instance refreshes at a time. */
export function createRedisAccessTokenCache(client: RedisClient): AccessTokenCache {
  const release = defineScript(client, 'miniauthReleaseTokenLock', 1, RELEASE_LUA)
  const allowForced = defineScript(client, 'miniauthAllowForcedRefresh', 2, ALLOW_FORCED_LUA)
  // Redis trouble here is WeChat's call failing, not the session store: 502 like any other failed call.
  async function run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      throw new ApiError('WECHAT_UNAVAILABLE', `access token cache failed (${errorName(error)})`)
    }
  }
  return {
    kind: 'redis',
    async read() {
      const raw = await run(() => client.get(ACCESS_TOKEN_KEY))
      if (raw === null) return null
      try {
        const parsed = JSON.parse(raw) as Partial<CachedAccessToken>
        return typeof parsed.token === 'string' && typeof parsed.expiresAtMs === 'number'
          ? { token: parsed.token, expiresAtMs: parsed.expiresAtMs }
          : null
      } catch {
        return null
      }
    },
    async write(value) {
      const ttlMs = Math.max(1, Math.floor(value.expiresAtMs - Date.now()))
      await run(() => client.set(ACCESS_TOKEN_KEY, JSON.stringify(value), 'PX', ttlMs))
    },
    async lock(ttlMs) {
      const owner = randomBytes(16).toString('base64url')
      const taken = await run(() => client.set(LOCK_KEY, owner, 'PX', ttlMs, 'NX'))
      if (taken !== 'OK') return null
      return async () => {
        // Only our own lock: after its TTL it may belong to another refresher.
        await run(() => release([LOCK_KEY], [owner]))
      }
    },
    async allowForcedRefresh(nowMs) {
      const allowed = await run(() =>
        allowForced(
          [RECENT_FORCED_KEY, forcedDayKey(wechatDay(nowMs))],
          [FORCED_REFRESH_INTERVAL_MS, 2 * 24 * 60 * 60 * 1000, FORCED_REFRESHES_PER_DAY],
        ),
      )
      return allowed === 1
    },
  }
}
