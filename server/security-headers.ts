import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet from 'helmet'

/**
 * Helmet's default security headers, lower-cased, as helmet itself sets them. Computed once: they do not depend
 * on the request, while `@fastify/helmet` rebuilds helmet (and re-parses its Content-Security-Policy) per request.
 */
export function helmetDefaultHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {}
  const capture = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value)
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()]
    },
  }
  helmet()({} as IncomingMessage, capture as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error
  })
  return Object.freeze(headers)
}
