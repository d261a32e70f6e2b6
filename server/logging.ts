import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify'
import pino from 'pino'
import { errorName } from './errors'

// Keys whose values are credentials, wherever they appear at the top of a log object or one level down.
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'authorization',
  'token',
  'sessionKey',
  'session_key',
  'secret',
  'appSecret',
])
// Request and response headers that carry credentials, in any `headers` object one level down.
const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'set-cookie'])
// Keys whose serializers below (and Fastify's for `res`) keep only fields that cannot hold a credential.
const WHITELISTED_KEYS: ReadonlySet<string> = new Set(['req', 'res', 'err'])
/** What a censored value is replaced with. */
export const REDACTED = '[redacted]'

type LogObject = Record<string, unknown>

function isObject(value: unknown): value is LogObject {
  return typeof value === 'object' && value !== null
}

/** `object` with the values of `secret` keys censored; the same object when it has none (no copy). */
function censorKeys(object: LogObject, secret: (key: string, value: unknown) => unknown): LogObject {
  let censored = object
  for (const key of Object.keys(object)) {
    const value = object[key]
    const replaced = secret(key, value)
    if (replaced === value) continue
    if (censored === object) censored = { ...object }
    censored[key] = replaced
  }
  return censored
}

function censorNested(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key)) return REDACTED
  if (key === 'headers' && isObject(value))
    return censorKeys(value, (name, v) => (SECRET_HEADERS.has(name) ? REDACTED : v))
  return value
}

function censorTop(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key)) return REDACTED
  if (WHITELISTED_KEYS.has(key) || !isObject(value)) return value
  return censorKeys(value, censorNested)
}

/**
 * Censors credentials in what a log line carries: credential keys at the top level and one level down (where
 * `{ session }`, `{ wechat }` and similar objects put them) and credential headers in a `headers` object there.
 * Objects are copied only when something is censored, so the line per request costs a few key lookups; pino's
 * path redaction with wildcards cloned and re-serialized every value of every line.
 */
export function redactSecrets(object: LogObject): LogObject {
  return censorKeys(object, censorTop)
}

/** What a request log line says: the route it matched, never the URL (a query string or path can hold a token). */
function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    route: request.routeOptions?.url ?? null,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}

/**
 * What an error log line says: its name, code and stack frames. Not its message nor its other fields: a JSON
 * parse error quotes the body, a Redis reply error carries the command's arguments, a fetch error its URL.
 */
function errorForLog(error: unknown): { type: string; message: string; stack: string; code?: string } {
  const name = errorName(error)
  const { code, stack } = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>
  return {
    type: name,
    message: name,
    ...(typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code) ? { code } : {}),
    stack: (typeof stack === 'string' ? stack : '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n'),
  }
}

/** Fastify's log serializers with the two above. */
export const logSerializers = { req: requestForLog, err: errorForLog }

// What a request's logger holds, as pino keeps it: its bindings already serialized, its stream, its clock.
const { chindingsSym, needsMetadataGsym, streamSym, timeSym } = pino.symbols
type PinoStream = { write(line: string): unknown } & Record<symbol, unknown>
function pinoInternal<T>(logger: FastifyBaseLogger, key: symbol): T {
  return (logger as unknown as Record<symbol, T>)[key] as T
}
const INFO_LEVEL = pino.levels.values.info

/**
 * The `request completed` line, byte for byte as `log.info({ req, res, responseTime }, 'request completed')`
 * writes it with the server's logger options, built in one template: its fields are known, and have nothing
 * to censor (`req` and `res` are whitelisted). pino's general path walks the object and stringifies each
 * value. A logger that is not pino (none configured) or a stream that needs pino's metadata (a multistream)
 * gets pino's own path: `false` then.
 */
function writeCompletedLine(log: FastifyBaseLogger, request: FastifyRequest, reply: FastifyReply): boolean {
  const stream = pinoInternal<PinoStream | undefined>(log, streamSym)
  // Not pino (the server's logger is off: Fastify's no-op one), or a stream that needs pino's metadata.
  if (stream === undefined || stream[needsMetadataGsym]) return false
  if (!(log as pino.Logger).isLevelEnabled('info')) return true
  const time = pinoInternal<() => string>(log, timeSym)()
  const bindings = pinoInternal<string>(log, chindingsSym)
  const elapsed = reply.elapsedTime
  const responseTime = Number.isFinite(elapsed) ? elapsed : null
  stream.write(
    `{"level":${INFO_LEVEL}${time}${bindings},"req":${JSON.stringify(requestForLog(request))},` +
      `"res":{"statusCode":${reply.statusCode}},"responseTime":${responseTime},"msg":"request completed"}\n`,
  )
  return true
}

/**
 * One log line per request, written when the answer has gone: method, route pattern, status and time, with the
 * request id every other line of the request carries. Fastify's own two lines (incoming, completed) cost twice
 * the formatting and the writing for what this one says; every other line Fastify writes is unchanged.
 */
export class RequestLineLogController extends LogController {
  /** Nothing at arrival: the line at completion says what this one would. */
  override incomingRequest(): void {}

  /** The request's one line: `request completed`, or `request errored` with the error. */
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return
    const log = reply.log
    if (error) log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
    else if (!writeCompletedLine(log, request, reply))
      log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}
