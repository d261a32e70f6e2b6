import type { IncomingMessage } from 'node:http'

/** Methods a POST may stand for: WeChat's `wx.request` cannot send PATCH, so mini programs send POST + this header. */
const OVERRIDABLE = new Set(['PATCH'])

/**
 * Fastify's `rewriteUrl` runs before routing: a `POST` carrying `X-HTTP-Method-Override: PATCH` is routed as
 * the PATCH it stands for (the contract's `PATCH /profile`). Nothing else is rewritten; the URL stays as sent.
 */
export function applyMethodOverride(req: IncomingMessage): string {
  const override = req.headers['x-http-method-override']
  if (req.method === 'POST' && typeof override === 'string' && OVERRIDABLE.has(override.trim().toUpperCase())) {
    req.method = override.trim().toUpperCase()
  }
  return req.url ?? '/'
}
