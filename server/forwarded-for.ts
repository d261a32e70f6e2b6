import { isIP } from 'node:net'
import type { FastifyRequest } from 'fastify'
import { ApiError } from './errors'

/** Longest `X-Forwarded-For` accepted: a chain of a dozen IPv6 proxies fits; 8 KB of spoofed hops does not. */
export const MAX_FORWARDED_FOR_LENGTH = 512

/** Most hops accepted in `X-Forwarded-For`. */
export const MAX_FORWARDED_FOR_HOPS = 16

/**
 * Refuses a malformed or oversized `X-Forwarded-For` with 400: every entry must be a bare IP address.
 * The rate-limit key is read from it (through the trusted hops only), so junk never reaches the store.
 */
export function checkForwardedFor(request: FastifyRequest) {
  const header = request.headers['x-forwarded-for']
  if (header === undefined) return
  const value = Array.isArray(header) ? header.join(',') : header
  if (value.length > MAX_FORWARDED_FOR_LENGTH) {
    throw new ApiError('INVALID_REQUEST', `X-Forwarded-For over ${MAX_FORWARDED_FOR_LENGTH} characters`)
  }
  const hops = value.split(',')
  if (hops.length > MAX_FORWARDED_FOR_HOPS || !hops.every((hop) => isIP(hop.trim()) !== 0)) {
    throw new ApiError('INVALID_REQUEST', 'malformed X-Forwarded-For')
  }
}
