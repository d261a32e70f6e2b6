import { isValidToken } from '../sdk/api/token'

/**
 * What a request's Authorization header holds: nothing, something that is not a Bearer credential at all,
 * a Bearer credential whose token is not of the contract's `Token` shape, or a token of that shape.
 */
export type Bearer =
  | { kind: 'absent' }
  | { kind: 'malformed' }
  | { kind: 'invalid-token' }
  | { kind: 'token'; token: string }

// The scheme is case-insensitive (RFC 7235); whatever follows it is the credential, judged separately.
// No backtracking pattern for the trailing blanks: a long run of them must not cost quadratic time.
const BEARER_SCHEME = /^Bearer(?:[ \t]+([\s\S]*))?$/i

function withoutTrailingBlanks(text: string): string {
  let end = text.length
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--
  return text.slice(0, end)
}

/**
 * Reads `Authorization: Bearer <token>`. A header of another scheme (or none) is malformed; a Bearer
 * credential that can never be a token the server issued (wrong characters, too short, too long, empty)
 * is `invalid-token`, which RFC 6750 answers like an unknown token: 401 `invalid_token`, not 400.
 */
export function readBearer(header: string | string[] | undefined): Bearer {
  if (header === undefined) return { kind: 'absent' }
  if (typeof header !== 'string') return { kind: 'malformed' }
  const match = BEARER_SCHEME.exec(header)
  if (!match) return { kind: 'malformed' }
  const token = withoutTrailingBlanks(match[1] ?? '')
  return isValidToken(token) ? { kind: 'token', token } : { kind: 'invalid-token' }
}
