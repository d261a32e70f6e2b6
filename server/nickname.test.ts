import { ApiError } from './errors'
import { judgeNickname } from './nickname'

function refusal(raw: string): string | undefined {
  try {
    judgeNickname(raw)
    return undefined
  } catch (error) {
    return error instanceof ApiError ? error.code : 'not an ApiError'
  }
}

describe('judgeNickname', () => {
  it('accepts 1 to 20 characters and trims the surrounding spaces', () => {
    expect(judgeNickname('  小明  ')).toBe('小明')
    expect(judgeNickname('a')).toBe('a')
    expect(judgeNickname('微'.repeat(20))).toBe('微'.repeat(20))
  })

  it('counts an emoji made of several code points as one character', () => {
    expect(judgeNickname('👨‍👩‍👧'.repeat(20))).toBe('👨‍👩‍👧'.repeat(20))
  })

  it('refuses empty, blank and over-long nicknames', () => {
    for (const raw of ['', '   ', '\u3000', '微'.repeat(21), 'a'.repeat(1000)]) {
      expect(refusal(raw)).toBe('INVALID_NICKNAME')
    }
  })

  it('refuses control characters, line separators, bidi overrides and lone surrogates anywhere', () => {
    for (const raw of ['小\u0000明', '小\n明', '小\u007f明', 'a\u2028b', '\u202eevil', 'x\ud800', 'a\u0085b']) {
      expect(refusal(raw)).toBe('INVALID_NICKNAME')
    }
  })
})
