import { hash, randomFillSync } from 'node:crypto'
import type { Platform } from './code-exchange'

// 22 base64url characters = 132 bits of a SHA-256: collisions between users are not a practical concern.
const SLOT_TAG_LENGTH = 22
// 32 bytes = 256 bits from the CSPRNG, 43 base64url characters.
const TOKEN_RANDOM_BYTES = 32
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/
// Random bytes are drawn from the CSPRNG this many at a time: one call per request costs more than the bytes.
const RANDOM_POOL_BYTES = 4096

let pool = Buffer.alloc(0)
let poolOffset = 0

/**
 * `bytes` fresh bytes from the CSPRNG, as base64url. Bytes come from a pool refilled in blocks (as
 * `crypto.randomUUID` does); each byte is handed out once and the pool is refilled, never reused.
 */
export function randomBase64url(bytes: number): string {
  if (bytes > RANDOM_POOL_BYTES) return randomFillSync(Buffer.alloc(bytes)).toString('base64url')
  if (poolOffset + bytes > pool.length) {
    // A new block each time: no byte already handed out is ever read again.
    pool = randomFillSync(Buffer.allocUnsafe(RANDOM_POOL_BYTES))
    poolOffset = 0
  }
  const value = pool.toString('base64url', poolOffset, poolOffset + bytes)
  poolOffset += bytes
  return value
}

/**
 * The slot tag of a user (a platform's openid): every store key of that user carries it, and so does every
 * token issued to them, so a token leads straight to its user's keys without a lookup in another slot.
 * WeChat users keep the tag they always had (`miniauth:user:<openid>`); other platforms hash
 * `miniauth:user@<platform>:<openid>`, which no WeChat openid can produce (`@` where WeChat's has `:`), so
 * the same openid string on two platforms is two users.
 */
export function slotTagFor(openid: string, platform: Platform = 'wechat'): string {
  const key = platform === 'wechat' ? `miniauth:user:${openid}` : `miniauth:user@${platform}:${openid}`
  return hash('sha256', key, 'base64url').slice(0, SLOT_TAG_LENGTH)
}

/** A new opaque bearer token for the user with `slotTag`: `<slotTag>.<256 random bits>`. */
export function issueToken(slotTag: string): string {
  return `${slotTag}.${randomBase64url(TOKEN_RANDOM_BYTES)}`
}

/** The slot tag a token claims, or null when the token is not in the issued format. */
export function slotTagOf(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null
}

/** What the store keeps instead of the token, so a copy of the store holds no usable token. */
export function hashToken(token: string): string {
  // One-shot hash: no Hash object per request.
  return hash('sha256', token, 'base64url')
}
