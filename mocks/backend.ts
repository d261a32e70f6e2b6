import type { components } from '../sdk/api/schema'

type User = components['schemas']['User']
type SessionDetails = components['schemas']['SessionDetails']
type Platform = components['schemas']['Platform']

/** Profile fields a mock change sets; the phone comes with its full number, which never leaves the backend. */
export interface MockProfileChanges {
  /** The judged nickname. */
  nickname?: string
  /** The new avatar URL. */
  avatarUrl?: string
  /** A verified phone: the full number is kept apart, only `masked` is answered. */
  phone?: { number: string; masked: string }
}

/** The 401 code naming why a token no longer works, as the reference server answers it. */
export type EndedCode = 'SESSION_EXPIRED' | 'SESSION_REPLACED' | 'SESSION_REVOKED'

/** The nickname a new user starts with on each platform, as the reference server names them. */
const DEFAULT_NICKNAMES: Readonly<Record<Platform, string>> = {
  wechat: '微信用户',
  alipay: '支付宝用户',
  douyin: '抖音用户',
}

/** Token lifetime the mock backend grants, like the reference server's default. */
export const MOCK_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000
/** How long renewals could keep a session at most, like the reference server's default (the mock never renews). */
export const MOCK_SESSION_MAX_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function randomBase64url(length: number): string {
  const bytes = new Uint8Array(length)
  globalThis.crypto.getRandomValues(bytes)
  let text = ''
  // 256 is a multiple of 64, so `byte & 63` picks every character with the same chance.
  for (const byte of bytes) text += BASE64URL[byte & 63]
  return text
}

/** A token of the contract's shape (`components.schemas.Token`), like the reference server issues. */
function randomToken(): string {
  return `${randomBase64url(22)}.${randomBase64url(43)}`
}

/**
 * The reference server's semantics in memory: `dev:<name>` codes map to one user per name,
 * any other code to a new user; a new login revokes the user's previous token (single sign-on).
 */
export function createMockBackend() {
  const userIdsByOpenid = new Map<string, string>()
  const users = new Map<string, User>()
  const tokenByUser = new Map<string, string>()
  const sessions = new Map<string, { userId: string; expiresAtMs: number; renewableUntilMs: number }>()
  const phoneNumbers = new Map<string, string>()
  // Why each ended token ended; the mock lives as long as a test run, so no TTL is needed.
  const ended = new Map<string, EndedCode>()
  let newUsers = 0

  // A user is one platform's user: the same dev name on Alipay is someone else than on WeChat.
  function openidFor(code: string, platform: Platform): string {
    const openid = code.startsWith('dev:') ? `name:${code.slice(4)}` : `anon:${++newUsers}:${code}`
    return platform === 'wechat' ? openid : `${platform}:${openid}`
  }

  /** What `GET /auth/session` answers for a token, or null when it is unknown, revoked or expired. */
  function sessionFor(token: string, nowMs = Date.now()): SessionDetails | null {
    const session = sessions.get(token)
    const user = session && session.expiresAtMs > nowMs ? users.get(session.userId) : undefined
    if (!session || !user) return null
    const { expiresAtMs, renewableUntilMs } = session
    return {
      expiresAt: new Date(expiresAtMs).toISOString(),
      renewableUntil: new Date(renewableUntilMs).toISOString(),
      user,
    }
  }

  return {
    /** What `GET /auth/session` answers for a token, or null when it is unknown, revoked or expired. */
    sessionFor,
    /** Logs in with a platform's login code (WeChat by default): finds or creates the user, replaces their token. */
    login(code: string, nowMs = Date.now(), platform: Platform = 'wechat') {
      const openid = openidFor(code, platform)
      let userId = userIdsByOpenid.get(openid)
      if (!userId) {
        userId = `u${userIdsByOpenid.size + 1}`
        userIdsByOpenid.set(openid, userId)
        users.set(userId, {
          id: userId,
          nickname: DEFAULT_NICKNAMES[platform],
          avatarUrl: `https://avatar.test/${userId}.png`,
        })
      }
      const previous = tokenByUser.get(userId)
      if (previous && sessions.delete(previous)) ended.set(previous, 'SESSION_REPLACED')
      const token = randomToken()
      const expiresAtMs = nowMs + MOCK_SESSION_TTL_MS
      sessions.set(token, { userId, expiresAtMs, renewableUntilMs: nowMs + MOCK_SESSION_MAX_LIFETIME_MS })
      tokenByUser.set(userId, token)
      const user = users.get(userId) as User
      return { token, expiresAt: new Date(expiresAtMs).toISOString(), user }
    },
    /** The user a token belongs to, or null when it is unknown, revoked or expired. */
    userFor(token: string, nowMs = Date.now()): User | null {
      return sessionFor(token, nowMs)?.user ?? null
    },
    /** Changes the profile of the token's user; null when the token is not valid. */
    updateProfile(token: string, changes: MockProfileChanges, nowMs = Date.now()): User | null {
      const session = sessions.get(token)
      const user = session && session.expiresAtMs > nowMs ? users.get(session.userId) : undefined
      if (!session || !user) return null
      const next: User = {
        ...user,
        ...(changes.nickname === undefined ? {} : { nickname: changes.nickname }),
        ...(changes.avatarUrl === undefined ? {} : { avatarUrl: changes.avatarUrl }),
        ...(changes.phone === undefined ? {} : { phone: changes.phone.masked }),
      }
      if (changes.phone) phoneNumbers.set(session.userId, changes.phone.number)
      users.set(session.userId, next)
      return next
    },
    /** The full phone number bound to a user (the server keeps it; clients only see it masked). */
    phoneNumberOf(userId: string): string | null {
      return phoneNumbers.get(userId) ?? null
    },
    /** Why a token that is not valid stopped working: replaced, revoked, or expired (also when unknown). */
    endedCode(token: string): EndedCode {
      return ended.get(token) ?? 'SESSION_EXPIRED'
    },
    /** Revokes a token; false when it was not valid. */
    logout(token: string): boolean {
      const session = sessions.get(token)
      if (!session) return false
      sessions.delete(token)
      ended.set(token, 'SESSION_REVOKED')
      if (tokenByUser.get(session.userId) === token) tokenByUser.delete(session.userId)
      return true
    },
    /** Forgets every user and session. */
    reset() {
      userIdsByOpenid.clear()
      users.clear()
      tokenByUser.clear()
      sessions.clear()
      phoneNumbers.clear()
      ended.clear()
      newUsers = 0
    },
  }
}

/** The type of an in-memory mock backend. */
export type MockBackend = ReturnType<typeof createMockBackend>
