import { createHash, randomBytes } from 'node:crypto'

// 22 base64url characters = 132 bits of a SHA-256: collisions between users are not a practical concern.
const SLOT_TAG_LENGTH = 22
// 32 bytes = 256 bits from the CSPRNG, 43 base64url characters.
const TOKEN_RANDOM_BYTES = 32
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/

/**
 * The slot tag of a WeChat user: every store key of that user carries it, and so does every token
 * issued to them, so a token leads straight to its user's keys without a lookup in another slot.
 */
export function slotTagFor(openid: string): string {
  return createHash('sha256').update(`miniauth:user:${openid}`).digest('base64url').slice(0, SLOT_TAG_LENGTH)
}

/** A new opaque bearer token for the user with `slotTag`: `<slotTag>.<256 random bits>`. */
export function issueToken(slotTag: string): string {
  return `${slotTag}.${randomBytes(TOKEN_RANDOM_BYTES).toString('base64url')}`
}

/** The slot tag a token claims, or null when the token is not in the issued format. */
export function slotTagOf(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null
}

/** What the store keeps instead of the token, so a copy of the store holds no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
