import { randomBytes, randomUUID } from 'node:crypto'
import { ApiError } from './errors'
import type { CodeExchange, WechatIdentity } from './wechat'

const DEV_CODE = /^dev:(.+)$/

/**
 * NOT FOR PRODUCTION. The fake code exchange used when no WeChat credentials are configured:
 * `dev:<name>` is always the same user for that name (two devices, one user); any other code is a new user.
 */
export function createDevExchange(): CodeExchange {
  return {
    mode: 'dev',
    async exchange(code: string): Promise<WechatIdentity> {
      // A phone button's code is never a login code, in dev mode as with WeChat (where it would fail 40029).
      if (code.startsWith('dev-phone')) throw new ApiError('INVALID_CODE', 'a dev phone code sent as the login code')
      const name = DEV_CODE.exec(code)?.[1]
      const openid = name === undefined ? `dev-anonymous:${randomUUID()}` : `dev-named:${name}`
      return { openid, sessionKey: randomBytes(16).toString('base64') }
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
