import { Redis, ReplyError } from 'ioredis'
import { StoreUnavailableError } from './errors'
import { AUTHENTICATE_LUA, defineScript, LOGIN_LUA, LOGOUT_LUA } from './redis-scripts'
import type { IssuedSession, LoginInput, SessionStore, User } from './store'
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

/** Options of the Redis store. */
export interface RedisStoreOptions {
  /** `redis://` or `rediss://` URL. */
  url: string
  /** Called when the connection comes up or goes down (not on every failed reconnect). */
  onStatus?: (status: 'up' | 'down', error?: Error) => void
  /** How long one command may take before the store counts as unavailable. */
  commandTimeoutMs?: number
}

/** The Redis session store, with its client (shared with the login rate limiter). */
export interface RedisSessionStore extends SessionStore {
  /** The ioredis client. */
  readonly client: Redis
  /** Resolves true once connected, false when `timeoutMs` passes first. */
  ready(timeoutMs: number): Promise<boolean>
}

/**
 * The Redis session store: login, authenticate and logout are each one Lua script, one round trip.
 * Commands fail fast while Redis is unreachable (no offline queue) and the client reconnects by itself.
 */
export function createRedisStore(options: RedisStoreOptions): RedisSessionStore {
  const client = new Redis(options.url, {
    // Fail at once instead of queueing while disconnected: the API answers 503 instead of hanging.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  })
  let up = false
  client.on('ready', () => {
    up = true
    options.onStatus?.('up')
  })
  // Without an 'error' listener ioredis prints every failed reconnect; only the transition is reported.
  client.on('error', (error: Error) => {
    if (!up) return
    up = false
    options.onStatus?.('down', error)
  })
  client.on('close', () => {
    if (!up) return
    up = false
    options.onStatus?.('down')
  })

  const login = defineScript(client, 'miniauthLogin', 2, LOGIN_LUA)
  const authenticate = defineScript(client, 'miniauthAuthenticate', 2, AUTHENTICATE_LUA)
  const logout = defineScript(client, 'miniauthLogout', 1, LOGOUT_LUA)

  async function run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      // A reply error is a bug in a script or the data, not an outage: let it surface as a 500.
      if (error instanceof ReplyError) throw error
      throw new StoreUnavailableError(error)
    }
  }

  return {
    kind: 'redis',
    client,
    async login(input: LoginInput): Promise<IssuedSession> {
      const tag = slotTagFor(input.openid)
      const token = issueToken(tag)
      const expiresAtMs = Date.now() + input.ttlMs
      const { id, nickname, avatarUrl } = input.newUser
      const fields = await run(() =>
        login(
          [userKey(tag), sessionKey(tag)],
          [input.openid, id, nickname, avatarUrl, hashToken(token), input.sessionKey, expiresAtMs, input.ttlMs],
        ),
      )
      const user = toUser(fields)
      if (!user) throw new Error('the login script returned no user')
      return { token, expiresAtMs, user }
    },
    async authenticate(token: string): Promise<User | null> {
      const tag = slotTagOf(token)
      if (tag === null) return null
      return toUser(await run(() => authenticate([sessionKey(tag), userKey(tag)], [hashToken(token)])))
    },
    async logout(token: string): Promise<boolean> {
      const tag = slotTagOf(token)
      if (tag === null) return false
      return (await run(() => logout([sessionKey(tag)], [hashToken(token)]))) === 1
    },
    async ping() {
      try {
        return (await client.ping()) === 'PONG'
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
      try {
        await client.quit()
      } catch {
        client.disconnect()
      }
    },
  }
}

function toUser(fields: unknown): User | null {
  if (!Array.isArray(fields)) return null
  const [id, nickname, avatarUrl] = fields as unknown[]
  if (typeof id !== 'string' || typeof nickname !== 'string' || typeof avatarUrl !== 'string') return null
  return { id, nickname, avatarUrl }
}
