import { createHash } from 'node:crypto'

/** User ids the server issues: `u_` and 16 base64url characters. */
export const USER_ID_PATTERN = /^u_[A-Za-z0-9_-]{16}$/

/** The URL path of a user's avatar, served by `avatarSvg`. */
export function avatarPath(userId: string): string {
  return `/avatars/${userId}.svg`
}

/** A small generated avatar: a circle in a colour derived from the user id, with a character. */
export function avatarSvg(userId: string): string {
  const hue = createHash('sha256').update(userId).digest().readUInt16BE(0) % 360
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">',
    `<circle cx="48" cy="48" r="48" fill="hsl(${hue} 55% 52%)"/>`,
    '<text x="48" y="50" font-size="44" fill="#fff" text-anchor="middle" dominant-baseline="middle"',
    ' font-family="PingFang SC, Noto Sans CJK SC, sans-serif">微</text>',
    '</svg>',
  ].join('')
}
