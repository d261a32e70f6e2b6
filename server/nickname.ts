import { ApiError } from './errors'

/** The most characters a nickname may have after trimming (as a reader counts them: one emoji is one). */
export const NICKNAME_MAX_CHARACTERS = 20

// Control characters, line/paragraph separators, bidi overrides/isolates (they reorder text around them)
// and lone surrogates: none of them is part of a name anyone can read.
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\p{Cs}]/u

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' })

/** Trims `raw` and returns it when it is a valid nickname; else throws `INVALID_NICKNAME`. */
export function judgeNickname(raw: string): string {
  const nickname = raw.trim()
  if (nickname === '') throw new ApiError('INVALID_NICKNAME', 'nickname empty after trimming')
  if (FORBIDDEN.test(nickname)) throw new ApiError('INVALID_NICKNAME', 'nickname has control characters')
  let count = 0
  for (const _ of graphemes.segment(nickname)) {
    if (++count > NICKNAME_MAX_CHARACTERS) throw new ApiError('INVALID_NICKNAME', 'nickname too long')
  }
  return nickname
}
