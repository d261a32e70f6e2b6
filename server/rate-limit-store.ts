import LocalStore from '@fastify/rate-limit/store/LocalStore'
import type { onRequestHookHandler } from 'fastify'
import { ApiError } from './errors'
import type { RedisClient } from './redis-client'
import { storeUnavailable } from './redis-errors'
import { defineScript, RATE_LIMIT_LUA } from './redis-scripts'
import { REDIS_KEY_PREFIX } from './redis-store'

/** Counts one more attempt by `key` in its fixed window of `windowMs`; answers the count and the window's rest. */
export interface AttemptCounter {
  incr(
    key: string,
    callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    windowMs: number,
    max: number,
  ): void
}

// Addresses counted at once in one process; the least recently seen drop out first.
const IN_PROCESS_KEYS = 5_000

/**
 * @fastify/rate-limit's own in-process store: counts in this process only. It answers at once; the answer is
 * passed on a microtask later, so a request goes on at the same point as with Redis, after the rest of the
 * packet it came in: a request whose framing breaks further on (a bad chunk) is still answered as malformed
 * by the client-error handler, not as a login without a body type.
 */
export function inProcessCounter(): AttemptCounter {
  const store = new LocalStore(false, false, IN_PROCESS_KEYS)
  return {
    incr(key, callback, windowMs, max) {
      store.incr(key, (error, result) => queueMicrotask(() => callback(error, result)), windowMs, max)
    },
  }
}

/**
 * Attempts counted on the session store's Redis, so every instance counts the same ones, under
 * `miniauth:rate:<METHOD><path>:<address>`. Any Redis failure becomes `StoreUnavailableError` (503).
 */
export function redisCounter(client: RedisClient, route: string): AttemptCounter {
  const increment = defineScript(client, 'miniauthRateLimit', 1, RATE_LIMIT_LUA)
  const prefix = `${REDIS_KEY_PREFIX}:rate:${route}:`
  return {
    incr(key, callback, windowMs) {
      increment([prefix + key], [windowMs]).then(
        (reply) => {
          const [current, ttl] = reply as [number, number]
          callback(null, { current, ttl })
        },
        (error: unknown) => callback(storeUnavailable(error, 'rate limit')),
      )
    },
  }
}

/**
 * A route's `onRequest` hook allowing each client address `max` requests per `windowMs`, counted by `counter`
 * (@fastify/rate-limit's fixed window, its in-process store or Redis). The rest are refused with 429
 * `RATE_LIMITED`, `Retry-After` and the `x-ratelimit-*` headers, before the handler runs; a request within
 * the limit carries no count (the client has no use for it). A counter that fails fails the request (503 for
 * Redis): an attempt that cannot be counted is not let through. A callback hook, not the plugin's async one:
 * no promise per request (about 7 µs of a login's CPU here).
 */
export function limitPerAddress(counter: AttemptCounter, max: number, windowMs: number): onRequestHookHandler {
  return (request, reply, done) => {
    counter.incr(
      request.ip,
      (error, result) => {
        if (error || !result) {
          done(error ?? new Error('the rate-limit counter answered nothing'))
          return
        }
        if (result.current <= max) {
          done()
          return
        }
        const seconds = Math.ceil(result.ttl / 1000)
        reply
          .header('x-ratelimit-limit', max)
          .header('x-ratelimit-remaining', 0)
          .header('x-ratelimit-reset', seconds)
          .header('retry-after', seconds)
        done(new ApiError('RATE_LIMITED', `rate limit of ${max} a window reached`))
      },
      windowMs,
      max,
    )
  }
}
