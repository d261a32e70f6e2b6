// Starts the API server from the environment (see server/README.md for the variables).
import type { FastifyInstance } from 'fastify'
import { buildServer } from './app'
import { createDirectoryAvatarStore } from './avatar-store'
import { ConfigError, type EnvConfig, readEnvConfig } from './config'
import { DEV_MODE_BANNER, devModeNotice } from './dev'
import { exchangesFrom } from './exchanges'
import { createWechatNicknameScreen } from './nickname-screen'
import { createDevPhoneVerifier, createWechatPhoneVerifier } from './phone'
import { createRedisStore } from './redis-store'
import { shutDown } from './shutdown'
import type { SessionStore } from './store'
import { avatarDirFrom, openEmbeddedStore } from './store-from-env'
import {
  createAccessTokenProvider,
  createMemoryAccessTokenCache,
  createRedisAccessTokenCache,
} from './wechat-access-token'

// Past the shutdown's own bounds, something is stuck: exit anyway rather than hang.
const SHUTDOWN_SLACK_MS = 2_000
const REDIS_STARTUP_WAIT_MS = 5_000
const PLATFORM_NAMES = [
  ['wechat', 'WeChat'],
  ['alipay', 'Alipay'],
  ['douyin', 'Douyin'],
] as const

async function main() {
  let env: EnvConfig
  try {
    env = readEnvConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`miniauth server: ${error.message}`)
    process.exit(1)
  }
  const exchanges = exchangesFrom(env)
  for (const platform of exchanges.devPlatforms) {
    console.warn(platform === 'wechat' ? DEV_MODE_BANNER : devModeNotice(platform))
  }

  let app: FastifyInstance | undefined
  const redis = env.redis
    ? createRedisStore({
        topology: env.redis,
        onStatus: (status, failure) =>
          status === 'up'
            ? app?.log.info('session store connected')
            : app?.log.warn({ redis: failure }, 'session store unreachable; requests answer 503 until it is back'),
      })
    : null
  const store: SessionStore = redis ?? openEmbeddedStore(process.env)
  // One access token for every instance: in Redis when there is one, else this process's own.
  const wechatApi = env.wechat
    ? {
        baseUrl: env.wechat.baseUrl,
        accessToken: createAccessTokenProvider({
          ...env.wechat,
          cache: redis ? createRedisAccessTokenCache(redis.client) : createMemoryAccessTokenCache(),
        }),
      }
    : null
  app = buildServer({
    store,
    exchange: exchanges.wechat,
    exchanges: exchanges.others,
    phone: wechatApi ? createWechatPhoneVerifier(wechatApi) : createDevPhoneVerifier(),
    ...(wechatApi ? { nicknameScreen: createWechatNicknameScreen(wechatApi) } : {}),
    avatars: createDirectoryAvatarStore(avatarDirFrom(process.env)),
    config: env.server,
    ...(redis ? { rateLimitRedis: redis.client } : {}),
  })
  const server = app

  if (redis && !(await redis.ready(REDIS_STARTUP_WAIT_MS))) {
    server.log.warn('Redis is not reachable yet; starting anyway, /health answers 503 until it is')
  }
  try {
    await server.listen({ port: env.port, host: env.host })
  } catch (error) {
    server.log.error({ err: error }, 'could not listen')
    await store.close()
    process.exit(1)
  }
  const platforms = PLATFORM_NAMES.map(([platform, name]) => {
    const exchange = platform === 'wechat' ? exchanges.wechat : exchanges.others[platform]
    const mode = !exchange
      ? 'not enabled'
      : exchange.mode === 'dev'
        ? 'DEV MODE fake code exchange'
        : 'real code exchange'
    return `${name}: ${mode}`
  })
  console.log(`miniauth server on http://${env.host}:${env.port} (store: ${store.kind}, ${platforms.join(', ')})`)

  let closing = false
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) process.exit(1)
    closing = true
    server.log.info({ signal }, 'shutting down')
    const { drainMs, inFlightMs } = env.shutdown
    setTimeout(() => process.exit(1), drainMs + inFlightMs + SHUTDOWN_SLACK_MS).unref()
    await shutDown(server, env.shutdown)
    await store.close()
    server.log.info('stopped')
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  console.error('miniauth server failed to start:', error)
  process.exit(1)
})
