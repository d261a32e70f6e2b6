import { DEFAULT_CORS_ORIGINS, SESSION_TTL_SECONDS, type ServerConfig } from './app'
import { type RedisTopology, readRedisTopology } from './redis-config'
import { WECHAT_API_BASE_URL, type WechatExchangeOptions } from './wechat'

/** The environment is unusable; the message says which variable and why. */
export class ConfigError extends Error {
  /** Creates the error with its explanation. */
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Everything `server/main.ts` reads from the environment. */
export interface EnvConfig {
  /** Port to listen on. */
  port: number
  /** Address to listen on. */
  host: string
  /** Redis (single, Sentinel or Cluster), or null for the in-process store. */
  redis: RedisTopology | null
  /** WeChat credentials, or null for dev mode. */
  wechat: Required<Omit<WechatExchangeOptions, 'timeoutMs'>> | null
  /** Settings passed to `buildServer`. */
  server: ServerConfig
}

/** Environment variables as strings (`process.env` or a test's own). */
export type Env = Readonly<Record<string, string | undefined>>

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`)
  return value
}

/** Reads and checks the environment; throws `ConfigError` instead of starting misconfigured. */
export function readEnvConfig(env: Env): EnvConfig {
  const port = positiveInteger(env, 'PORT', 3000)
  const host = env.HOST || '127.0.0.1'
  const appId = env.WECHAT_APPID || ''
  const appSecret = env.WECHAT_SECRET || ''
  if (Boolean(appId) !== Boolean(appSecret)) {
    throw new ConfigError('set both WECHAT_APPID and WECHAT_SECRET, or neither (dev mode)')
  }
  if (!appId && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'NODE_ENV=production needs WECHAT_APPID and WECHAT_SECRET: without them the server runs in dev mode, ' +
        'where anyone can log in as anyone',
    )
  }
  const corsOrigin = env.CORS_ORIGIN?.trim()
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return {
    port,
    host,
    redis: readRedisTopology(env),
    wechat: appId ? { appId, appSecret, baseUrl: env.WECHAT_API_BASE_URL || WECHAT_API_BASE_URL } : null,
    server: {
      sessionTtlSeconds: positiveInteger(env, 'SESSION_TTL_SECONDS', SESSION_TTL_SECONDS),
      corsOrigins: !corsOrigin
        ? DEFAULT_CORS_ORIGINS
        : corsOrigin === '*'
          ? '*'
          : corsOrigin
              .split(',')
              .map((origin) => origin.trim())
              .filter(Boolean),
      loginRateLimitPerMinute: positiveInteger(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 30),
      publicBaseUrl:
        env.PUBLIC_BASE_URL || `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`,
      trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
      logger: { level: env.LOG_LEVEL || 'info' },
    },
  }
}
