import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { RedisClient } from './redis-client'
import { storeUnavailable } from './redis-errors'
import { defineScript, RATE_LIMIT_LUA } from './redis-scripts'
import { REDIS_KEY_PREFIX } from './redis-store'

type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1]

/**
 * A @fastify/rate-limit store on the session store's Redis, so every instance counts the same
 * attempts. Any Redis failure becomes `StoreUnavailableError` (503) before WeChat is called.
 */
export function redisRateLimitStore(client: RedisClient): FastifyRateLimitStoreCtor {
  const increment = defineScript(client, 'miniauthRateLimit', 1, RATE_LIMIT_LUA)

  class RedisRateLimitStore implements FastifyRateLimitStore {
    private readonly prefix: string

    constructor(_options?: unknown, prefix = `${REDIS_KEY_PREFIX}:rate:`) {
      this.prefix = prefix
    }

    incr(key: string, callback: IncrCallback, timeWindowMs = 60_000): void {
      increment([this.prefix + key], [timeWindowMs]).then(
        (reply) => {
          const [current, ttl] = reply as [number, number]
          callback(null, { current, ttl })
        },
        (error: unknown) => callback(storeUnavailable(error, 'rate limit')),
      )
    }

    // The plugin passes the route's merged settings, with the route itself under `routeInfo`.
    child(routeOptions: object): FastifyRateLimitStore {
      const { routeInfo } = routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }
      const route = `${String(routeInfo?.method)}${String(routeInfo?.url)}`
      return new RedisRateLimitStore(undefined, `${this.prefix}${route}:`)
    }
  }
  return RedisRateLimitStore as unknown as FastifyRateLimitStoreCtor
}
