import type { FastifyRequest } from 'fastify'
import { errorName } from './errors'

/**
 * Log paths pino censors: credentials in headers, tokens, WeChat's session_key and secrets, at the
 * top level and one level down (where `{ err }`, `{ session }` and similar objects put them).
 */
export const redactedLogPaths: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...['authorization', 'token', 'sessionKey', 'session_key', 'secret', 'appSecret'].flatMap((key) => [key, `*.${key}`]),
]

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
