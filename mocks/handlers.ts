import { createOpenApiHttp } from 'openapi-msw'
import { feedFor } from '../fixtures/feed'
import type { paths } from '../sdk/api/schema'
import { ApiError } from '../server/errors'
import { createMockBackend } from './backend'
import {
  bearerOf,
  bindPhone,
  errorResponse,
  mockPhones,
  requireToken,
  updateProfile,
  uploadAvatar,
} from './profile-handlers'

/** Where the mocked API lives: the same base URL the app is built with in tests. */
export const MOCK_API_BASE_URL = process.env.TARO_APP_API_BASE_URL ?? 'http://api.test'

/** msw's `http`, typed by the same generated `paths` as the SDK. */
export const http = createOpenApiHttp<paths>({ baseUrl: MOCK_API_BASE_URL })

/** The in-memory backend behind the shared handlers; tests reset it between cases. */
export const backend = createMockBackend()

const ENDED_MESSAGES = {
  SESSION_EXPIRED: '登录状态已失效',
  SESSION_REPLACED: '你的账号已在其他设备登录',
  SESSION_REVOKED: '已退出登录，请重新登录',
} as const

/** The reference server's 401 body for a token that no longer works, naming why (none sent: expired). */
function ended(token: string | null) {
  const code = token === null ? 'SESSION_EXPIRED' : backend.endedCode(token)
  return { code, message: ENDED_MESSAGES[code] }
}
const INVALID_REQUEST = { code: 'INVALID_REQUEST', message: '请求格式不正确' } as const

/** Success paths with the reference server's single-sign-on semantics; tests add failures with `server.use(...)`. */
export const handlers = [
  http.post('/auth/login', async ({ request, response }) => {
    const body: unknown = await request.json().catch(() => null)
    const {
      code,
      phoneCode,
      platform = 'wechat',
      ...extra
    } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
    const validCode = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 128
    const validPlatform = platform === 'wechat' || platform === 'alipay' || platform === 'douyin'
    if (
      !validCode(code) ||
      !validPlatform ||
      (phoneCode !== undefined && !validCode(phoneCode)) ||
      Object.keys(extra).length > 0
    ) {
      return response(400).json({ code: 'INVALID_CODE', message: '登录凭证无效' })
    }
    // Phone verification is WeChat's: a phone code with another platform's login is refused, as the server does.
    if (phoneCode !== undefined && platform !== 'wechat') {
      return response(403).json({ code: 'PHONE_NOT_ALLOWED', message: '当前平台不支持手机号快捷验证' })
    }
    // A phone button's code is never a login code (the reference server's dev exchange refuses it too).
    if (phoneCode === code || (code as string).startsWith('dev-phone')) {
      return response(400).json({ code: 'INVALID_CODE', message: '登录凭证无效' })
    }
    try {
      // The phone first, as the reference server does: a failed phone code leaves no session behind.
      const phone = typeof phoneCode === 'string' ? await mockPhones.verify(phoneCode) : undefined
      const session = backend.login(code as string, Date.now(), platform)
      const user = phone ? backend.updateProfile(session.token, { phone }) : session.user
      if (!user) throw new ApiError('SESSION_EXPIRED', 'session ended')
      return response(200).json({ ...session, user })
    } catch (error) {
      return errorResponse(error)
    }
  }),
  http.post('/auth/logout', ({ request, response }) => {
    const bearer = bearerOf(request)
    if (bearer.kind === 'malformed') return response(400).json(INVALID_REQUEST)
    if (bearer.kind !== 'token') return response(401).json(ended(null))
    if (!backend.logout(bearer.token)) return response(401).json(ended(bearer.token))
    return response(204).empty()
  }),
  http.get('/auth/session', ({ request, response }) => {
    try {
      const session = backend.sessionFor(requireToken(request, backend))
      if (!session) throw new ApiError('SESSION_EXPIRED', 'session ended')
      return response(200).json(session)
    } catch (error) {
      return errorResponse(error)
    }
  }),
  http.get('/profile', ({ request, response }) => {
    const bearer = bearerOf(request)
    if (bearer.kind === 'malformed') return response(400).json(INVALID_REQUEST)
    const token = bearer.kind === 'token' ? bearer.token : null
    const user = token === null ? null : backend.userFor(token)
    if (!user) return response(401).json(ended(token))
    return response(200).json(user)
  }),
  http.patch('/profile', async ({ request, response }) => {
    try {
      return response(200).json(await updateProfile(request, backend))
    } catch (error) {
      return errorResponse(error)
    }
  }),
  http.post('/profile/avatar', async ({ request, response }) => {
    try {
      return response(200).json(await uploadAvatar(request, backend, MOCK_API_BASE_URL))
    } catch (error) {
      return errorResponse(error)
    }
  }),
  http.post('/profile/phone', async ({ request, response }) => {
    try {
      return response(200).json(await bindPhone(request, backend))
    } catch (error) {
      return errorResponse(error)
    }
  }),
  http.get('/feed', ({ request, response }) => {
    const bearer = bearerOf(request)
    if (bearer.kind === 'malformed') return response(400).json(INVALID_REQUEST)
    // The same content the reference server serves (fixtures/), so mocks and server show the same items.
    if (bearer.kind === 'absent') return response(200).json(feedFor(null))
    const token = bearer.kind === 'token' ? bearer.token : null
    const user = token === null ? null : backend.userFor(token)
    if (!user) return response(401).json(ended(token))
    return response(200).json(feedFor(user))
  }),
]
