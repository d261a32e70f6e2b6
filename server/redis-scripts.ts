import { oneWritePerTurn, type RedisClient } from './redis-client'

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
  const batchWrites = oneWritePerTurn(client)
  return (keys, args) => {
    batchWrites()
    return command.call(client, ...keys, ...args)
  }
}

/**
 * Login: create the user if new (with their platform, ARGV[13]), then replace their one session. The previous token gets a tombstone
 * (`replaced`, or `expired` when it had run out) under ARGV[12] .. its hash, a key in the user's slot. The
 * session hash expires with the session, so `session_key` never outlives it; a token nobody knows reads as
 * expired, so running out needs no tombstone of its own.
 */
export const LOGIN_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'openid', ARGV[1], 'id', ARGV[2], 'nickname', ARGV[3], 'avatarUrl', ARGV[4], 'platform', ARGV[13])
end
local previous = redis.call('HMGET', KEYS[2], 'tokenHash', 'expiresAt')
if previous[1] then
  local reason = 'replaced'
  local expiresAt = tonumber(previous[2])
  if expiresAt and expiresAt <= tonumber(ARGV[9]) then reason = 'expired' end
  redis.call('SET', ARGV[12] .. previous[1], reason, 'PX', ARGV[11])
end
redis.call('HSET', KEYS[2], 'tokenHash', ARGV[5], 'sessionKey', ARGV[6], 'expiresAt', ARGV[7], 'ttl', ARGV[8], 'maxAt', ARGV[10])
redis.call('PEXPIRE', KEYS[2], ARGV[8])
return redis.call('HMGET', KEYS[1], 'id', 'nickname', 'avatarUrl', 'phone')
`

/**
 * Authenticate: for the current, unexpired token `{'valid', expiresAt, maxAt, id, nickname, avatarUrl, phone, platform}`
 * (a user hash without `platform` is a WeChat user's, from before there were other platforms), renewed
 * to a full TTL (never past maxAt) once past half of it; otherwise `{'ended', reason}` from the session
 * hash or the token's tombstone (KEYS[3]); unknown reads as expired.
 */
export const AUTHENTICATE_LUA = `
local now = tonumber(ARGV[2])
local session = redis.call('HMGET', KEYS[1], 'tokenHash', 'expiresAt', 'ttl', 'maxAt')
if session[1] == ARGV[1] then
  local expiresAt = tonumber(session[2])
  if not expiresAt or expiresAt <= now then return { 'ended', 'expired' } end
  local ttl = tonumber(session[3])
  local maxAt = tonumber(session[4])
  if ttl and maxAt and expiresAt - now < ttl / 2 then
    local renewed = math.min(now + ttl, maxAt)
    if renewed > expiresAt then
      expiresAt = renewed
      redis.call('HSET', KEYS[1], 'expiresAt', string.format('%.0f', expiresAt))
      redis.call('PEXPIRE', KEYS[1], string.format('%.0f', expiresAt - now))
    end
  end
  local user = redis.call('HMGET', KEYS[2], 'id', 'nickname', 'avatarUrl', 'phone', 'platform')
  if not user[1] then return { 'ended', 'expired' } end
  return { 'valid', string.format('%.0f', expiresAt), session[4], user[1], user[2], user[3], user[4], user[5] }
end
local reason = redis.call('GET', KEYS[3])
if reason then return { 'ended', reason } end
return { 'ended', 'expired' }
`

/** Identity: the user's `{openid, platform}` when the token is their current session, else nil. */
export const IDENTITY_LUA = `
if redis.call('HGET', KEYS[1], 'tokenHash') ~= ARGV[1] then return false end
return redis.call('HMGET', KEYS[2], 'openid', 'platform')
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

/**
 * Logout: delete the session when the token is its current, unexpired one and leave a `revoked`
 * tombstone (KEYS[2]); 1 when revoked, else the reason the token had already ended.
 */
export const LOGOUT_LUA = `
local session = redis.call('HMGET', KEYS[1], 'tokenHash', 'expiresAt')
if session[1] == ARGV[1] then
  local expiresAt = tonumber(session[2])
  if expiresAt and expiresAt <= tonumber(ARGV[2]) then return 'expired' end
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], 'revoked', 'PX', ARGV[3])
  return 1
end
return redis.call('GET', KEYS[2]) or 'expired'
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
