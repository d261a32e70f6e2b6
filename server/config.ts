import { isIP } from 'node:net'
import {
  DEFAULT_CORS_ORIGINS,
  DEFAULT_HTTP_TIMEOUTS,
  type HttpTimeouts,
  SESSION_MAX_LIFETIME_SECONDS,
  SESSION_TTL_SECONDS,
  type ServerConfig,
  type TrustProxy,
} from './app'
import {
  type AlipayConfig,
  type DouyinConfig,
  PlatformConfigError,
  readAlipayConfig,
  readDouyinConfig,
} from './platform-config'
import { type RedisTopology, readRedisTopology } from './redis-config'
import { DEFAULT_SHUTDOWN_BOUNDS, type ShutdownBounds } from './shutdown'
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
  /** Alipay credentials, or null: dev mode, or not enabled in production. */
  alipay: AlipayConfig | null
  /** Douyin credentials, or null: dev mode, or not enabled in production. */
  douyin: DouyinConfig | null
  /** `NODE_ENV=production`: no dev mode anywhere; a platform without credentials is not enabled. */
  production: boolean
  /** Settings passed to `buildServer`. */
  server: ServerConfig
  /** How long a shutdown may take. */
  shutdown: ShutdownBounds
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

// proxy-addr's names for whole address ranges.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isAddressOrCidr(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  const bits = Number(prefix)
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128)
}

/** `TRUST_PROXY`: `false`/`0`/unset, `true` (one hop), a hop count, or comma-separated addresses and CIDRs. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? ''
  if (value === '' || value === 'false' || value === '0') return false
  if (value === 'true') return 1
  if (/^\d+$/.test(value)) return Number(value)
  const entries = value.split(',').map((entry) => entry.trim())
  const bad = entries.find((entry) => !isAddressOrCidr(entry))
  if (bad !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be true, false, a hop count or comma-separated proxy addresses/CIDRs; "${bad}" is none`,
    )
  }
  return entries
}

function timeouts(env: Env): HttpTimeouts {
  const d = DEFAULT_HTTP_TIMEOUTS
  return {
    requestMs: positiveInteger(env, 'REQUEST_TIMEOUT_MS', d.requestMs),
    headersMs: positiveInteger(env, 'HEADERS_TIMEOUT_MS', d.headersMs),
    keepAliveMs: positiveInteger(env, 'KEEP_ALIVE_TIMEOUT_MS', d.keepAliveMs),
    idleMs: positiveInteger(env, 'IDLE_TIMEOUT_MS', d.idleMs),
    checkIntervalMs: d.checkIntervalMs,
  }
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
  let alipay: AlipayConfig | null
  let douyin: DouyinConfig | null
  try {
    alipay = readAlipayConfig(env)
    douyin = readDouyinConfig(env)
  } catch (error) {
    if (error instanceof PlatformConfigError) throw new ConfigError(error.message)
    throw error
  }
  const corsOrigin = env.CORS_ORIGIN?.trim()
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return {
    port,
    host,
    redis: readRedisTopology(env),
    wechat: appId ? { appId, appSecret, baseUrl: env.WECHAT_API_BASE_URL || WECHAT_API_BASE_URL } : null,
    alipay,
    douyin,
    production: env.NODE_ENV === 'production',
    server: {
      sessionTtlSeconds: positiveInteger(env, 'SESSION_TTL_SECONDS', SESSION_TTL_SECONDS),
      sessionMaxLifetimeSeconds: positiveInteger(env, 'SESSION_MAX_LIFETIME_SECONDS', SESSION_MAX_LIFETIME_SECONDS),
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
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      timeouts: timeouts(env),
      logger: { level: env.LOG_LEVEL || 'info' },
    },
    shutdown: {
      drainMs: positiveInteger(env, 'SHUTDOWN_DRAIN_MS', DEFAULT_SHUTDOWN_BOUNDS.drainMs),
      inFlightMs: positiveInteger(env, 'SHUTDOWN_TIMEOUT_MS', DEFAULT_SHUTDOWN_BOUNDS.inFlightMs),
    },
  }
}
