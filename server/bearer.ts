/** What a request's Authorization header holds. */
export type Bearer = { kind: 'absent' } | { kind: 'malformed' } | { kind: 'token'; token: string }

// RFC 6750: the scheme is case-insensitive and the credentials are token68.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

/** Reads `Authorization: Bearer <token>`; any other non-empty form is malformed. */
export function readBearer(header: string | string[] | undefined): Bearer {
  if (header === undefined) return { kind: 'absent' }
  if (typeof header !== 'string') return { kind: 'malformed' }
  const token = BEARER.exec(header)?.[1]
  return token === undefined ? { kind: 'malformed' } : { kind: 'token', token }
}
