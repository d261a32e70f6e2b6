import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import type { operations } from '../sdk/api/schema'

/** Where the contract lives. */
export const OPENAPI_PATH = join(__dirname, '..', 'sdk', 'openapi.yaml')

/** An operationId of the contract, typed from the generated `operations`. */
export type OperationId = keyof operations

/** Whether an operation needs a bearer token, accepts one, or ignores it (from its `security`). */
export type AuthMode = 'required' | 'optional' | 'none'

/** JSON Schema, as plain data. */
export type JsonSchema = Record<string, unknown>

/** One operation of the contract with the Fastify schema derived from it. */
export interface SpecOperation {
  /** The operation's id. */
  operationId: OperationId
  /** Upper-case HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The path, e.g. `/auth/login`. */
  path: string
  /** From the operation's (or the document's) `security`. */
  auth: AuthMode
  /** The JSON request body schema, when the operation takes a body. */
  body?: JsonSchema
  /** Whether the operation takes a `multipart/form-data` upload. */
  multipart: boolean
  /** Response schemas by status, for the statuses that have a JSON body. */
  response: Record<string, JsonSchema>
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

// The parts of an OpenAPI 3.1 document the server reads, after dereferencing.
type Security = Array<Record<string, unknown>>
type Content = Record<string, { schema?: JsonSchema }>
interface OpenApiOperation {
  operationId: OperationId
  security?: Security
  requestBody?: { content?: Content }
  responses?: Record<string, { content?: Content }>
}
interface OpenApiDocument {
  security?: Security
  paths?: Record<string, Partial<Record<(typeof METHODS)[number], OpenApiOperation>>>
}

/** Reads the contract and returns every operation with fully dereferenced schemas. */
export function loadOperations(file: string = OPENAPI_PATH): SpecOperation[] {
  const document = dereference(parse(readFileSync(file, 'utf8'))) as OpenApiDocument
  const operationsFound: SpecOperation[] = []
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method]
      if (!operation) continue
      const body = operation.requestBody?.content?.['application/json']?.schema
      const response: Record<string, JsonSchema> = {}
      for (const [status, answer] of Object.entries(operation.responses ?? {})) {
        const schema = answer.content?.['application/json']?.schema
        if (schema) response[status] = schema
      }
      operationsFound.push({
        operationId: operation.operationId,
        method: method.toUpperCase() as SpecOperation['method'],
        path,
        auth: authMode(operation.security ?? document.security ?? []),
        ...(body ? { body } : {}),
        multipart: operation.requestBody?.content?.['multipart/form-data'] !== undefined,
        response,
      })
    }
  }
  return operationsFound
}

function authMode(security: Security): AuthMode {
  if (security.length === 0) return 'none'
  // An empty requirement object means "no authentication" is one of the accepted alternatives.
  return security.some((requirement) => Object.keys(requirement).length === 0) ? 'optional' : 'required'
}

/** Replaces every local `$ref` with a copy of its target; throws on a cycle or a dangling reference. */
export function dereference(root: unknown): unknown {
  const resolve = (node: unknown, seen: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((child) => resolve(child, seen))
    if (typeof node !== 'object' || node === null) return node
    const ref = (node as { $ref?: unknown }).$ref
    if (typeof ref === 'string') {
      if (seen.includes(ref)) throw new Error(`cyclic $ref ${ref} in the OpenAPI document`)
      return resolve(pointer(root, ref), [...seen, ref])
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolve(value, seen)]))
  }
  return resolve(root, [])
}

function pointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`)
  let node: unknown = root
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined
    if (node === undefined) throw new Error(`dangling $ref ${ref} in the OpenAPI document`)
  }
  return node
}
