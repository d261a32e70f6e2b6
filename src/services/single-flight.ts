/**
 * Wraps `run` so that concurrent calls share one running promise (a call joining it does not pass its own
 * arguments); a call after it settled starts anew.
 */
export function singleFlight<A extends unknown[], T>(run: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let running: Promise<T> | null = null
  return (...args) => {
    running ??= run(...args).finally(() => {
      running = null
    })
    return running
  }
}
