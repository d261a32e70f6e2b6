/** JSON types a shape can name; `any` accepts every value. */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array' | 'any'

/** String formats the client checks (the generator refuses any other). */
export type Format = 'date-time'

/**
 * A schema of the spec compiled for the client: JSON Schema's assertion keywords with their own names,
 * annotations dropped, `$ref` as `ref` (a name in the `ShapeTable`), `pattern` as a RegExp literal.
 */
export interface ShapeRules {
  /** The JSON type, or the types any of which is accepted. */
  readonly type?: JsonType | readonly JsonType[]
  /** The only values accepted (`const` becomes a one-item enum). */
  readonly enum?: readonly (string | number | boolean | null)[]
  /** Fewest characters (Unicode code points, as JSON Schema counts). */
  readonly minLength?: number
  /** Most characters (Unicode code points). */
  readonly maxLength?: number
  /** A regular expression the string must contain a match of. */
  readonly pattern?: RegExp
  /** A named string format. */
  readonly format?: Format
  /** Smallest number accepted. */
  readonly minimum?: number
  /** Largest number accepted. */
  readonly maximum?: number
  /** Numbers must be greater. */
  readonly exclusiveMinimum?: number
  /** Numbers must be smaller. */
  readonly exclusiveMaximum?: number
  /** The shape of every array item. */
  readonly items?: Shape
  /** Fewest array items. */
  readonly minItems?: number
  /** Most array items. */
  readonly maxItems?: number
  /** Shapes of named object properties, checked when present. */
  readonly properties?: { readonly [name: string]: Shape }
  /** Properties that must be present. */
  readonly required?: readonly string[]
  /** `false`: no property beyond `properties`; a shape: what every other property must match. */
  readonly additionalProperties?: false | Shape
  /** A named shape of the table that must match too. */
  readonly ref?: string
  /** Every one must match. */
  readonly allOf?: readonly Shape[]
  /** At least one must match. */
  readonly anyOf?: readonly Shape[]
  /** Exactly one must match. */
  readonly oneOf?: readonly Shape[]
}

/** A compact description of a JSON value, generated from the spec; a bare type name stands for `{ type }`. */
export type Shape = JsonType | ShapeRules

/** Named shapes that `{ ref }` points at, keyed by schema name. */
export type ShapeTable = { readonly [name: string]: Shape }

const hasOwn = Object.prototype.hasOwnProperty

// RFC 3339 `date-time`: full date, `T`, full time with seconds, a zone; letters in either case.
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:Z|[+-](\d\d):(\d\d))$/i

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** Whether `text` is an RFC 3339 date-time that names a real instant (no 2024-02-30, no 25:00). */
export function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text)
  if (!match) return false
  // Absent offset groups (a `Z` zone) become 0.
  const [, year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] =
    match.map((part) => (part === undefined ? 0 : Number(part)))
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    // 60 is a leap second.
    second <= 60 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  )
}

const FORMATS: { readonly [format in Format]: (text: string) => boolean } = { 'date-time': isDateTime }

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasType(type: JsonType, value: unknown): boolean {
  if (type === 'any') return true
  if (type === 'null') return value === null
  if (type === 'array') return Array.isArray(value)
  if (type === 'object') return isRecord(value)
  if (type === 'integer') return Number.isInteger(value)
  return typeof value === type
}

/** Length in code points, as JSON Schema counts: an emoji is one character, not two UTF-16 units. */
function characters(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    count++
  }
  return count
}

function matchesString(rules: ShapeRules, text: string): boolean {
  if (rules.minLength !== undefined || rules.maxLength !== undefined) {
    const length = characters(text)
    if (length < (rules.minLength ?? 0) || length > (rules.maxLength ?? length)) return false
  }
  if (rules.pattern && !rules.pattern.test(text)) return false
  return !rules.format || FORMATS[rules.format](text)
}

function matchesNumber(rules: ShapeRules, number: number): boolean {
  return !(
    (rules.minimum !== undefined && number < rules.minimum) ||
    (rules.maximum !== undefined && number > rules.maximum) ||
    (rules.exclusiveMinimum !== undefined && number <= rules.exclusiveMinimum) ||
    (rules.exclusiveMaximum !== undefined && number >= rules.exclusiveMaximum)
  )
}

function matchesArray(rules: ShapeRules, array: unknown[], named: ShapeTable): boolean {
  if (array.length < (rules.minItems ?? 0) || array.length > (rules.maxItems ?? array.length)) return false
  const items = rules.items
  return items === undefined || array.every((item) => matchesShape(items, item, named))
}

function matchesObject(rules: ShapeRules, object: Record<string, unknown>, named: ShapeTable): boolean {
  const properties = rules.properties ?? {}
  // Own properties only: `{}.constructor` is inherited and must not count as present.
  if (rules.required && !rules.required.every((name) => hasOwn.call(object, name))) return false
  for (const name in object) {
    if (!hasOwn.call(object, name)) continue
    const shape = hasOwn.call(properties, name) ? properties[name] : rules.additionalProperties
    if (shape === false) return false
    if (shape !== undefined && !matchesShape(shape, object[name], named)) return false
  }
  return true
}

/** Whether `value` has `shape`, looking `{ ref }` names up in `named`; an unknown name never matches. */
export function matchesShape(shape: Shape, value: unknown, named: ShapeTable): boolean {
  if (typeof shape === 'string') return hasType(shape, value)
  if (shape.ref !== undefined) {
    const target = named[shape.ref]
    if (target === undefined || !matchesShape(target, value, named)) return false
  }
  const { type } = shape
  if (type !== undefined && !(typeof type === 'string' ? [type] : type).some((one) => hasType(one, value))) return false
  if (shape.enum && shape.enum.indexOf(value as string) === -1) return false
  if (shape.allOf && !shape.allOf.every((part) => matchesShape(part, value, named))) return false
  if (shape.anyOf && !shape.anyOf.some((option) => matchesShape(option, value, named))) return false
  if (shape.oneOf && shape.oneOf.filter((option) => matchesShape(option, value, named)).length !== 1) return false
  // Each remaining keyword applies to values of its own type only, as in JSON Schema.
  if (typeof value === 'string') return matchesString(shape, value)
  if (typeof value === 'number') return matchesNumber(shape, value)
  if (Array.isArray(value)) return matchesArray(shape, value, named)
  if (isRecord(value)) return matchesObject(shape, value, named)
  return true
}
