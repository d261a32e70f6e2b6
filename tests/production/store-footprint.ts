// Measures what one user and one session cost in each durable store; prints one JSON object.
// Run: npx tsx tests/production/store-footprint.ts [users]   (needs redis-server on the PATH)
import { statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { createRedisStore, sessionKey, userKey } from '../../server/redis-store'
import { createSqliteStore } from '../../server/sqlite-store'
import type { SessionStore } from '../../server/store'
import { startRedis } from '../../server/test/redis-server'
import { tempSqlitePath } from '../../server/test/sqlite-file'
import { slotTagFor } from '../../server/token'

const USERS = Number(process.argv[2]) || 10_000
const HOUR_MS = 60 * 60 * 1000

// Realistic field sizes: a 28-character openid, WeChat's 24-character session_key, the server's user id format.
async function loginAll(store: SessionStore): Promise<string[]> {
  const tokens: string[] = []
  for (let i = 0; i < USERS; i += 1) {
    const openid = `o${String(i).padStart(27, '0')}`
    const id = `u_${String(i).padStart(16, '0')}`
    const session = await store.login({
      openid,
      sessionKey: 'x'.repeat(24),
      newUser: { id, nickname: '微信用户', avatarUrl: `https://api.example.com/avatars/${id}.svg` },
      ttlMs: HOUR_MS,
      maxLifetimeMs: HOUR_MS,
    })
    tokens.push(session.token)
  }
  return tokens
}

async function sqliteFootprint() {
  const path = tempSqlitePath()
  const size = () => {
    // Compacted, with the write-ahead log folded in: what the data itself takes.
    const db = new Database(path)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.exec('VACUUM')
    db.close()
    return statSync(path).size
  }
  let store = createSqliteStore({ path, sweepIntervalMs: 0 })
  await store.close()
  const empty = size()
  store = createSqliteStore({ path, sweepIntervalMs: 0 })
  const tokens = await loginAll(store)
  await store.close()
  const withSessions = size()
  store = createSqliteStore({ path, sweepIntervalMs: 0 })
  for (const token of tokens) await store.logout(token)
  await store.close()
  const usersOnly = size()
  return {
    fileBytes: { empty, withSessions, usersOnly },
    bytesPerUser: Math.round((usersOnly - empty) / USERS),
    bytesPerSession: Math.round((withSessions - usersOnly) / USERS),
  }
}

async function redisFootprint() {
  const redis = await startRedis()
  const store = createRedisStore({ url: redis.url })
  try {
    if (!(await store.ready(5000))) throw new Error('redis not reachable')
    const used = async () => Number(/used_memory:(\d+)/.exec(await store.client.info('memory'))?.[1])
    const before = await used()
    const tokens = await loginAll(store)
    const withSessions = await used()
    const tag = slotTagFor(`o${'0'.repeat(27)}`)
    const userKeyBytes = await store.client.call('MEMORY', 'USAGE', userKey(tag), 'SAMPLES', '0')
    const sessionKeyBytes = await store.client.call('MEMORY', 'USAGE', sessionKey(tag), 'SAMPLES', '0')
    for (const token of tokens) await store.logout(token)
    const usersOnly = await used()
    return {
      memoryUsageCommand: { userKey: userKeyBytes, sessionKey: sessionKeyBytes },
      usedMemoryBytesPerUser: Math.round((usersOnly - before) / USERS),
      usedMemoryBytesPerSession: Math.round((withSessions - usersOnly) / USERS),
    }
  } finally {
    await store.close()
    await redis.stop()
  }
}

async function main() {
  const sqlite = await sqliteFootprint()
  const redis = await redisFootprint()
  console.log(JSON.stringify({ users: USERS, sqlite, redis }, null, 2))
}

void main()
