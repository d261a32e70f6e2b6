import { isDateTime, matchesShape, type Shape, type ShapeTable } from './shape'

const named: ShapeTable = {
  User: {
    type: 'object',
    required: ['id'],
    properties: { id: 'string', age: 'integer', tags: { type: 'array', items: 'string' } },
  },
  Closed: { type: 'object', additionalProperties: false, properties: { id: 'string' } },
  Node: { type: 'object', required: ['next'], properties: { next: { anyOf: [{ ref: 'Node' }, 'null'] } } },
}

describe('matchesShape', () => {
  it.each([
    ['string', 'x', 1],
    ['number', 1.5, '1.5'],
    ['integer', 2, 2.5],
    ['boolean', false, 0],
    ['null', null, undefined],
    ['array', [], {}],
    ['object', {}, []],
  ] as const)('checks the JSON type %s', (shape, good, bad) => {
    expect(matchesShape(shape, good, named)).toBe(true)
    expect(matchesShape(shape, bad, named)).toBe(false)
    expect(matchesShape({ type: shape }, bad, named)).toBe(false)
  })

  it('accepts anything for any', () => {
    expect(matchesShape('any', undefined, named)).toBe(true)
  })

  it('accepts any of a list of types', () => {
    expect(matchesShape({ type: ['string', 'null'] }, null, named)).toBe(true)
    expect(matchesShape({ type: ['string', 'null'] }, 1, named)).toBe(false)
  })

  it('checks enums', () => {
    expect(matchesShape({ enum: ['public', 'personal'] }, 'personal', named)).toBe(true)
    expect(matchesShape({ enum: ['public', 'personal'] }, 'secret', named)).toBe(false)
  })

  it('counts string lengths in characters, so an emoji is one', () => {
    const oneToThree: Shape = { type: 'string', minLength: 1, maxLength: 3 }
    expect(matchesShape(oneToThree, '', named)).toBe(false)
    expect(matchesShape(oneToThree, '😀😀😀', named)).toBe(true)
    expect(matchesShape(oneToThree, 'abcd', named)).toBe(false)
  })

  it('checks patterns, which match anywhere unless anchored', () => {
    expect(matchesShape({ type: 'string', pattern: /^[a-z]+$/ }, 'abc', named)).toBe(true)
    expect(matchesShape({ type: 'string', pattern: /^[a-z]+$/ }, 'ab c', named)).toBe(false)
    expect(matchesShape({ type: 'string', pattern: /b/ }, 'abc', named)).toBe(true)
  })

  it('checks the date-time format', () => {
    const instant: Shape = { type: 'string', format: 'date-time' }
    expect(matchesShape(instant, '2026-11-26T12:00:00.000Z', named)).toBe(true)
    expect(matchesShape(instant, 'soon', named)).toBe(false)
    expect(matchesShape(instant, '', named)).toBe(false)
  })

  it('checks number bounds', () => {
    const percent: Shape = { type: 'number', minimum: 0, exclusiveMaximum: 100 }
    expect(matchesShape(percent, 0, named)).toBe(true)
    expect(matchesShape(percent, 100, named)).toBe(false)
    expect(matchesShape(percent, -1, named)).toBe(false)
    expect(matchesShape({ type: 'number', maximum: 1, exclusiveMinimum: 0 }, 0, named)).toBe(false)
  })

  it('applies keywords of one type to values of that type only', () => {
    expect(matchesShape({ minLength: 2, minimum: 5 }, 'ab', named)).toBe(true)
    expect(matchesShape({ minLength: 2, minimum: 5 }, 6, named)).toBe(true)
    expect(matchesShape({ minLength: 2, minimum: 5 }, 4, named)).toBe(false)
  })

  it('requires required properties and checks the type of those present', () => {
    expect(matchesShape({ ref: 'User' }, { id: 'u' }, named)).toBe(true)
    expect(matchesShape({ ref: 'User' }, { age: 3 }, named)).toBe(false)
    expect(matchesShape({ ref: 'User' }, { id: 'u', age: '3' }, named)).toBe(false)
    expect(matchesShape({ ref: 'User' }, { id: null }, named)).toBe(false)
  })

  it('accepts properties it does not know unless additionalProperties is false', () => {
    expect(matchesShape({ ref: 'User' }, { id: 'u', newField: true }, named)).toBe(true)
    expect(matchesShape({ ref: 'Closed' }, { id: 'u' }, named)).toBe(true)
    expect(matchesShape({ ref: 'Closed' }, { id: 'u', newField: true }, named)).toBe(false)
    expect(matchesShape({ additionalProperties: 'integer' }, { a: 1, b: 2 }, named)).toBe(true)
    expect(matchesShape({ additionalProperties: 'integer' }, { a: 1, b: 'x' }, named)).toBe(false)
  })

  it('does not take inherited properties for present ones', () => {
    // `{}.constructor` exists, inherited from Object.prototype: it must still count as missing.
    const shape: Shape = { type: 'object', required: ['constructor'], properties: { constructor: 'any' as const } }
    expect(matchesShape(shape, {}, named)).toBe(false)
  })

  it('checks every array item and the number of items', () => {
    expect(matchesShape({ ref: 'User' }, { id: 'u', tags: ['a', 'b'] }, named)).toBe(true)
    expect(matchesShape({ ref: 'User' }, { id: 'u', tags: ['a', 2] }, named)).toBe(false)
    expect(matchesShape({ type: 'array', minItems: 1, maxItems: 2 }, [], named)).toBe(false)
    expect(matchesShape({ type: 'array', minItems: 1, maxItems: 2 }, [1, 2, 3], named)).toBe(false)
  })

  it('follows references, including recursive ones, and combines anyOf, allOf and oneOf', () => {
    expect(matchesShape({ ref: 'Node' }, { next: { next: null } }, named)).toBe(true)
    expect(matchesShape({ ref: 'Node' }, { next: { next: 1 } }, named)).toBe(false)
    const adult: Shape = { type: 'object', required: ['age'], properties: { age: { type: 'integer', minimum: 18 } } }
    expect(matchesShape({ allOf: [{ ref: 'User' }, adult] }, { id: 'u' }, named)).toBe(false)
    expect(matchesShape({ allOf: [{ ref: 'User' }, adult] }, { id: 'u', age: 30 }, named)).toBe(true)
    expect(matchesShape({ oneOf: ['string', { type: 'string', minLength: 2 }] }, 'a', named)).toBe(true)
    expect(matchesShape({ oneOf: ['string', { type: 'string', minLength: 2 }] }, 'ab', named)).toBe(false)
  })

  it('fails on a reference to an unknown name', () => {
    expect(matchesShape({ ref: 'Missing' }, {}, named)).toBe(false)
  })
})

describe('isDateTime', () => {
  it.each([
    '2026-11-26T12:00:00Z',
    '2026-11-26T12:00:00.123456Z',
    '2026-11-26t12:00:00z',
    '2026-11-26T20:00:00+08:00',
    '2024-02-29T00:00:00Z',
    '2016-12-31T23:59:60Z',
  ])('accepts the RFC 3339 date-time %s', (text) => {
    expect(isDateTime(text)).toBe(true)
  })

  it.each([
    'soon',
    '',
    '2026-11-26',
    '2026-11-26 12:00:00Z',
    '2026-11-26T12:00Z',
    '2026-11-26T12:00:00',
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-11-26T24:00:00Z',
    '2026-11-26T12:60:00Z',
    '2026-11-26T12:00:00+24:00',
    '1764158400000',
  ])('rejects %j', (text) => {
    expect(isDateTime(text)).toBe(false)
  })
})
