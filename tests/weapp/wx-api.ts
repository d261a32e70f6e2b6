// The calling convention every faked `wx` API shares: success/fail/complete callbacks delivered
// later (WeChat answers over its bridge, never synchronously), or a promise when no callback is given.

/** What the fake APIs need from the runtime they serve. */
export interface WxHost {
  /** Runs `fn` in a later macrotask; nothing runs once the runtime is closed. */
  later(fn: () => void, ms?: number): void
  /** Records an error thrown by app code inside a callback (WeChat reports it to App.onError). */
  reportError(error: unknown): void
  /** A copy of `value` made of the runtime's own objects, so the app never shares state with the host. */
  intoRuntime<T>(value: T): T
}

/** A failed call: its message becomes `errMsg: '<api>:fail <message>'`. */
export class WxFail extends Error {
  /** Extra fields WeChat puts next to errMsg (e.g. `errno`). */
  readonly extra: Record<string, unknown>
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message)
    this.name = 'WxFail'
    this.extra = extra
  }
}

/** Callback options every asynchronous wx API accepts. */
export interface Callbacks {
  success?: (res: unknown) => void
  fail?: (res: unknown) => void
  complete?: (res: unknown) => void
}

/**
 * Runs `work` and delivers its answer later, as every platform's bridge does: `succeeded(result)` to success
 * or `failed(error)` to fail, then complete; returns a promise only when no callback was given.
 */
export function answerLater(
  host: WxHost,
  options: unknown,
  work: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  succeeded: (result: Record<string, unknown>) => Record<string, unknown>,
  failed: (error: unknown) => Record<string, unknown>,
): Promise<unknown> | undefined {
  const callbacks = (options ?? {}) as Callbacks
  const settled = new Promise<{ ok: boolean; res: Record<string, unknown> }>((resolve) => {
    Promise.resolve()
      .then(work)
      .then(
        (result) => ({ ok: true, res: succeeded(result) }),
        (error: unknown) => ({ ok: false, res: failed(error) }),
      )
      .then((outcome) =>
        host.later(() => {
          const res = host.intoRuntime(outcome.res)
          guard(host, () => (outcome.ok ? callbacks.success : callbacks.fail)?.(res))
          guard(host, () => callbacks.complete?.(res))
          resolve({ ok: outcome.ok, res })
        }),
      )
  })
  if (callbacks.success || callbacks.fail || callbacks.complete) return undefined
  return settled.then(({ ok, res }) => (ok ? res : Promise.reject(res)))
}

/**
 * Runs `work` and answers the WeChat way: `{ errMsg: 'name:ok', ...result }` to success, or
 * `{ errMsg: 'name:fail ...' }` to fail, then complete; returns a promise only when no callback was given.
 */
export function callAsync(
  host: WxHost,
  name: string,
  options: unknown,
  work: () => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<unknown> | undefined {
  return answerLater(
    host,
    options,
    work,
    (result) => ({ errMsg: `${name}:ok`, ...result }),
    (error) => failure(name, error),
  )
}

function failure(name: string, error: unknown): Record<string, unknown> {
  if (error instanceof WxFail) return { errMsg: `${name}:fail ${error.message}`, ...error.extra }
  return { errMsg: `${name}:fail ${error instanceof Error ? error.message : String(error)}` }
}

/** Calls app code, routing what it throws to the runtime's error report. */
export function guard(host: WxHost, fn: () => void): void {
  try {
    fn()
  } catch (error) {
    host.reportError(error)
  }
}

/** Throws the error WeChat's synchronous APIs throw: `<api>:fail <message>`. */
export function failSync(name: string, message: string): never {
  throw new Error(`${name}:fail ${message}`)
}

/** Describes a value's type the way WeChat's parameter errors do (`String`, `Undefined`...). */
export function typeName(value: unknown): string {
  return Object.prototype.toString.call(value).slice(8, -1)
}
