// What the platform exchange tests share: an exchange pointed at a running fake, and the error code a
// failing exchange rejects with, so each test states only what differs.
import type { CodeExchange } from '../code-exchange'
import type { ErrorCode } from '../errors'

/** An exchange built from the fake's settings, and the `ApiError` code an exchange of a given code fails with. */
export interface ExchangeUnderTest<Options> {
  /** The exchange configured for the fake (read when called, once the fake runs), with `options` on top. */
  exchangeWith(options?: Partial<Options>): CodeExchange
  /** The `code` of the `ApiError` exchanging `code` rejects with; throws if it resolves or rejects otherwise. */
  failureOf(code: string, options?: Partial<Options>): Promise<ErrorCode>
}

/** Binds a platform's exchange factory to the settings of its fake. */
export function exchangeUnderTest<Options>(
  create: (options: Options) => CodeExchange,
  settings: () => Options,
): ExchangeUnderTest<Options> {
  const exchangeWith = (options: Partial<Options> = {}) => create({ ...settings(), ...options })
  return {
    exchangeWith,
    async failureOf(code, options) {
      const error = await exchangeWith(options)
        .exchange(code)
        .then(
          () => null,
          (rejection: unknown) => rejection,
        )
      if (!error || typeof error !== 'object' || !('code' in error)) {
        throw new Error(`expected an ApiError, got ${error}`)
      }
      return (error as { code: ErrorCode }).code
    },
  }
}
