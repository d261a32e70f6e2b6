// The spec's operations compiled to the SDK's run-time metadata (sdk/api/operations.gen.ts): auth per
// operation and response body shapes. Pure functions of the parsed spec, so they can be tested alone.

/** The banner every generated file starts with. */
export const banner = '/** Generated from sdk/openapi.yaml by `npm run sdk:generate`. Do not edit by hand. */\n\n'

/** Methods the SDK client sends; other operations get no run-time metadata. */
const clientMethods = ['get', 'put', 'post', 'delete', 'patch']

/** The `$ref` target inside the spec, e.g. `#/components/responses/BadRequest`. */
function resolve(spec, node) {
  if (!node?.$ref) return node
  const target = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec)
  if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`)
  return resolve(spec, target)
}

// Keywords that only annotate: they never decide whether a value is valid, so the client drops them.
const annotations = new Set([
  'title',
  'description',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  'externalDocs',
  'xml',
  'discriminator',
])
// Keywords copied as they are; their values are numbers or names.
const plainKeywords = [
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'required',
]
/** Formats sdk/client/shape.ts checks; any other format would go unchecked, so it is refused. */
const formats = new Set(['date-time'])
const jsonTypes = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'])

/**
 * A shape descriptor (see sdk/client/shape.ts) for a JSON schema: every assertion keyword of the schema, with
 * `$ref` as `{ ref }` to a named shape. A keyword the client cannot check is an error, never silently
 * dropped, so the client accepts exactly what the spec says.
 */
export function shapeOf(schema, named, where) {
  if (schema === undefined || schema === true) return 'any'
  if (typeof schema !== 'object' || schema === null) throw new Error(`${where}: unsupported schema ${schema}`)
  const shape = {}
  for (const [keyword, value] of Object.entries(schema)) {
    if (annotations.has(keyword) || keyword.startsWith('x-')) continue
    const at = `${where}/${keyword}`
    if (keyword === '$ref') {
      const match = /^#\/components\/schemas\/([^/]+)$/.exec(value)
      if (!match) throw new Error(`${at}: unsupported $ref ${value}`)
      named.add(match[1])
      shape.ref = match[1]
    } else if (keyword === 'type') {
      for (const type of [value].flat()) if (!jsonTypes.has(type)) throw new Error(`${at}: unknown type ${type}`)
      shape.type = value
    } else if (keyword === 'enum' || keyword === 'const') {
      const values = keyword === 'enum' ? value : [value]
      if (!values.every((one) => one === null || ['string', 'number', 'boolean'].includes(typeof one))) {
        throw new Error(`${at}: only enums of strings, numbers, booleans and null are supported`)
      }
      shape.enum = values
    } else if (keyword === 'nullable') {
      // OpenAPI 3.0's `nullable: true` is 3.1's `type: [..., 'null']`, handled below.
    } else if (keyword === 'pattern') {
      // Compiled here so a pattern the client's engine cannot read fails the generator, not the app.
      shape.pattern = new RegExp(value)
    } else if (keyword === 'format') {
      if (!formats.has(value)) throw new Error(`${at}: format ${value} is not checked by sdk/client/shape.ts`)
      shape.format = value
    } else if (plainKeywords.includes(keyword)) {
      shape[keyword] = value
    } else if (keyword === 'items') {
      shape.items = shapeOf(value, named, at)
    } else if (keyword === 'properties') {
      shape.properties = {}
      for (const [name, property] of Object.entries(value)) {
        shape.properties[name] = shapeOf(property, named, `${at}/${name}`)
      }
    } else if (keyword === 'additionalProperties') {
      // `false` closes a schema for the server, not for the client: a field a newer server adds must not
      // break the builds already in users' hands (a tolerant reader); a schema for extra values still holds.
      if (value !== true && value !== false) shape.additionalProperties = shapeOf(value, named, at)
    } else if (keyword === 'allOf' || keyword === 'anyOf' || keyword === 'oneOf') {
      shape[keyword] = value.map((part, i) => shapeOf(part, named, `${at}/${i}`))
    } else {
      throw new Error(`${at}: keyword ${keyword} is not checked by sdk/client/shape.ts`)
    }
  }
  if (schema.nullable === true && shape.type !== undefined) shape.type = [...new Set([shape.type, 'null'].flat())]
  const keys = Object.keys(shape)
  // The common case, a plain `{ type: 'string' }`, is written as just the type name.
  if (keys.length === 0) return 'any'
  if (keys.length === 1 && typeof shape.type === 'string') return shape.type
  return shape
}

/** JavaScript source for a generated value: JSON, except that RegExps stay RegExp literals. */
export function render(value) {
  if (value instanceof RegExp) return String(value)
  if (Array.isArray(value)) return `[${value.map(render).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${render(item)}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/** `none` (public), `optional` (`[{}, {bearerAuth: []}]`) or `bearer`, from the operation's or the spec's `security`. */
function authOf(spec, operation, key) {
  const requirements = operation.security ?? spec.security ?? []
  let anonymous = requirements.length === 0
  let bearer = false
  for (const requirement of requirements) {
    const schemes = Object.keys(requirement)
    if (schemes.length === 0) anonymous = true
    for (const name of schemes) {
      const scheme = resolve(spec, spec.components?.securitySchemes?.[name])
      if (scheme?.type !== 'http' || scheme.scheme?.toLowerCase() !== 'bearer') {
        throw new Error(`${key}: security scheme ${name} is not http bearer, which the SDK does not support`)
      }
      bearer = true
    }
  }
  if (!bearer) return 'none'
  return anonymous ? 'optional' : 'bearer'
}

/** The shape of a response's JSON body, null when it declares none. */
function bodyShapeOf(spec, responseOrRef, where, named) {
  const content = resolve(spec, responseOrRef).content
  if (!content || Object.keys(content).length === 0) return null
  const json = Object.keys(content).find((type) => /^application\/(.+\+)?json$/.test(type))
  if (!json) throw new Error(`${where}: only JSON responses are supported, got ${Object.keys(content)}`)
  return shapeOf(content[json].schema, named, where)
}

/**
 * Per 2xx status: the shape of its JSON body, or null when it declares no body. Per 4xx/5xx status
 * (ranges and `default` too): the shape of its error body; a status without a JSON body is left out,
 * since no error body can be trusted for it.
 */
function responseShapesOf(spec, operation, key, named) {
  const ok = {}
  const errors = {}
  for (const [status, responseOrRef] of Object.entries(operation.responses ?? {})) {
    const where = `${key} ${status}`
    if (/^2(\d\d|XX)$/.test(status)) ok[status] = bodyShapeOf(spec, responseOrRef, where, named)
    else if (/^[45](\d\d|XX)$|^default$/.test(status)) {
      const shape = bodyShapeOf(spec, responseOrRef, where, named)
      if (shape !== null) errors[status] = shape
    }
  }
  return { ok, errors }
}

/** The run-time metadata module: auth requirement and response body shapes per operation, nothing else. */
export function renderOperations(spec) {
  const named = new Set()
  const operations = []
  for (const [path, pathItem] of Object.entries(spec.paths ?? {})) {
    for (const method of clientMethods) {
      const operation = pathItem[method]
      if (!operation) continue
      const key = `${method.toUpperCase()} ${path}`
      operations.push([key, { auth: authOf(spec, operation, key), ...responseShapesOf(spec, operation, key, named) }])
    }
  }
  // Named shapes may refer to further named shapes: follow references until none is new.
  const shapes = []
  const done = new Set()
  for (let pending = [...named]; pending.length > 0; pending = [...named].filter((name) => !done.has(name))) {
    for (const name of pending) {
      done.add(name)
      const schema = spec.components?.schemas?.[name]
      if (schema === undefined) throw new Error(`unknown schema ${name}`)
      shapes.push([name, shapeOf(schema, named, `#/components/schemas/${name}`)])
    }
  }
  const entries = (pairs) => pairs.map(([name, value]) => `  ${JSON.stringify(name)}: ${render(value)},\n`).join('')
  return (
    banner +
    "import type { OperationTable } from '../client/operation-info'\n" +
    "import type { ShapeTable } from '../client/shape'\n\n" +
    '/** Shapes of the named schemas that responses refer to. */\n' +
    `export const SHAPES = {\n${entries(shapes)}} satisfies ShapeTable\n\n` +
    '/** Per `"METHOD /path"`: whether it takes a token, each 2xx body shape (`null`: no body), each error body shape. */\n' +
    `export const OPERATIONS = {\n${entries(operations)}} satisfies OperationTable\n`
  )
}
