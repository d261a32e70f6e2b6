import { createOpenApiHttp } from 'openapi-msw'
import type { paths } from '../sdk/schema'

/** msw's `http`, typed by the same generated `paths` as the SDK. */
export const http = createOpenApiHttp<paths>({ baseUrl: process.env.TARO_APP_API_BASE_URL ?? 'http://api.test' })

/** Success paths shared by every test; each test adds its failures with `server.use(...)`. */
export const handlers = [
  http.get('/feed', ({ response }) =>
    response(200).json({ items: [{ id: 'p1', title: '欢迎使用 miniauth', summary: '公开内容', scope: 'public' }] }),
  ),
]
