import { isValidToken } from './token'

// The shape the reference server issues: a 22-character user tag, a dot, 43 characters of random bits.
const issued = `${'A'.repeat(21)}b.${'x_-9'.repeat(10)}abc`

describe('isValidToken', () => {
  it('accepts a token of the shape the server issues', () => {
    expect(isValidToken(issued)).toBe(true)
  })

  it.each([
    ['empty', ''],
    ['with a space', `${issued.slice(0, 30)} ${issued.slice(31)}`],
    ['one character short', issued.slice(1)],
    ['one character long', `${issued}a`],
    ['20 KB long', `${issued}${'a'.repeat(20 * 1024)}`],
    ['without the dot', issued.replace('.', 'a')],
    ['with base64 padding', `${issued.slice(0, -1)}=`],
    ['with a non-ASCII character', `${issued.slice(0, -1)}é`],
    ['with a line break at the end', `${issued.slice(1)}\n`],
  ])('rejects a token %s', (_, token) => {
    expect(isValidToken(token)).toBe(false)
  })

  it.each([null, undefined, 42, {}, ['x']])('rejects the non-string %j', (value) => {
    expect(isValidToken(value)).toBe(false)
  })
})
