import { createAlipayExchange } from './alipay'
import type { CodeExchange, Platform } from './code-exchange'
import type { EnvConfig } from './config'
import { createDevExchange } from './dev'
import { createDouyinExchange } from './douyin'
import type { OtherPlatformExchanges } from './routes'
import { createWechatExchange } from './wechat'

/** Every platform's code exchange as the configuration asks, and which of them are fakes. */
export interface ConfiguredExchanges {
  /** WeChat's: real with credentials, else dev (production refuses to start without them: `readEnvConfig`). */
  wechat: CodeExchange
  /**
   * Alipay's and Douyin's: real with credentials; dev without them only on a server with no real platform at all
   * (outside production); else absent.
   */
  others: OtherPlatformExchanges
  /** The platforms running on the fake exchange, to warn about at start. */
  devPlatforms: Platform[]
}

/**
 * The exchanges of each platform: credentials make it real. Without them, WeChat runs in dev mode outside
 * production (production refuses to start); Alipay and Douyin run dev codes only while no platform has real
 * credentials, so a server that talks to a real platform never takes a made-up login on another one. A platform
 * with neither answers its logins with `PLATFORM_NOT_ENABLED`.
 */
export function exchangesFrom(
  env: Pick<EnvConfig, 'wechat' | 'alipay' | 'douyin' | 'production'>,
): ConfiguredExchanges {
  const devPlatforms: Platform[] = []
  const anyReal = Boolean(env.wechat || env.alipay || env.douyin)
  const dev = (platform: Platform): CodeExchange | undefined => {
    if (env.production || (platform !== 'wechat' && anyReal)) return undefined
    devPlatforms.push(platform)
    return createDevExchange()
  }
  const wechat = env.wechat ? createWechatExchange(env.wechat) : dev('wechat')
  // `readEnvConfig` already refuses this; a fake WeChat exchange must never start in production.
  if (!wechat) throw new Error('NODE_ENV=production needs WECHAT_APPID and WECHAT_SECRET')
  const alipay = env.alipay ? createAlipayExchange(env.alipay) : dev('alipay')
  const douyin = env.douyin ? createDouyinExchange(env.douyin) : dev('douyin')
  return {
    wechat,
    others: { ...(alipay ? { alipay } : {}), ...(douyin ? { douyin } : {}) },
    devPlatforms,
  }
}
