import { createHash } from 'node:crypto'
import { isPlatform, type Platform } from './code-exchange'

/** User ids the server issues: `u_` and 16 base64url characters. */
export const USER_ID_PATTERN = /^u_[A-Za-z0-9_-]{16}$/

/** The character on a generated avatar: the first of the platform's name (微信, 支付宝, 抖音). */
const AVATAR_MARKS: Readonly<Record<Platform, string>> = { wechat: '微', alipay: '支', douyin: '抖' }

/** The URL path of a new user's generated avatar: `<id>.svg` for WeChat users (as always), `<id>.<platform>.svg` else. */
export function avatarPath(userId: string, platform: Platform = 'wechat'): string {
  return platform === 'wechat' ? `/avatars/${userId}.svg` : `/avatars/${userId}.${platform}.svg`
}

/** The user id and platform a generated avatar's file name names, or null when it names none. */
export function generatedAvatar(file: string): { userId: string; platform: Platform } | null {
  const [, userId = '', platform = 'wechat'] = /^([^.]+)(?:\.([a-z]+))?\.svg$/.exec(file) ?? []
  return USER_ID_PATTERN.test(userId) && isPlatform(platform) ? { userId, platform } : null
}

/** A small generated avatar: a circle in a colour derived from the user id, with the platform's character. */
export function avatarSvg(userId: string, platform: Platform = 'wechat'): string {
  const hue = createHash('sha256').update(userId).digest().readUInt16BE(0) % 360
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">',
    `<circle cx="48" cy="48" r="48" fill="hsl(${hue} 55% 52%)"/>`,
    '<text x="48" y="50" font-size="44" fill="#fff" text-anchor="middle" dominant-baseline="middle"',
    ` font-family="PingFang SC, Noto Sans CJK SC, sans-serif">${AVATAR_MARKS[platform]}</text>`,
    '</svg>',
  ].join('')
}
