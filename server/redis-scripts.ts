import type { RedisClient } from './redis-client'

/** Runs a Lua script with its keys and arguments in one round trip. */
export type ScriptRunner = (keys: string[], args: Array<string | number>) => Promise<unknown>

/**
 * Defines `lua` as a command on `client`. ioredis sends EVAL the first time a connection runs it and
 * EVALSHA after that: one round trip either way, also right after Redis restarts with an empty cache.
 */
export function defineScript(client: RedisClient, name: string, numberOfKeys: number, lua: string): ScriptRunner {
  client.defineCommand(name, { numberOfKeys, lua })
  const command = (client as unknown as Record<string, (...args: Array<string | number>) => Promise<unknown>>)[name]
  if (!command) throw new Error(`ioredis did not define the ${name} command`)
  return (keys, args) => command.call(client, ...keys, ...args)
}

/** Login: create the user if new, then replace their one session (revoking the previous token). */
export const LOGIN_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'openid', ARGV[1], 'id', ARGV[2], 'nickname', ARGV[3], 'avatarUrl', ARGV[4])
end
redis.call('HSET', KEYS[2], 'tokenHash', ARGV[5], 'sessionKey', ARGV[6], 'expiresAt', ARGV[7])
redis.call('PEXPIRE', KEYS[2], ARGV[8])
return redis.call('HMGET', KEYS[1], 'id', 'nickname', 'avatarUrl', 'phone')
`

/** Authenticate: the user's fields when the token is their current session, else nil. */
export const AUTHENTICATE_LUA = `
if redis.call('HGET', KEYS[1], 'tokenHash') ~= ARGV[1] then return false end
return redis.call('HMGET', KEYS[2], 'id', 'nickname', 'avatarUrl', 'phone')
`

/** Openid: the user's openid when the token is their current session, else nil. */
export const OPENID_LUA = `
if redis.call('HGET', KEYS[1], 'tokenHash') ~= ARGV[1] then return false end
return redis.call('HGET', KEYS[2], 'openid')
`

/**
 * Update profile: when the token is the user's current session, set the field/value pairs in ARGV[2..] on
 * the existing user hash and return the user's fields, else nil.
 */
export const UPDATE_PROFILE_LUA = `
if redis.call('HGET', KEYS[1], 'tokenHash') ~= ARGV[1] then return false end
if redis.call('EXISTS', KEYS[2]) == 0 then return false end
if #ARGV > 1 then redis.call('HSET', KEYS[2], unpack(ARGV, 2)) end
return redis.call('HMGET', KEYS[2], 'id', 'nickname', 'avatarUrl', 'phone')
`

/** Logout: delete the session only when the token is still its current one; 1 when deleted. */
export const LOGOUT_LUA = `
if redis.call('HGET', KEYS[1], 'tokenHash') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

/** Fixed-window counter for the login rate limit: the count and the window's remaining ms. */
export const RATE_LIMIT_LUA = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { current, ttl }
`
