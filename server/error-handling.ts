import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError, type ErrorCode, errorBody } from './errors'

/** The error code a malformed request gets on a route: login has its own (`INVALID_CODE`). */
function malformedCode(request: FastifyRequest): ErrorCode {
  return request.routeOptions?.config?.operationId === 'login' ? 'INVALID_CODE' : 'INVALID_REQUEST'
}

/** Maps any error to the API's error: ours as they are, Fastify's 4xx as malformed requests, the rest as 500. */
export function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error
  const fastifyError = error as Partial<FastifyError>
  // Validation, bad JSON, wrong content type, oversized bodies: all malformed input, in the contract's 400.
  if (fastifyError.validation || (fastifyError.statusCode !== undefined && fastifyError.statusCode < 500)) {
    return new ApiError(malformedCode(request), fastifyError.message ?? 'malformed request', { cause: error })
  }
  return new ApiError('INTERNAL_ERROR', fastifyError.message ?? 'internal error', { cause: error })
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

/** Requests Node's HTTP parser rejects: answered in the same `{ code, message }` shape, then closed. */
export function handleClientError(error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const body = JSON.stringify(errorBody('INVALID_REQUEST'))
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
