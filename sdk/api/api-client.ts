import { type ClientOptions, createClient } from '../client/client'
import type { Client } from '../client/client-types'
import { matchesShape } from '../client/shape'
import { OPERATIONS, SHAPES } from './operations.gen'
import type { paths } from './schema'

/** Settings of `createApiClient`: those of `createClient` minus the generated metadata it wires in. */
export type ApiClientOptions = Omit<ClientOptions, 'operations' | 'validate'>

/** The miniauth API client: `createClient<paths>` plus the generated auth metadata and 2xx shape checks. */
export function createApiClient(options: ApiClientOptions): Client<paths> {
  return createClient<paths>({
    ...options,
    operations: OPERATIONS,
    validate: (shape, value) => matchesShape(shape, value, SHAPES),
  })
}
