import { matchesShape, type Shape, type ShapeTable } from './shape'

const named: ShapeTable = {
  User: { object: { id: 'string', age: 'integer', tags: { array: 'string' } }, required: ['id'] },
  Node: { object: { next: { anyOf: [{ ref: 'Node' }, 'null'] } }, required: ['next'] },
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
  })

  it('accepts anything for any', () => {
    expect(matchesShape('any', undefined, named)).toBe(true)
  })

  it('checks enums', () => {
    expect(matchesShape({ enum: ['public', 'personal'] }, 'personal', named)).toBe(true)
    expect(matchesShape({ enum: ['public', 'personal'] }, 'secret', named)).toBe(false)
  })

  it('requires required properties and checks the type of those present', () => {
    expect(matchesShape({ ref: 'User' }, { id: 'u' }, named)).toBe(true)
    expect(matchesShape({ ref: 'User' }, { age: 3 }, named)).toBe(false)
    expect(matchesShape({ ref: 'User' }, { id: 'u', age: '3' }, named)).toBe(false)
    expect(matchesShape({ ref: 'User' }, { id: null }, named)).toBe(false)
  })

  it('accepts properties it does not know, so a server can add fields', () => {
    expect(matchesShape({ ref: 'User' }, { id: 'u', newField: true }, named)).toBe(true)
  })

  it('does not take inherited properties for present ones', () => {
    // `{}.constructor` exists, inherited from Object.prototype: it must still count as missing.
    const shape: Shape = { object: { constructor: 'any' as const }, required: ['constructor'] }
    expect(matchesShape(shape, {}, named)).toBe(false)
  })

  it('checks every array item', () => {
    expect(matchesShape({ ref: 'User' }, { id: 'u', tags: ['a', 'b'] }, named)).toBe(true)
    expect(matchesShape({ ref: 'User' }, { id: 'u', tags: ['a', 2] }, named)).toBe(false)
  })

  it('follows references, including recursive ones, and combines anyOf and allOf', () => {
    expect(matchesShape({ ref: 'Node' }, { next: { next: null } }, named)).toBe(true)
    expect(matchesShape({ ref: 'Node' }, { next: { next: 1 } }, named)).toBe(false)
    expect(
      matchesShape({ allOf: [{ ref: 'User' }, { object: { age: 'integer' }, required: ['age'] }] }, { id: 'u' }, named),
    ).toBe(false)
  })

  it('fails on a reference to an unknown name', () => {
    expect(matchesShape({ ref: 'Missing' }, {}, named)).toBe(false)
  })
})
