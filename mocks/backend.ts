import type { components } from '../sdk/schema'

type User = components['schemas']['User']
type FeedItem = components['schemas']['FeedItem']

/** Token lifetime the mock backend grants, like the reference server's default. */
export const MOCK_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000

/** Public items: what everyone sees. */
export const PUBLIC_FEED: FeedItem[] = [
  { id: 'public-1', title: '欢迎使用 miniauth', summary: '登录与退出登录，一步到位。', scope: 'public' },
  { id: 'public-2', title: '单点登录', summary: '同一微信用户在新设备登录后，旧设备会退出。', scope: 'public' },
]

/** A user's personal items: only visible with that user's valid token. */
export function personalFeed(user: User): FeedItem[] {
  return [
    { id: `${user.id}-saved`, title: `${user.nickname} 的收藏`, summary: '只有你能看到这条内容。', scope: 'personal' },
    { id: `${user.id}-history`, title: '最近浏览', summary: '你最近看过的内容。', scope: 'personal' },
  ]
}

function randomToken(): string {
  const bytes = new Uint8Array(32)
  globalThis.crypto.getRandomValues(bytes)
  let text = ''
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0')
  return text
}

/**
 * The reference server's semantics in memory: `dev:<name>` codes map to one user per name,
 * any other code to a new user; a new login revokes the user's previous token (single sign-on).
 */
export function createMockBackend() {
  const userIdsByOpenid = new Map<string, string>()
  const users = new Map<string, User>()
  const tokenByUser = new Map<string, string>()
  const sessions = new Map<string, { userId: string; expiresAtMs: number }>()
  let newUsers = 0

  function openidFor(code: string): string {
    return code.startsWith('dev:') ? `name:${code.slice(4)}` : `anon:${++newUsers}:${code}`
  }

  return {
    /** Logs in with a WeChat code: finds or creates the user and replaces their token. */
    login(code: string, nowMs = Date.now()) {
      const openid = openidFor(code)
      let userId = userIdsByOpenid.get(openid)
      if (!userId) {
        userId = `u${userIdsByOpenid.size + 1}`
        userIdsByOpenid.set(openid, userId)
        users.set(userId, { id: userId, nickname: '微信用户', avatarUrl: `https://avatar.test/${userId}.png` })
      }
      const previous = tokenByUser.get(userId)
      if (previous) sessions.delete(previous)
      const token = randomToken()
      const expiresAtMs = nowMs + MOCK_SESSION_TTL_MS
      sessions.set(token, { userId, expiresAtMs })
      tokenByUser.set(userId, token)
      const user = users.get(userId) as User
      return { token, expiresAt: new Date(expiresAtMs).toISOString(), user }
    },
    /** The user a token belongs to, or null when it is unknown, revoked or expired. */
    userFor(token: string, nowMs = Date.now()): User | null {
      const session = sessions.get(token)
      if (!session || session.expiresAtMs <= nowMs) return null
      return users.get(session.userId) ?? null
    },
    /** Revokes a token; false when it was not valid. */
    logout(token: string): boolean {
      const session = sessions.get(token)
      if (!session) return false
      sessions.delete(token)
      if (tokenByUser.get(session.userId) === token) tokenByUser.delete(session.userId)
      return true
    },
    /** Forgets every user and session. */
    reset() {
      userIdsByOpenid.clear()
      users.clear()
      tokenByUser.clear()
      sessions.clear()
      newUsers = 0
    },
  }
}

/** The type of an in-memory mock backend. */
export type MockBackend = ReturnType<typeof createMockBackend>
