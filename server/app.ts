import { MIMEType } from 'node:util'
import cors from '@fastify/cors'
import multipart from '@fastify/multipart'
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify'
import { avatarSvg, generatedAvatar } from './avatar'
import { AVATAR_FILE_PATTERN, type AvatarStore, createMemoryAvatarStore } from './avatar-store'
import type { CodeExchange } from './code-exchange'
import {
  handleClientError,
  handleConnect,
  handleError,
  handleFrameworkError,
  handleNotFound,
  handleUnmetExpectation,
  requireHost,
} from './error-handling'
import { ApiError } from './errors'
import { checkForwardedFor } from './forwarded-for'
import { type BufferedLog, bufferedStdout } from './log-destination'
import { logSerializers, RequestLineLogController, redactSecrets } from './logging'
import { applyMethodOverride } from './method-override'
import type { NicknameScreen } from './nickname-screen'
import { createDevPhoneVerifier, type PhoneVerifier } from './phone'
import { sendUploadedAvatar } from './profile-routes'
import { inProcessCounter, limitPerAddress, redisCounter } from './rate-limit-store'
import type { RedisClient } from './redis-client'
import { bearerFor, createHandlers, type OtherPlatformExchanges } from './routes'
import { apiSecurityHeaders } from './security-headers'
import { enableDraining } from './shutdown'
import { loadOperations, type OperationId, type SpecOperation } from './spec'
import type { SessionStore } from './store'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The contract operation a route serves. */
    operationId?: OperationId
  }
}

/** Default session lifetime: 7 days. */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60

/** Default absolute lifetime of a token, renewals included: 30 days. */
export const SESSION_MAX_LIFETIME_SECONDS = 30 * 24 * 60 * 60

/** Where the Taro H5 dev server runs. */
export const DEFAULT_CORS_ORIGINS = ['http://127.0.0.1:10086', 'http://localhost:10086']

/** Server settings; every field has a default. */
export interface ServerConfig {
  /** Lifetime of a new token; a use after half of it extends it by this much again. */
  sessionTtlSeconds: number
  /** How long a token may live at most, renewals included. */
  sessionMaxLifetimeSeconds: number
  /** Origins allowed to call the API from a browser, or `*` for any. */
  corsOrigins: string[] | '*'
  /** Login attempts allowed per client address per minute. */
  loginRateLimitPerMinute: number
  /** Absolute base URL of this server as clients reach it (avatar URLs are built from it). */
  publicBaseUrl: string
  /**
   * Which proxies' X-Forwarded-For entries to believe, so limits apply per real client: `false` none, a number
   * of hops (the nearest proxies), or the proxies' addresses and CIDRs. Entries a client wrote are never used.
   */
  trustProxy: TrustProxy
  /** Connection timeouts: slow or silent clients are cut off. */
  timeouts: HttpTimeouts
  /** Log level and destination; `false` disables logging. */
  logger: false | { level?: string; stream?: { write(line: string): void } }
}

/** Proxies whose X-Forwarded-For entries are believed: none, a hop count, or addresses and CIDRs. */
export type TrustProxy = false | number | string[]

/** How long a connection may take over each part of its life, in ms. */
export interface HttpTimeouts {
  /** Whole request, headers and body: a slow body is answered 408 after this. */
  requestMs: number
  /** Request headers: a slow header block is answered 408 after this. */
  headersMs: number
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number
  /** A connection silent this long (even before its first byte) is closed. */
  idleMs: number
  /** How often the request and header timeouts are checked; a timeout fires up to this much late. */
  checkIntervalMs: number
}

/** Default timeouts: a slow request is cut within 15 s + 1 s, a silent connection within 30 s. */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  requestMs: 15_000,
  headersMs: 10_000,
  // Longer than the usual load balancer idle timeout (60 s), so the proxy, not us, closes idle connections.
  keepAliveMs: 72_000,
  idleMs: 30_000,
  checkIntervalMs: 1_000,
}

/** Defaults of `ServerConfig`. */
export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  sessionTtlSeconds: SESSION_TTL_SECONDS,
  sessionMaxLifetimeSeconds: SESSION_MAX_LIFETIME_SECONDS,
  corsOrigins: DEFAULT_CORS_ORIGINS,
  loginRateLimitPerMinute: 30,
  publicBaseUrl: 'http://127.0.0.1:3000',
  trustProxy: false,
  timeouts: DEFAULT_HTTP_TIMEOUTS,
  logger: { level: 'info' },
}

/** What `buildServer` is built from: its dependencies and settings. */
export interface ServerOptions {
  /** Users and sessions. */
  store: SessionStore
  /** WeChat (or dev) code exchange. */
  exchange: CodeExchange
  /** Alipay's and Douyin's exchanges (real or dev); a platform left out answers `PLATFORM_NOT_ENABLED`. */
  exchanges?: OtherPlatformExchanges
  /** Settings; missing fields take their defaults. */
  config?: Partial<ServerConfig>
  /** Redis for the login rate limit, so instances share it; in-process counting when absent. */
  rateLimitRedis?: RedisClient
  /** Phone code verification; the dev verifier (`dev-phone:<number>` codes) when absent. */
  phone?: PhoneVerifier
  /** Where uploaded avatars are kept; in memory when absent. */
  avatars?: AvatarStore
  /** WeChat's text security check of nicknames; none when absent (dev mode). */
  nicknameScreen?: NicknameScreen
}

// A login body is a few hundred bytes at most; anything near this is not a client of ours.
const BODY_LIMIT_BYTES = 16 * 1024
const RATE_LIMITED_OPERATIONS: ReadonlySet<OperationId> = new Set(['login'])
const RATE_LIMIT_WINDOW_MS = 60_000

/** The API server: routes, validation and serialization derived from `sdk/openapi.yaml`. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const config: ServerConfig = { ...DEFAULT_SERVER_CONFIG, ...options.config }
  const { timeouts } = config
  const stdoutLog = config.logger !== false && !config.logger.stream ? bufferedStdout() : null
  const app = Fastify({
    logger: loggerOptions(config, stdoutLog),
    // One line per request, at response time (`logging.ts`).
    logController: new RequestLineLogController(),
    trustProxy: trustedProxies(config.trustProxy),
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: timeouts.idleMs,
    http: {
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      connectionsCheckingInterval: timeouts.checkIntervalMs,
      // Node's own Host check answers an empty 400; `requireHost` answers it in shape.
      requireHostHeader: false,
    },
    // Shutdown answers late requests itself, in the API's shape (`shutdown.ts`).
    return503OnClosing: false,
    // Extra fields are errors, not silently dropped, and types are never coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
    clientErrorHandler: handleClientError,
    frameworkErrors: handleFrameworkError,
    // WeChat's wx.request has no PATCH: a POST with X-HTTP-Method-Override: PATCH is routed as the PATCH.
    rewriteUrl: applyMethodOverride,
  })
  redactChildBindings(app)
  if (stdoutLog) flushPeriodically(app, stdoutLog)
  app.setErrorHandler(handleError)
  app.setNotFoundHandler(handleNotFound)
  app.server.on('checkExpectation', handleUnmetExpectation)
  app.server.on('connect', handleConnect)
  enableDraining(app)
  // Callback hooks, not async ones: no promise per request for work that never waits.
  const securityHeaders = apiSecurityHeaders()
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders)
    try {
      requireHost(request)
      checkForwardedFor(request)
    } catch (error) {
      done(error as Error)
      return
    }
    done()
  })
  app.addHook('onSend', (request, reply, payload, done) => {
    cacheHeaders(request, reply)
    done(null, payload)
  })
  acceptEmptyJsonBodies(app)

  app.register(cors, {
    origin: config.corsOrigins === '*' ? true : config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PATCH'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
    strictPreflight: false,
  })

  const avatars = options.avatars ?? createMemoryAvatarStore()
  const handlers = createHandlers({
    store: options.store,
    phone: options.phone ?? createDevPhoneVerifier(),
    avatars,
    ...(options.nicknameScreen ? { nicknameScreen: options.nicknameScreen } : {}),
    exchange: options.exchange,
    exchanges: options.exchanges ?? {},
    sessionTtlMs: config.sessionTtlSeconds * 1000,
    sessionMaxLifetimeMs: config.sessionMaxLifetimeSeconds * 1000,
    publicBaseUrl: config.publicBaseUrl.replace(/\/+$/, ''),
  })
  const operations = loadOperations()
  // Per client address, each limited route counted apart: on Redis when given, so instances share the count.
  const rateLimited = (operation: SpecOperation) => {
    const { rateLimitRedis } = options
    const counter = rateLimitRedis
      ? redisCounter(rateLimitRedis, `${operation.method}${operation.path}`)
      : inProcessCounter()
    return limitPerAddress(counter, config.loginRateLimitPerMinute, RATE_LIMIT_WINDOW_MS)
  }
  const route = (api: FastifyInstance, operation: SpecOperation) => {
    const handler = handlers[operation.operationId]
    if (!handler) throw new Error(`no handler for operation ${operation.operationId} in the contract`)
    api.route({
      method: operation.method,
      url: operation.path,
      schema: { ...(operation.body ? { body: operation.body } : {}), response: operation.response },
      config: { operationId: operation.operationId },
      ...(RATE_LIMITED_OPERATIONS.has(operation.operationId) ? { onRequest: rateLimited(operation) } : {}),
      handler: (request, reply) => handler({ request, reply, token: bearerFor(request, operation.auth) }),
    })
  }
  // Uploads (the avatar) in a scope of their own: multipart's parser, request fields and per-request hook stay
  // off every other route. Their size limits are set where the route reads them.
  app.register(async (uploads) => {
    await uploads.register(multipart, { throwFileSizeLimit: true })
    for (const operation of operations) if (operation.multipart) route(uploads, operation)
  })
  app.register(async (api) => {
    for (const operation of operations) if (!operation.multipart) route(api, operation)
    // Static assets, not part of the contract: uploaded avatars and the generated one of each new user.
    api.get<{ Params: { file: string } }>('/avatars/:file', async (request, reply) => {
      if (AVATAR_FILE_PATTERN.test(request.params.file)) return sendUploadedAvatar(avatars, request.params.file, reply)
      const generated = generatedAvatar(request.params.file)
      if (!generated) return handleNotFound(request, reply)
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=86400, immutable')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(avatarSvg(generated.userId, generated.platform))
    })
  })
  return app
}

// proxy-addr walks X-Forwarded-For from the right, so trusting `hops` hops never reaches what the client wrote.
function trustedProxies(trust: TrustProxy): FastifyServerOptions['trustProxy'] {
  if (typeof trust !== 'number') return trust
  return (_address: string, hop: number) => hop < trust
}

// Log lines gather (`log-destination.ts`) before one write to stdout; a quiet server still writes them within
// LOG_FLUSH_MS. One write per line costs more than formatting the line.
const LOG_FLUSH_MS = 250

function flushPeriodically(app: FastifyInstance, destination: BufferedLog) {
  // No callback: one would add a drain listener per call while a slow write is under way.
  const flush = () => {
    try {
      destination.flush()
    } catch {
      // The stream already ended at exit: nothing is left to write.
    }
  }
  const timer = setInterval(flush, LOG_FLUSH_MS).unref()
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer)
    flush()
    done()
  })
}

function loggerOptions(config: ServerConfig, stdoutLog: BufferedLog | null): FastifyServerOptions['logger'] {
  if (config.logger === false) return false
  return {
    level: config.logger.level ?? 'info',
    ...(config.logger.stream ? { stream: config.logger.stream } : stdoutLog ? { stream: stdoutLog } : {}),
    serializers: logSerializers,
    // Every line's own fields, before serialization; child loggers' bindings: `redactChildBindings`.
    formatters: { log: redactSecrets },
  }
}

/**
 * Child loggers' bindings (a request's logger included) pass through `redactSecrets` too: pino formats them
 * apart from lines. Children inherit `child` from the root logger, so wrapping it there covers all of them.
 */
function redactChildBindings(app: FastifyInstance) {
  const root = app.log
  const child = root.child
  root.child = function childWithoutSecrets(this: typeof root, bindings, options) {
    return child.call(this, redactSecrets(bindings), options)
  }
}

/**
 * Answers carrying a token or personal data must not be stored by any cache (RFC 6749 §5.1), so `no-store` is
 * the default of every answer, errors included; a route serving public data sets its own `Cache-Control`. The
 * public feed (no token) may be cached, varying on Authorization so a signed-in answer never comes from it.
 */
function cacheHeaders(request: FastifyRequest, reply: FastifyReply) {
  if (reply.hasHeader('cache-control')) return
  // The route's options last: Fastify builds them anew on each read.
  const publicFeed =
    request.headers.authorization === undefined &&
    reply.statusCode === 200 &&
    request.routeOptions.config?.operationId === 'getFeed'
  if (publicFeed) {
    const vary = reply.getHeader('vary')
    reply.header('cache-control', 'public, max-age=60')
    reply.header('vary', vary ? `${String(vary)}, Authorization` : 'Authorization')
    return
  }
  reply.header('cache-control', 'no-store')
  reply.header('pragma', 'no-cache')
}

/** A JSON body in any charset but UTF-8 would be misread: 415, as RFC 8259 JSON is UTF-8. */
function checkJsonCharset(contentType: string | undefined) {
  // The common case needs no MIME parsing.
  if (contentType === undefined || contentType === 'application/json') return
  let charset: string | null = null
  try {
    charset = new MIMEType(contentType).params.get('charset')
  } catch {
    throw new ApiError('INVALID_REQUEST', 'unparseable Content-Type', { status: 415 })
  }
  if (charset !== null && !/^utf-?8$/i.test(charset)) {
    throw new ApiError('INVALID_REQUEST', 'JSON body in a charset other than UTF-8', { status: 415 })
  }
}

// Clients often send `Content-Type: application/json` with no body (e.g. on logout): that is no body, not bad JSON.
function acceptEmptyJsonBodies(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    try {
      checkJsonCharset(request.headers['content-type'])
    } catch (error) {
      done(error as Error, undefined)
      return
    }
    const text = body.toString()
    if (text === '') {
      done(null, undefined)
      return
    }
    parseJson(request, text, done)
  })
}
