import { randomUUID } from 'node:crypto'
import type { CodeExchange, Platform, PlatformIdentity } from './code-exchange'
import { ApiError } from './errors'
import { randomBase64url } from './token'

const DEV_CODE = /^dev:(.+)$/

/**
 * NOT FOR PRODUCTION. The fake code exchange used for a platform without credentials (outside production):
 * `dev:<name>` is always the same user for that name (two devices, one user); any other code is a new user.
 * The platform is the login's own, so `dev:alice` on WeChat and `dev:alice` on Alipay are two users.
 */
export function createDevExchange(): CodeExchange {
  return {
    mode: 'dev',
    async exchange(code: string): Promise<PlatformIdentity> {
      // A phone button's code is never a login code, in dev mode as with WeChat (where it would fail 40029).
      if (code.startsWith('dev-phone')) throw new ApiError('INVALID_CODE', 'a dev phone code sent as the login code')
      const name = DEV_CODE.exec(code)?.[1]
      const openid = name === undefined ? `dev-anonymous:${randomUUID()}` : `dev-named:${name}`
      // A made-up session_key from the same pooled CSPRNG as tokens: a call of its own cost a dev login more.
      return { openid, sessionKey: randomBase64url(16) }
    },
  }
}

/** The warning printed when the server starts with the fake exchange. */
export const DEV_MODE_BANNER = [
  '',
  '  ┌──────────────────────────────────────────────────────────────────────┐',
  '  │  DEV MODE: WECHAT_APPID / WECHAT_SECRET are not set.                 │',
  '  │  Login codes are NOT checked with WeChat: anyone can log in as any   │',
  '  │  user. `dev:<name>` always logs in as the same user; any other code  │',
  '  │  creates a new user. Never expose this server to real users.         │',
  '  │  Set WECHAT_APPID and WECHAT_SECRET to use WeChat; with              │',
  '  │  NODE_ENV=production the server refuses to start without them.      │',
  '  └──────────────────────────────────────────────────────────────────────┘',
  '',
].join('\n')

/** The warning printed for each platform besides WeChat that runs on the fake exchange, boxed like WeChat's. */
export function devModeNotice(platform: Exclude<Platform, 'wechat'>): string {
  const [name, variables] =
    platform === 'alipay'
      ? ['Alipay', 'ALIPAY_APP_ID / ALIPAY_PRIVATE_KEY / ALIPAY_PUBLIC_KEY']
      : ['Douyin', 'DOUYIN_APPID / DOUYIN_SECRET']
  const lines = [
    `DEV MODE for ${name}: ${variables}`,
    'are not set.',
    `${name} login codes are NOT checked: \`dev:<name>\` is always the same`,
    `${name} user; any other code creates a new one. With`,
    `NODE_ENV=production, ${name} logins answer PLATFORM_NOT_ENABLED.`,
  ]
  const width = Math.max(68, ...lines.map((line) => line.length))
  return [
    '',
    `  ┌${'─'.repeat(width + 4)}┐`,
    ...lines.map((line) => `  │  ${line.padEnd(width)}  │`),
    `  └${'─'.repeat(width + 4)}┘`,
    '',
  ].join('\n')
}
