/** JSON types a shape can name; `any` accepts every value. */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array' | 'any'

/** A compact description of a JSON value's shape, generated from the spec's response schemas. */
export type Shape =
  | JsonType
  | { readonly enum: readonly (string | number | boolean | null)[] }
  | { readonly array: Shape }
  | { readonly object: { readonly [property: string]: Shape }; readonly required: readonly string[] }
  | { readonly ref: string }
  | { readonly anyOf: readonly Shape[] }
  | { readonly allOf: readonly Shape[] }

/** Named shapes that `{ ref }` points at, keyed by schema name. */
export type ShapeTable = { readonly [name: string]: Shape }

const hasOwn = Object.prototype.hasOwnProperty

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether `value` has `shape`, looking `{ ref }` names up in `named`. */
export function matchesShape(shape: Shape, value: unknown, named: ShapeTable): boolean {
  // Unknown extra properties pass on purpose: a server that adds a field must not break older clients.
  if (typeof shape === 'string') {
    if (shape === 'any') return true
    if (shape === 'null') return value === null
    if (shape === 'array') return Array.isArray(value)
    if (shape === 'object') return isRecord(value)
    if (shape === 'integer') return Number.isInteger(value)
    return typeof value === shape
  }
  if ('ref' in shape) {
    const target = named[shape.ref]
    return target !== undefined && matchesShape(target, value, named)
  }
  if ('enum' in shape) return shape.enum.includes(value as string)
  if ('array' in shape) return Array.isArray(value) && value.every((item) => matchesShape(shape.array, item, named))
  if ('anyOf' in shape) return shape.anyOf.some((option) => matchesShape(option, value, named))
  if ('allOf' in shape) return shape.allOf.every((part) => matchesShape(part, value, named))
  if (!isRecord(value)) return false
  for (const property in shape.object) {
    const propertyShape = shape.object[property] as Shape
    if (!hasOwn.call(value, property)) {
      if (shape.required.includes(property)) return false
    } else if (!matchesShape(propertyShape, value[property], named)) {
      return false
    }
  }
  return true
}
