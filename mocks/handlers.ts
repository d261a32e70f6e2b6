import { createOpenApiHttp } from 'openapi-msw'
import type { paths } from '../sdk/schema'
import { ApiError } from '../server/errors'
import { feedFor } from '../server/feed'
import { createMockBackend } from './backend'
import { bearerOf, bindPhone, errorResponse, mockPhones, updateProfile, uploadAvatar } from './profile-handlers'

/** Where the mocked API lives: the same base URL the app is built with in tests. */
export const MOCK_API_BASE_URL = process.env.TARO_APP_API_BASE_URL ?? 'http://api.test'

/** msw's `http`, typed by the same generated `paths` as the SDK. */
export const http = createOpenApiHttp<paths>({ baseUrl: MOCK_API_BASE_URL })

/** The in-memory backend behind the shared handlers; tests reset it between cases. */
export const backend = createMockBackend()

const SESSION_EXPIRED = { code: 'SESSION_EXPIRED', message: '登录状态已失效' } as const
const INVALID_REQUEST = { code: 'INVALID_REQUEST', message: '请求格式不正确' } as const

/** Success paths with the reference server's single-sign-on semantics; tests add failures with `server.use(...)`. */
export const handlers = [
  http.post('/auth/login', async ({ request, response }) => {
    const body: unknown = await request.json().catch(() => null)
    const { code, phoneCode, ...extra } = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >
    const validCode = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 128
    if (!validCode(code) || (phoneCode !== undefined && !validCode(phoneCode)) || Object.keys(extra).length > 0) {
      return response(400).json({ code: 'INVALID_CODE', message: '登录凭证无效' })
    }
    // A phone button's code is never a login code (the reference server's dev exchange refuses it too).
    if (phoneCode === code || (code as string).startsWith('dev-phone')) {
      return response(400).json({ code: 'INVALID_CODE', message: '登录凭证无效' })
    }
    try {
      // The phone first, as the reference server does: a failed phone code leaves no session behind.
      const phone = typeof phoneCode === 'string' ? await mockPhones.verify(phoneCode) : undefined
      const session = backend.login(code as string)
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
    if (bearer.kind !== 'token' || !backend.logout(bearer.token)) return response(401).json(SESSION_EXPIRED)
    return response(204).empty()
  }),
  http.get('/profile', ({ request, response }) => {
    const bearer = bearerOf(request)
    if (bearer.kind === 'malformed') return response(400).json(INVALID_REQUEST)
    const user = bearer.kind === 'token' ? backend.userFor(bearer.token) : null
    if (!user) return response(401).json(SESSION_EXPIRED)
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
    // The reference server's own feed content, so mocks and server show the same items.
    if (bearer.kind === 'absent') return response(200).json(feedFor(null))
    const user = bearer.kind === 'token' ? backend.userFor(bearer.token) : null
    if (!user) return response(401).json(SESSION_EXPIRED)
    return response(200).json(feedFor(user))
  }),
]
