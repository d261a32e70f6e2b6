// The server under load, in its own process so autocannon does not share its event loop:
//   hello           a Fastify hello-world route (the baseline)
//   floor           the same route answering with the reference server's headers (security set, CORS, no-store),
//                   and a login without a store: the contract's login body read and checked, a made-up session
//                   answered through the contract's serializer (no rate limit, no token hashing, no store)
//   memory          the reference server with the in-process memory store
//   sqlite          the reference server with the embedded SQLite store (the default), its file on disk
//   redis <url>     the reference server with the Redis store and Redis login rate limit (as server/main.ts)
// With `--log`, the server logs at info level to stdout as in production (the parent points stdout at a file).
// Talks to the parent over IPC: sends { type: 'ready', port }, answers { type: 'sessions', count, prefix }
// with that many fresh tokens, exits on { type: 'stop' } or when the parent goes away.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import cors from '@fastify/cors'
import Fastify, { type FastifyInstance } from 'fastify'
import {
  buildServer,
  createDevExchange,
  createMemoryStore,
  createRedisStore,
  createSqliteStore,
  type SessionStore,
} from '../server'
import { DEFAULT_CORS_ORIGINS, DEFAULT_SERVER_CONFIG } from '../server/app'
import { avatarPath } from '../server/avatar'
import { DEFAULT_NICKNAMES } from '../server/code-exchange'
import { apiSecurityHeaders } from '../server/security-headers'
import { loadOperations } from '../server/spec'
import { randomBase64url } from '../server/token'

/** Messages the parent sends. */
export type TargetRequest = { type: 'sessions'; count: number; prefix: string } | { type: 'stop' }
/** Messages this process sends. */
export type TargetReply = { type: 'ready'; port: number } | { type: 'sessions'; tokens: string[] }

/** Which server to run. */
export type TargetKind = 'hello' | 'floor' | 'memory' | 'sqlite' | 'redis'

// The benchmark logs in thousands of times a second from one address: the limiter still runs, never trips.
const LOGIN_LIMIT_PER_MINUTE = 100_000_000
const SESSION_TTL_MS = 60 * 60 * 1000
// Concurrent store calls while making sessions: enough to pipeline, few enough for Redis' command timeout.
const SESSION_BATCH = 200

function send(message: TargetReply): void {
  process.send?.(message)
}

/** The embedded store on a file in a fresh temporary folder, removed when the store closes. */
function temporarySqliteStore(): SessionStore {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'miniauth-bench-'))
  const store = createSqliteStore({ path: path.join(dir, 'miniauth.sqlite') })
  return {
    ...store,
    async close() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Every answer with the headers the reference server sends on a read: what any route of it pays at least. */
function withApiHeaders(app: FastifyInstance) {
  const securityHeaders = apiSecurityHeaders()
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders)
    done()
  })
  app.register(cors, { origin: DEFAULT_CORS_ORIGINS })
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
    done(null, payload)
  })
}

/** `POST /auth/login` as Fastify alone makes it: what any login pays before the server's own work. */
function loginWithoutStore(app: FastifyInstance) {
  const login = loadOperations().find((operation) => operation.operationId === 'login')
  if (!login?.body) throw new Error('the contract has no login body')
  const { publicBaseUrl } = DEFAULT_SERVER_CONFIG
  app.post('/auth/login', { schema: { body: login.body, response: login.response } }, async () => {
    const id = `u_${randomBase64url(12)}`
    return {
      token: `${randomBase64url(16)}.${randomBase64url(32)}`,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS).toISOString(),
      user: { id, nickname: DEFAULT_NICKNAMES.wechat, avatarUrl: `${publicBaseUrl}${avatarPath(id, 'wechat')}` },
    }
  })
}

async function start(
  kind: TargetKind,
  redisUrl: string | undefined,
  logging: boolean,
): Promise<{ app: FastifyInstance; store?: SessionStore }> {
  if (kind === 'hello' || kind === 'floor') {
    const app = Fastify({ logger: false })
    app.get('/hello', async () => ({ hello: 'world' }))
    if (kind === 'floor') {
      withApiHeaders(app)
      loginWithoutStore(app)
    }
    return { app }
  }
  const redis = kind === 'redis' ? createRedisStore({ url: redisUrl ?? '' }) : null
  if (redis && !(await redis.ready(5_000))) throw new Error(`Redis at ${redisUrl} is not reachable`)
  const store = redis ?? (kind === 'sqlite' ? temporarySqliteStore() : createMemoryStore())
  const app = buildServer({
    store,
    exchange: createDevExchange(),
    // Without --log no logger, as the hello-world baseline; with it, production's: info level to stdout.
    config: { logger: logging ? { level: 'info' } : false, loginRateLimitPerMinute: LOGIN_LIMIT_PER_MINUTE },
    ...(redis ? { rateLimitRedis: redis.client } : {}),
  })
  return { app, store }
}

/** Issues `count` sessions for distinct users straight through the store, as logins over HTTP would. */
async function makeSessions(store: SessionStore, count: number, prefix: string): Promise<string[]> {
  const tokens: string[] = []
  for (let first = 0; first < count; first += SESSION_BATCH) {
    const batch = Array.from({ length: Math.min(SESSION_BATCH, count - first) }, (_, i) => {
      const n = first + i
      return store.login({
        openid: `bench:${prefix}:${n}`,
        sessionKey: 'bench-session-key',
        newUser: { id: `u_${prefix}_${n}`, nickname: '微信用户', avatarUrl: 'http://127.0.0.1/avatar.svg' },
        ttlMs: SESSION_TTL_MS,
        maxLifetimeMs: SESSION_TTL_MS,
      })
    })
    for (const session of await Promise.all(batch)) tokens.push(session.token)
  }
  return tokens
}

async function main() {
  const [kind, ...rest] = process.argv.slice(2) as [TargetKind, ...string[]]
  if (!['hello', 'floor', 'memory', 'sqlite', 'redis'].includes(kind)) throw new Error(`unknown target "${kind}"`)
  const logging = rest.includes('--log')
  const redisUrl = rest.find((arg) => arg !== '--log')
  const { app, store } = await start(kind, redisUrl, logging)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const stop = async () => {
    await app.close()
    await store?.close()
    process.exit(0)
  }
  process.on('disconnect', () => void stop())
  process.on('message', (message: TargetRequest) => {
    if (message.type === 'stop') void stop()
    else if (message.type === 'sessions') {
      if (!store) throw new Error('the hello-world target has no sessions')
      void makeSessions(store, message.count, message.prefix).then((tokens) => send({ type: 'sessions', tokens }))
    }
  })
  send({ type: 'ready', port: (app.server.address() as AddressInfo).port })
}

main().catch((error: unknown) => {
  console.error('bench server target failed:', error)
  process.exit(1)
})
