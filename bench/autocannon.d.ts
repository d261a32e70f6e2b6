// The part of autocannon's programmatic API the server benchmark uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  namespace autocannon {
    /** One request of the sequence each connection loops over. */
    interface Request {
      method?: string
      path?: string
      headers?: Record<string, string>
      body?: string
      /** Returns the request to send; a falsy value restarts the sequence. */
      setupRequest?: (request: Request, context: Record<string, unknown>) => Request | undefined
    }

    /** One connection. */
    interface Client {
      /** Replaces the sequence this connection loops over; each request without `setupRequest` is built once. */
      setRequests(requests: Request[]): void
    }

    /** Settings of one run. */
    interface Options {
      url: string
      connections?: number
      /** Seconds. */
      duration?: number
      /** Stops after this many requests overall, or at `duration`, whichever comes first. */
      maxOverallRequests?: number
      method?: string
      headers?: Record<string, string>
      body?: string
      requests?: Request[]
      /** Called with each connection's client as it is made, before any request is sent. */
      setupClient?: (client: Client) => void
      timeout?: number
    }

    /** Percentiles and averages of a histogram (latency in ms). */
    interface Histogram {
      average: number
      mean: number
      min: number
      max: number
      total: number
      p50: number
      p90: number
      p99: number
    }

    /** What a run measured. */
    interface Result {
      requests: Histogram
      latency: Histogram
      /** Seconds. */
      duration: number
      errors: number
      timeouts: number
      non2xx: number
      '2xx': number
      statusCodeStats: Record<string, { count: number }>
    }

    /** A running benchmark. */
    interface Instance extends EventEmitter {
      stop(): void
    }
  }

  function autocannon(
    options: autocannon.Options,
    callback: (error: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance

  export = autocannon
}
