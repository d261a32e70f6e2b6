import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { avatarSvg, USER_ID_PATTERN } from './avatar'
import { handleClientError, handleError, handleFrameworkError, handleNotFound } from './error-handling'
import { ApiError } from './errors'
import { redactedLogPaths } from './logging'
import { redisRateLimitStore } from './rate-limit-store'
import type { RedisClient } from './redis-client'
import { bearerFor, createHandlers } from './routes'
import { loadOperations, type OperationId } from './spec'
import type { SessionStore } from './store'
import type { CodeExchange } from './wechat'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The contract operation a route serves. */
    operationId?: OperationId
  }
}

/** Default session lifetime: 7 days. */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60

/** Where the Taro H5 dev server runs. */
export const DEFAULT_CORS_ORIGINS = ['http://127.0.0.1:10086', 'http://localhost:10086']

/** Server settings; every field has a default. */
export interface ServerConfig {
  /** Lifetime of a new token. */
  sessionTtlSeconds: number
  /** Origins allowed to call the API from a browser, or `*` for any. */
  corsOrigins: string[] | '*'
  /** Login attempts allowed per client address per minute. */
  loginRateLimitPerMinute: number
  /** Absolute base URL of this server as clients reach it (avatar URLs are built from it). */
  publicBaseUrl: string
  /** Trust X-Forwarded-For (behind a reverse proxy), so limits apply per real client. */
  trustProxy: boolean
  /** Log level and destination; `false` disables logging. */
  logger: false | { level?: string; stream?: { write(line: string): void } }
}

/** Defaults of `ServerConfig`. */
export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  sessionTtlSeconds: SESSION_TTL_SECONDS,
  corsOrigins: DEFAULT_CORS_ORIGINS,
  loginRateLimitPerMinute: 30,
  publicBaseUrl: 'http://127.0.0.1:3000',
  trustProxy: false,
  logger: { level: 'info' },
}

/** What `buildServer` is built from: its dependencies and settings. */
export interface ServerOptions {
  /** Users and sessions. */
  store: SessionStore
  /** WeChat (or dev) code exchange. */
  exchange: CodeExchange
  /** Settings; missing fields take their defaults. */
  config?: Partial<ServerConfig>
  /** Redis for the login rate limit, so instances share it; in-process counting when absent. */
  rateLimitRedis?: RedisClient
}

// A login body is a few hundred bytes at most; anything near this is not a client of ours.
const BODY_LIMIT_BYTES = 16 * 1024
const RATE_LIMITED_OPERATIONS: ReadonlySet<OperationId> = new Set(['login'])

/** The API server: routes, validation and serialization derived from `sdk/openapi.yaml`. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const config: ServerConfig = { ...DEFAULT_SERVER_CONFIG, ...options.config }
  const app = Fastify({
    logger: loggerOptions(config),
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    // Extra fields are errors, not silently dropped, and types are never coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
    clientErrorHandler: handleClientError,
    frameworkErrors: handleFrameworkError,
  })
  app.setErrorHandler(handleError)
  app.setNotFoundHandler(handleNotFound)
  acceptEmptyJsonBodies(app)

  app.register(helmet)
  app.register(cors, {
    origin: config.corsOrigins === '*' ? true : config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
    strictPreflight: false,
  })
  app.register(rateLimit, {
    global: false,
    ...(options.rateLimitRedis ? { store: redisRateLimitStore(options.rateLimitRedis) } : {}),
    errorResponseBuilder: () => new ApiError('RATE_LIMITED', 'login rate limit reached'),
  })

  const handlers = createHandlers({
    store: options.store,
    exchange: options.exchange,
    sessionTtlMs: config.sessionTtlSeconds * 1000,
    publicBaseUrl: config.publicBaseUrl.replace(/\/+$/, ''),
  })
  app.register(async (api) => {
    for (const operation of loadOperations()) {
      const handler = handlers[operation.operationId]
      if (!handler) throw new Error(`no handler for operation ${operation.operationId} in the contract`)
      api.route({
        method: operation.method,
        url: operation.path,
        schema: { ...(operation.body ? { body: operation.body } : {}), response: operation.response },
        config: {
          operationId: operation.operationId,
          ...(RATE_LIMITED_OPERATIONS.has(operation.operationId)
            ? { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } }
            : {}),
        },
        handler: (request, reply) => handler({ request, reply, token: bearerFor(request, operation.auth) }),
      })
    }
    // A static asset, not part of the contract: the generated avatar each user's avatarUrl points at.
    api.get<{ Params: { file: string } }>('/avatars/:file', async (request, reply) => {
      const userId = request.params.file.replace(/\.svg$/, '')
      if (!request.params.file.endsWith('.svg') || !USER_ID_PATTERN.test(userId)) return handleNotFound(request, reply)
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=86400, immutable')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(avatarSvg(userId))
    })
  })
  return app
}

function loggerOptions(config: ServerConfig): FastifyServerOptions['logger'] {
  if (config.logger === false) return false
  return {
    level: config.logger.level ?? 'info',
    ...(config.logger.stream ? { stream: config.logger.stream } : {}),
    redact: { paths: redactedLogPaths, censor: '[redacted]' },
  }
}

// Clients often send `Content-Type: application/json` with no body (e.g. on logout): that is no body, not bad JSON.
function acceptEmptyJsonBodies(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString()
    if (text === '') {
      done(null, undefined)
      return
    }
    parseJson(request, text, done)
  })
}
