import { NetworkError } from '../client/errors'
import type { Transport } from '../client/transport'

/** Settings of `fetchTransport`. */
export interface FetchTransportOptions {
  /** How long a request may take before it fails with code `TIMEOUT`; no limit when absent. */
  timeoutMs?: number
}

/** A transport over the global `fetch`, for Node and msw; `sdk/index.ts` never imports it, keeping WeChat bundles free of `fetch`. */
export function fetchTransport({ timeoutMs }: FetchTransportOptions = {}): Transport {
  return async (req) => {
    const controller = timeoutMs === undefined ? undefined : new AbortController()
    const timer = controller && setTimeout(() => controller.abort(), timeoutMs)
    try {
      // `fetch` is looked up per call: msw replaces it after the transport may have been created.
      const response = await fetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: controller?.signal,
      })
      const headers: Record<string, string> = {}
      response.headers.forEach((value, name) => {
        headers[name] = value
      })
      return { status: response.status, headers, body: await response.text() }
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown)
      throw new NetworkError(controller?.signal.aborted ? 'TIMEOUT' : 'NETWORK_ERROR', message, thrown)
    } finally {
      clearTimeout(timer)
    }
  }
}
