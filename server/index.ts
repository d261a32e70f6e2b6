// The server's public surface, for tests, scripts and other code.
export { buildServer, DEFAULT_SERVER_CONFIG, type ServerConfig, type ServerOptions } from './app'
export { ConfigError, type EnvConfig, readEnvConfig } from './config'
export { createDevExchange, DEV_MODE_BANNER } from './dev'
export { ApiError, type ErrorCode, StoreUnavailableError } from './errors'
export { createMemoryStore, type MemoryStoreOptions } from './memory-store'
export { createRedisStore, type RedisSessionStore, type RedisStoreOptions } from './redis-store'
export type { IssuedSession, LoginInput, SessionStore, User } from './store'
export { type CodeExchange, createWechatExchange, type WechatExchangeOptions, type WechatIdentity } from './wechat'
