import { createHash } from 'node:crypto'
import { hashToken, issueToken, randomBase64url, slotTagFor, slotTagOf } from './token'

describe('tokens', () => {
  it('are never repeated, across many refills of the random pool', () => {
    const tag = slotTagFor('openid-pool')
    const tokens = Array.from({ length: 5_000 }, () => issueToken(tag))
    expect(new Set(tokens).size).toBe(tokens.length)
    expect(tokens.every((token) => slotTagOf(token) === tag)).toBe(true)
  })

  it('carry 32 random bytes, random ids as many as asked, larger requests included', () => {
    const random = issueToken(slotTagFor('openid-length')).split('.')[1] ?? ''
    expect(Buffer.from(random, 'base64url')).toHaveLength(32)
    for (const bytes of [1, 12, 33, 4096, 5000])
      expect(Buffer.from(randomBase64url(bytes), 'base64url')).toHaveLength(bytes)
  })

  it('random ids drawn in turn share no bytes', () => {
    const drawn = Array.from({ length: 2_000 }, () => randomBase64url(12))
    expect(new Set(drawn).size).toBe(drawn.length)
  })

  it('are stored as their SHA-256, and users are tagged by the SHA-256 of their openid', () => {
    expect(hashToken('abc')).toBe(createHash('sha256').update('abc').digest('base64url'))
    expect(slotTagFor('o')).toBe(createHash('sha256').update('miniauth:user:o').digest('base64url').slice(0, 22))
  })

  it("keep a WeChat user's tag as it always was, and give another platform's user of the same openid another", () => {
    const tag = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22)
    expect(slotTagFor('o', 'wechat')).toBe(tag('miniauth:user:o'))
    expect(slotTagFor('o', 'alipay')).toBe(tag('miniauth:user@alipay:o'))
    expect(slotTagFor('o', 'douyin')).toBe(tag('miniauth:user@douyin:o'))
    // No WeChat openid can hash to another platform's input: theirs has `@` where WeChat's has `:`.
    expect(slotTagFor('alipay:o', 'wechat')).not.toBe(slotTagFor('o', 'alipay'))
  })
})
