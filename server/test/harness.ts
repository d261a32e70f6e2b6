// Builds servers for tests: captured logs, a memory store and a scripted code exchange by default.
import type { FastifyInstance } from 'fastify'
import { buildServer, type ServerConfig, type ServerOptions } from '../app'
import type { CodeExchange, PlatformIdentity } from '../code-exchange'
import { createMemoryStore } from '../memory-store'

/** A server under test with every log line it wrote. */
export interface TestServer {
  /** The Fastify app (use `.inject`). */
  app: FastifyInstance
  /** Raw pino lines, in order. */
  logs: string[]
}

/** Builds a server with logs captured at `debug`; options override the defaults. */
export function testServer(options: Partial<ServerOptions> & { config?: Partial<ServerConfig> } = {}): TestServer {
  const logs: string[] = []
  const app = buildServer({
    store: options.store ?? createMemoryStore(),
    exchange: options.exchange ?? codeExchange(),
    ...(options.exchanges ? { exchanges: options.exchanges } : {}),
    ...(options.rateLimitRedis ? { rateLimitRedis: options.rateLimitRedis } : {}),
    ...(options.phone ? { phone: options.phone } : {}),
    ...(options.avatars ? { avatars: options.avatars } : {}),
    ...(options.nicknameScreen ? { nicknameScreen: options.nicknameScreen } : {}),
    config: {
      loginRateLimitPerMinute: 10_000,
      logger: { level: 'debug', stream: { write: (line: string) => logs.push(line) } },
      ...options.config,
    },
  })
  return { app, logs }
}

/** An exchange that maps code `x` to openid `openid-x` and counts its calls. */
export function codeExchange(): CodeExchange & { calls: string[] } {
  const calls: string[] = []
  return {
    mode: 'wechat',
    calls,
    async exchange(code: string): Promise<PlatformIdentity> {
      calls.push(code)
      return { openid: `openid-${code}`, sessionKey: `session-key-of-${code}` }
    },
  }
}

/** Logs in through the API and returns the session body. */
export async function login(app: FastifyInstance, code: string) {
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { code } })
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`)
  return response.json() as {
    token: string
    expiresAt: string
    user: { id: string; nickname: string; avatarUrl: string }
  }
}

/** `{ authorization: 'Bearer <token>' }`. */
export function bearer(token: string) {
  return { authorization: `Bearer ${token}` }
}
