// The generator's half of the response checks: what it makes of each schema keyword of the spec.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { render, renderOperations, shapeOf } from '../../scripts/sdk-operations.mjs'
import { matchesShape } from '../client/shape'
import { SHAPES } from './operations.gen'

const compile = (schema: unknown) => shapeOf(schema, new Set(), '#/test')

describe('the shape compiler', () => {
  it('keeps every assertion keyword and drops annotations', () => {
    const shape = compile({
      type: 'string',
      description: 'ignored',
      example: 'ignored',
      minLength: 2,
      maxLength: 4,
      pattern: '^[a-z]+$',
      format: 'date-time',
    })
    expect(shape).toEqual({ type: 'string', minLength: 2, maxLength: 4, pattern: /^[a-z]+$/, format: 'date-time' })
  })

  it('writes a schema that only names a type as the bare type', () => {
    expect(compile({ type: 'string', description: 'x' })).toBe('string')
    expect(compile({})).toBe('any')
  })

  it('names referenced schemas and compiles nested ones', () => {
    const named = new Set<string>()
    const shape = shapeOf({ type: 'array', items: { $ref: '#/components/schemas/Item' }, maxItems: 3 }, named, '#/test')
    expect(shape).toEqual({ type: 'array', items: { ref: 'Item' }, maxItems: 3 })
    expect([...named]).toEqual(['Item'])
  })

  it('turns OpenAPI 3.0 nullable and const into 3.1 type lists and enums', () => {
    expect(compile({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] })
    expect(compile({ const: 'ok' })).toEqual({ enum: ['ok'] })
  })

  it.each([
    ['a keyword the client does not check', { type: 'array', uniqueItems: true }, /uniqueItems/],
    ['a format the client does not check', { type: 'string', format: 'email' }, /format email/],
    ['a reference outside components/schemas', { $ref: 'other.yaml#/Thing' }, /unsupported \$ref/],
    ['an enum of objects', { enum: [{ a: 1 }] }, /only enums of/],
    ['an unknown type', { type: 'date' }, /unknown type date/],
    ['a pattern that is no regular expression', { type: 'string', pattern: '([a-z' }, /Invalid regular expression/],
  ])('refuses %s rather than leave it unchecked', (_, schema, message) => {
    expect(() => compile(schema)).toThrow(message)
  })

  it('writes patterns as RegExp literals the app never has to construct', () => {
    const source = render({ pattern: /^a\/b\.c$/, n: 1, list: ['x', null] })
    expect(source).toBe('{"pattern":/^a\\/b\\.c$/,"n":1,"list":["x",null]}')
  })

  it("compiles the spec's Session so that the checks say what the spec says", () => {
    // The committed table is the generator's output for the spec, so checking with it checks the generator.
    const spec = parse(readFileSync(join(__dirname, '..', 'openapi.yaml'), 'utf8'))
    expect(renderOperations(spec)).toBe(readFileSync(join(__dirname, 'operations.gen.ts'), 'utf8'))
    const session = {
      token: `${'a'.repeat(22)}.${'b'.repeat(43)}`,
      expiresAt: '2030-01-01T00:00:00.000Z',
      user: { id: 'u1', nickname: 'n', avatarUrl: 'https://a.test/a.png' },
    }
    expect(matchesShape(SHAPES.Session, session, SHAPES)).toBe(true)
    expect(matchesShape(SHAPES.Session, { ...session, token: '' }, SHAPES)).toBe(false)
    expect(matchesShape(SHAPES.Session, { ...session, expiresAt: 'soon' }, SHAPES)).toBe(false)
    // A field a newer server adds is ignored, so released clients keep working.
    expect(matchesShape(SHAPES.Session, { ...session, extra: 1, user: { ...session.user, badge: 'x' } }, SHAPES)).toBe(
      true,
    )
  })
})
