// The reference server in dev mode (memory store, `dev:<name>` codes on every platform) on a free loopback
// port, for scenarios end to end; given a fake Alipay or Douyin server, that platform's logins go through
// the real exchange to it instead. It can go down and come back on the same port with the same sessions.
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { buildServer, createDevExchange, createMemoryStore } from '..'
import { createAlipayExchange } from '../alipay'
import type { ServerConfig } from '../app'
import { createDouyinExchange } from '../douyin'
import type { OtherPlatformExchanges } from '../routes'
import type { FakeAlipay } from './fake-alipay'
import type { FakeDouyin } from './fake-douyin'

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
  /** A fake Alipay gateway (`startFakeAlipay`): Alipay logins use the real exchange against it, not dev codes. */
  alipay?: FakeAlipay
  /** A fake Douyin API (`startFakeDouyin`): Douyin logins use the real exchange against it, not dev codes. */
  douyin?: FakeDouyin
  /** How long the real exchanges wait for a fake before answering 502 (default 2 s). */
  platformTimeoutMs?: number
}

/** The Alipay and Douyin exchanges of the reference server: real against the given fakes, else dev. */
function otherPlatforms(options: ReferenceServerOptions): OtherPlatformExchanges {
  const timeoutMs = options.platformTimeoutMs ?? 2000
  const { alipay, douyin } = options
  return {
    alipay: alipay
      ? createAlipayExchange({
          appId: alipay.appId,
          privateKey: alipay.appPrivateKey,
          alipayPublicKey: alipay.alipayPublicKey,
          gateway: alipay.gateway,
          timeoutMs,
        })
      : createDevExchange(),
    douyin: douyin
      ? createDouyinExchange({ appId: douyin.appId, secret: douyin.secret, baseUrl: douyin.baseUrl, timeoutMs })
      : createDevExchange(),
  }
}

/** Starts the reference server with its in-memory store, the dev WeChat exchange and Alipay's and Douyin's. */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const store = createMemoryStore(options.now ? { now: options.now } : {})
  const exchange = createDevExchange()
  const exchanges = otherPlatforms(options)
  let port = 0
  let app: FastifyInstance | null = null
  const up = async () => {
    if (app) return
    const next = buildServer({
      store,
      exchange,
      exchanges,
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
