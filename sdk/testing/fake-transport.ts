// A transport double for the SDK's own tests: records every request, answers with what the test says.
import type { Transport, TransportRequest, TransportResponse } from '../client/transport'

/** A `Transport` that remembers the requests it was given. */
export type FakeTransport = Transport & { requests: TransportRequest[] }

/** A transport answering each request with `respond(request)` (which may throw to simulate a network failure). */
export function fakeTransport(
  respond: (request: TransportRequest) => TransportResponse | Promise<TransportResponse>,
): FakeTransport {
  const requests: TransportRequest[] = []
  const transport = async (request: TransportRequest) => {
    requests.push(request)
    return respond(request)
  }
  return Object.assign(transport, { requests })
}

/** A JSON response with `status` and `body`. */
export function jsonResponse(status: number, body: unknown): TransportResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

/** A response with a raw text body, e.g. an HTML error page. */
export function textResponse(status: number, body: string, contentType = 'text/plain'): TransportResponse {
  return { status, headers: { 'content-type': contentType }, body }
}
