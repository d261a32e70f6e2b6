import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError, type ErrorCode, errorBody, errorName } from './errors'

/** The error code a malformed request gets on a route: login has its own (`INVALID_CODE`). */
function malformedCode(request: FastifyRequest): ErrorCode {
  return request.routeOptions?.config?.operationId === 'login' ? 'INVALID_CODE' : 'INVALID_REQUEST'
}

/**
 * What a Fastify error may say in a log line. Its message can quote the request (a JSON parse error quotes
 * the body, a media type error the header), so only its code and, for validation, where and which rule.
 */
function fastifyDetail(error: Partial<FastifyError>): string {
  if (error.validation) {
    const failures = error.validation.map((failure) => `${failure.instancePath || '/'} ${failure.keyword}`)
    return `${error.validationContext ?? 'request'} invalid: ${failures.join(', ')}`
  }
  return error.code ?? errorName(error)
}

/** Maps any error to the API's error: ours as they are, Fastify's 4xx as malformed requests, the rest as 500. */
export function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error
  const fastifyError = (typeof error === 'object' && error !== null ? error : {}) as Partial<FastifyError>
  // Validation, bad JSON, wrong content type, oversized bodies: all malformed input, in the contract's 400.
  if (fastifyError.validation || (fastifyError.statusCode !== undefined && fastifyError.statusCode < 500)) {
    return new ApiError(malformedCode(request), fastifyDetail(fastifyError), { cause: error })
  }
  return new ApiError('INTERNAL_ERROR', fastifyDetail(fastifyError), { cause: error })
}

/** Fastify error handler: every error leaves as `{ code, message }`; details go to the log only. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const apiError = toApiError(error, request)
  if (apiError.code === 'INTERNAL_ERROR') {
    request.log.error({ err: apiError.cause ?? apiError }, 'request failed')
  } else if (apiError.statusCode >= 500) {
    request.log.warn({ code: apiError.code, detail: apiError.message }, 'request failed upstream')
  } else {
    request.log.info({ code: apiError.code, detail: apiError.message }, 'request rejected')
  }
  return reply.code(apiError.statusCode).send(apiError.toBody())
}

/** Unknown routes and methods. */
export function handleNotFound(_request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send(errorBody('NOT_FOUND'))
}

/** Errors Fastify raises before routing (e.g. a URL that cannot be decoded). */
export function handleFrameworkError(_error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  return reply.code(400).send(errorBody('INVALID_REQUEST'))
}

/** A whole HTTP/1.1 error response in the `{ code, message }` shape, for answers written before Fastify runs. */
export function rawErrorResponse(status: number, code: ErrorCode): string {
  const body = JSON.stringify(errorBody(code))
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Cache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  )
}

// Node's HTTP parser errors (llhttp codes) and its timeouts, by the status they deserve.
const CLIENT_ERROR_STATUSES: Readonly<Record<string, number>> = {
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADER_OVERFLOW: 431,
}

/** Requests Node's HTTP parser rejects or times out: answered in the `{ code, message }` shape, then closed. */
export function handleClientError(error: Error & { code?: string }, socket: Duplex) {
  // A response already under way on this connection cannot be followed by another one: close instead.
  const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (error.code === 'ECONNRESET' || !socket.writable || inProgress?.headersSent) {
    socket.destroy()
    return
  }
  const status = CLIENT_ERROR_STATUSES[error.code ?? ''] ?? 400
  socket.end(rawErrorResponse(status, 'INVALID_REQUEST'))
}

/** `Expect` other than `100-continue`: 417 in the `{ code, message }` shape (Node would send an empty body). */
export function handleUnmetExpectation(_request: IncomingMessage, response: ServerResponse) {
  const body = JSON.stringify(errorBody('INVALID_REQUEST'))
  response.writeHead(417, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  })
  response.end(body)
}

/** `CONNECT`: this server is no proxy; answered 404 in shape instead of the silent close Node does. */
export function handleConnect(_request: IncomingMessage, socket: Duplex) {
  socket.on('error', () => socket.destroy())
  socket.end(rawErrorResponse(404, 'NOT_FOUND'))
}

/** HTTP/1.1 requires `Host`; Node's own check answers an empty 400, so the check is made here, in shape. */
export function requireHost(request: FastifyRequest) {
  if (request.raw.httpVersion === '1.1' && !request.headers.host) {
    throw new ApiError('INVALID_REQUEST', 'HTTP/1.1 request without Host')
  }
}
