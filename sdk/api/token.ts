import { matchesShape } from '../client/shape'
import { SHAPES } from './operations.gen'

/**
 * Whether `value` has the contract's token shape (`components.schemas.Token`): a value of any other
 * shape can never be a valid session, so a stored one is dropped instead of being sent.
 */
export function isValidToken(value: unknown): value is string {
  return matchesShape(SHAPES.Token, value, SHAPES)
}
