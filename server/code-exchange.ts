import type { components } from '../sdk/api/schema'
import type { ErrorCode } from './errors'

/** A mini program platform a login code can come from, typed from the contract. */
export type Platform = components['schemas']['Platform']

/** Every platform of the contract, WeChat first (the default). */
export const PLATFORMS: readonly Platform[] = ['wechat', 'alipay', 'douyin']

/** What a login code is exchanged for. `sessionKey` stays on the server. */
export interface PlatformIdentity {
  /** The user's id within this mini program on that platform (Alipay: `open_id`, else `user_id`). */
  openid: string
  /** The platform's session key for this login (WeChat, Douyin); empty where the platform has none (Alipay). */
  sessionKey: string
}

/** Turns a platform's one-time login code into the user's identity; rejects with an `ApiError`. */
export interface CodeExchange {
  /** The platform this exchange calls, or `dev`: the fake exchange for development without credentials. */
  readonly mode: Platform | 'dev'
  /** Exchanges a one-time code. */
  exchange(code: string): Promise<PlatformIdentity>
}

/** The 502 code of each platform: its service failed, timed out or answered something unusable. */
export const UNAVAILABLE_CODES = {
  wechat: 'WECHAT_UNAVAILABLE',
  alipay: 'ALIPAY_UNAVAILABLE',
  douyin: 'DOUYIN_UNAVAILABLE',
} as const satisfies Record<Platform, ErrorCode>

/** The nickname a new user starts with, named after the platform they came from. */
export const DEFAULT_NICKNAMES: Readonly<Record<Platform, string>> = {
  wechat: '微信用户',
  alipay: '支付宝用户',
  douyin: '抖音用户',
}

/** Whether `value` names a platform of the contract. */
export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value)
}
