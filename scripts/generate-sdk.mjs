// Generates everything derived from sdk/openapi.yaml. `--check` compares instead of writing,
// so `npm test` fails when a committed generated file is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'
import { parse } from 'yaml'

const root = new URL('..', import.meta.url)
const specUrl = new URL('sdk/openapi.yaml', root)
const banner = '/** Generated from sdk/openapi.yaml by `npm run sdk:generate`. Do not edit by hand. */\n\n'

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

/**
 * A compact shape descriptor (see sdk/shape.ts) for a JSON schema: types, required properties, enums,
 * arrays and references to named schemas. Keywords that do not decide the shape (formats, lengths) are left out.
 */
function shapeOf(schema, named) {
  if (schema === undefined || schema === true) return 'any'
  if (schema.$ref) {
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(schema.$ref)
    if (!match) throw new Error(`unsupported $ref ${schema.$ref}`)
    named.add(match[1])
    return { ref: match[1] }
  }
  const shape = ownShapeOf(schema, named)
  return schema.nullable === true && shape !== 'any' ? { anyOf: [shape, 'null'] } : shape
}

function ownShapeOf(schema, named) {
  if ('const' in schema) return { enum: [schema.const] }
  if (Array.isArray(schema.enum)) return { enum: schema.enum }
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(schema[keyword])) {
      const parts = schema[keyword].map((part) => shapeOf(part, named))
      return keyword === 'allOf' ? { allOf: parts } : { anyOf: parts }
    }
  }
  if (Array.isArray(schema.type)) return { anyOf: schema.type.map((type) => ownShapeOf({ ...schema, type }, named)) }
  const type = schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined)
  if (type === 'object') {
    if (!schema.properties) return 'object'
    const object = {}
    for (const [name, property] of Object.entries(schema.properties)) object[name] = shapeOf(property, named)
    return { object, required: schema.required ?? [] }
  }
  if (type === 'array') return schema.items ? { array: shapeOf(schema.items, named) } : 'array'
  if (['string', 'number', 'integer', 'boolean', 'null'].includes(type)) return type
  return 'any'
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

/** Per 2xx status: the shape of its JSON body, or null when it declares no body. */
function okShapesOf(spec, operation, key, named) {
  const ok = {}
  for (const [status, responseOrRef] of Object.entries(operation.responses ?? {})) {
    if (!/^2(\d\d|XX)$/.test(status)) continue
    const content = resolve(spec, responseOrRef).content
    if (!content || Object.keys(content).length === 0) {
      ok[status] = null
      continue
    }
    const json = Object.keys(content).find((type) => /^application\/(.+\+)?json$/.test(type))
    if (!json) throw new Error(`${key} ${status}: only JSON responses are supported, got ${Object.keys(content)}`)
    ok[status] = shapeOf(content[json].schema, named)
  }
  return ok
}

/** The run-time metadata module: auth requirement and 2xx body shapes per operation, nothing else. */
function renderOperations(spec) {
  const named = new Set()
  const operations = []
  for (const [path, pathItem] of Object.entries(spec.paths ?? {})) {
    for (const method of clientMethods) {
      const operation = pathItem[method]
      if (!operation) continue
      const key = `${method.toUpperCase()} ${path}`
      operations.push([key, { auth: authOf(spec, operation, key), ok: okShapesOf(spec, operation, key, named) }])
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
      shapes.push([name, shapeOf(schema, named)])
    }
  }
  const entries = (pairs) =>
    pairs.map(([name, value]) => `  ${JSON.stringify(name)}: ${JSON.stringify(value)},\n`).join('')
  return (
    banner +
    "import type { OperationTable } from './operation-info'\n" +
    "import type { ShapeTable } from './shape'\n\n" +
    '/** Shapes of the named schemas that 2xx responses refer to. */\n' +
    `export const SHAPES = {\n${entries(shapes)}} satisfies ShapeTable\n\n` +
    '/** Per `"METHOD /path"`: whether it takes a token, and the shape of each 2xx JSON body (`null`: no body). */\n' +
    `export const OPERATIONS = {\n${entries(operations)}} satisfies OperationTable\n`
  )
}

/** Each generated file: its path and a function producing its text. */
const outputs = [
  {
    path: 'sdk/schema.d.ts',
    async render() {
      const ast = await openapiTS(specUrl)
      return banner + astToString(ast)
    },
  },
  {
    path: 'sdk/operations.gen.ts',
    async render() {
      return renderOperations(parse(readFileSync(specUrl, 'utf8')))
    },
  },
]

const check = process.argv.includes('--check')
const stale = []
for (const output of outputs) {
  const file = fileURLToPath(new URL(output.path, root))
  const text = await output.render()
  let current = null
  try {
    current = readFileSync(file, 'utf8')
  } catch {}
  if (current === text) continue
  if (check) stale.push(output.path)
  else writeFileSync(file, text)
}
if (stale.length > 0) {
  process.stderr.write(
    `${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} out of date with sdk/openapi.yaml.\n` +
      'Run `npm run sdk:generate` and commit the result.\n',
  )
  process.exit(1)
}
if (!check) process.stdout.write(`generated ${outputs.map((o) => o.path).join(', ')}\n`)
