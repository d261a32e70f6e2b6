// The reference server in dev mode (memory store, `dev:<name>` codes) on a free loopback port, for
// scenarios end to end. It can go down and come back on the same port with the same sessions.
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { buildServer, createDevExchange, createMemoryStore } from '..'
import type { ServerConfig } from '../app'

/** A running reference server. */
export interface ReferenceServer {
  /** Base URL to pass as `apiBaseUrl`. */
  url: string
  /** Stops answering (connections refused), keeping users and sessions. */
  down(): Promise<void>
  /** Answers again on the same port with the same users and sessions. */
  up(): Promise<void>
  close(): Promise<void>
}

/** Options of the test server: short session lifetimes and a clock the test moves. */
export interface ReferenceServerOptions {
  /** The session store's clock (epoch ms); the server judges expiry and renewal by it. */
  now?: () => number
  /** Session lifetime and maximum, and any other server setting. */
  config?: Partial<ServerConfig>
}

/** Starts the reference server with its in-memory store and the dev code exchange. */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const store = createMemoryStore(options.now ? { now: options.now } : {})
  const exchange = createDevExchange()
  let port = 0
  let app: FastifyInstance | null = null
  const up = async () => {
    if (app) return
    const next = buildServer({
      store,
      exchange,
      config: {
        logger: false,
        loginRateLimitPerMinute: 10_000,
        publicBaseUrl: `http://127.0.0.1:${port}`,
        ...options.config,
      },
    })
    await next.listen({ port, host: '127.0.0.1' })
    port = (next.server.address() as AddressInfo).port
    app = next
  }
  const down = async () => {
    const running = app
    app = null
    if (!running) return
    // Cut keep-alive connections too, or a client could still reach the "down" server.
    running.server.closeAllConnections()
    await running.close()
  }
  await up()
  return { url: `http://127.0.0.1:${port}`, down, up, close: down }
}
