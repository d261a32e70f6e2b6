// @fastify/rate-limit's in-process store ships without types of its own; the part used: a fixed window per key,
// its keys in an LRU of `cache` entries.
declare module '@fastify/rate-limit/store/LocalStore' {
  class LocalStore {
    constructor(continueExceeding: boolean, exponentialBackoff: boolean, cache?: number)
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindowMs: number,
      max: number,
    ): void
  }
  export default LocalStore
}
