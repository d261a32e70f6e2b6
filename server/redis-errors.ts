// The one way a Redis failure leaves the Redis code: as a description without the command's arguments.
import { StoreUnavailableError } from './errors'

/**
 * What may be logged about a Redis failure. ioredis attaches `command.args` (openid, session_key, token
 * hashes) to reply and abort errors, and messages can quote values, so only names and codes are kept.
 */
export interface RedisFailure {
  /** The error class, e.g. `ReplyError`, `MaxRetriesPerRequestError`. */
  name: string
  /** Redis's error code (`READONLY`, `MOVED`, `OOM`, `LOADING`...), a socket code, or `TIMEOUT`/`CLOSED`/`OFFLINE`. */
  code?: string
  /** The Redis command that failed (`evalsha`, `set`...), never its arguments. */
  command?: string
}

// ioredis's own client-side failures, whose messages carry no data but also no code.
const CLIENT_FAILURES: ReadonlyArray<[RegExp, string]> = [
  [/^Command timed out/, 'TIMEOUT'],
  [/^Connection is closed/, 'CLOSED'],
  [/enableOfflineQueue options is false/, 'OFFLINE'],
  [/^All sentinels are unreachable/, 'NO_SENTINEL'],
  [/^Failed to refresh slots cache/, 'NO_CLUSTER_NODE'],
]

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/
const CODE = /^[A-Z][A-Z0-9_]{1,31}$/

/** Describes any error a Redis client raised by its name, code and command name only. */
export function describeRedisError(error: unknown): RedisFailure {
  if (!(error instanceof Error)) return { name: 'NonError' }
  const failure: RedisFailure = { name: NAME.test(error.name) ? error.name : 'Error' }
  const { code: systemCode, command } = error as Error & { code?: unknown; command?: { name?: unknown } }
  const replyCode = /^[A-Z][A-Z0-9_]+(?= |$)/.exec(error.message)?.[0]
  const code =
    typeof systemCode === 'string' && CODE.test(systemCode)
      ? systemCode
      : replyCode && CODE.test(replyCode)
        ? replyCode
        : CLIENT_FAILURES.find(([pattern]) => pattern.test(error.message))?.[1]
  if (code) failure.code = code
  if (typeof command?.name === 'string' && NAME.test(command.name)) failure.command = command.name
  return failure
}

/** One line for logs: `ReplyError READONLY on evalsha`. */
export function formatRedisFailure(failure: RedisFailure): string {
  return [failure.name, failure.code, failure.command && `on ${failure.command}`].filter(Boolean).join(' ')
}

/**
 * The 503 a failed store operation answers with. The original error is dropped, not kept as a cause,
 * so no logger or serializer can reach its arguments.
 */
export function storeUnavailable(error: unknown, operation: string): StoreUnavailableError {
  const described = formatRedisFailure(describeRedisError(error))
  return new StoreUnavailableError(new Error(`${operation}: ${described}`))
}
