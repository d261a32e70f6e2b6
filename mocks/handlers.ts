import { createOpenApiHttp } from 'openapi-msw'
import type { paths } from '../sdk/schema'
import { type Bearer, readBearer } from '../server/bearer'
import { feedFor } from '../server/feed'
import { createMockBackend } from './backend'

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

/** The Authorization header as the reference server reads it (the same function). */
function bearerOf(request: Request): Bearer {
  return readBearer(request.headers.get('authorization') ?? undefined)
}

/** Success paths with the reference server's single-sign-on semantics; tests add failures with `server.use(...)`. */
export const handlers = [
  http.post('/auth/login', async ({ request, response }) => {
    const body: unknown = await request.json().catch(() => null)
    const code = (body as { code?: unknown } | null)?.code
    if (typeof code !== 'string' || code.length === 0 || code.length > 128) {
      return response(400).json({ code: 'INVALID_CODE', message: '登录凭证无效' })
    }
    return response(200).json(backend.login(code))
  }),
  http.post('/auth/logout', ({ request, response }) => {
    const bearer = bearerOf(request)
    if (bearer.kind === 'malformed') return response(400).json(INVALID_REQUEST)
    if (bearer.kind !== 'token') return response(401).json(ended(null))
    if (!backend.logout(bearer.token)) return response(401).json(ended(bearer.token))
    return response(204).empty()
  }),
  http.get('/profile', ({ request, response }) => {
    const bearer = bearerOf(request)
    if (bearer.kind === 'malformed') return response(400).json(INVALID_REQUEST)
    const token = bearer.kind === 'token' ? bearer.token : null
    const user = token === null ? null : backend.userFor(token)
    if (!user) return response(401).json(ended(token))
    return response(200).json(user)
  }),
  http.get('/feed', ({ request, response }) => {
    const bearer = bearerOf(request)
    if (bearer.kind === 'malformed') return response(400).json(INVALID_REQUEST)
    // The reference server's own feed content, so mocks and server show the same items.
    if (bearer.kind === 'absent') return response(200).json(feedFor(null))
    const token = bearer.kind === 'token' ? bearer.token : null
    const user = token === null ? null : backend.userFor(token)
    if (!user) return response(401).json(ended(token))
    return response(200).json(feedFor(user))
  }),
]
