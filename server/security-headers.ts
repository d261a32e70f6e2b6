import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * The security headers of a JSON API, after OWASP's REST Security Cheat Sheet: what a browser needs to be
 * told of an answer that is data, never a page. Helmet's defaults are written for HTML documents; the ones
 * that only mean something to a document, a legacy browser or a plugin are left off:
 * - `Cross-Origin-Opener-Policy`, `Origin-Agent-Cluster`: apply to a document's browsing context only.
 * - `X-DNS-Prefetch-Control`: governs prefetching of a page's links.
 * - `X-Download-Options`: Internet Explorer 8's "open" button for downloads.
 * - `X-Permitted-Cross-Domain-Policies`: Flash and Acrobat cross-domain policy files (the API serves none).
 * - `X-XSS-Protection: 0`: switches off an XSS filter no supported browser still has.
 * The Content-Security-Policy is the strictest there is (nothing loads, nothing frames the answer): an answer
 * opened as a page (a JSON body, a generated SVG avatar) can run no script and load nothing.
 */
const JSON_API_HELMET: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: { policy: 'same-origin' },
  originAgentCluster: false,
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  xContentTypeOptions: true,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: false,
  xPoweredBy: true,
  xXssProtection: false,
}

/**
 * The API's security headers, lower-cased, as helmet itself sets them with `JSON_API_HELMET`. Computed once:
 * they do not depend on the request, while `@fastify/helmet` rebuilds helmet (and re-parses its
 * Content-Security-Policy) per request.
 */
export function apiSecurityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {}
  const capture = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value)
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()]
    },
  }
  helmet(JSON_API_HELMET)({} as IncomingMessage, capture as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error
  })
  return Object.freeze(headers)
}
