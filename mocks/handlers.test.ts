import { MOCK_SESSION_MAX_LIFETIME_MS } from './backend'
import { backend, MOCK_API_BASE_URL } from './handlers'

async function call(method: string, path: string, init: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (init.token) headers.authorization = `Bearer ${init.token}`
  const res = await fetch(`${MOCK_API_BASE_URL}${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

async function login(code: string): Promise<string> {
  const res = await call('POST', '/auth/login', { body: { code } })
  expect(res.status).toBe(200)
  return res.body.token
}

beforeEach(() => backend.reset())

describe('mock handlers', () => {
  it('log the same dev user in on two devices and tell the first token it was replaced', async () => {
    const first = await login('dev:alice')
    const second = await login('dev:alice')
    expect((await call('GET', '/profile', { token: second })).status).toBe(200)
    expect(await call('GET', '/feed', { token: first })).toEqual({
      status: 401,
      body: { code: 'SESSION_REPLACED', message: '你的账号已在其他设备登录' },
    })
  })

  it('give different codes different users', async () => {
    const a = await login('wx-code-1')
    const b = await login('wx-code-2')
    const userA = (await call('GET', '/profile', { token: a })).body
    const userB = (await call('GET', '/profile', { token: b })).body
    expect(userA.id).not.toBe(userB.id)
  })

  it('describe the session a token stands for, and say why once it ended, like the reference server', async () => {
    const before = Date.now()
    const login = await call('POST', '/auth/login', { body: { code: 'dev:erin' } })
    const { token, expiresAt, user } = login.body
    const session = await call('GET', '/auth/session', { token })
    expect(session).toEqual({ status: 200, body: { expiresAt, renewableUntil: expect.any(String), user } })
    expect(Date.parse(session.body.renewableUntil)).toBeGreaterThanOrEqual(before + MOCK_SESSION_MAX_LIFETIME_MS)
    expect(JSON.stringify(session.body)).not.toContain(token)
    await call('POST', '/auth/logout', { token })
    expect((await call('GET', '/auth/session', { token })).body.code).toBe('SESSION_REVOKED')
    expect((await call('GET', '/auth/session')).body.code).toBe('SESSION_EXPIRED')
  })

  it('answer logout of an unknown token with 401 SESSION_EXPIRED', async () => {
    expect((await call('POST', '/auth/logout', { token: 'nope' })).body.code).toBe('SESSION_EXPIRED')
  })

  it('revoke a token on logout', async () => {
    const token = await login('dev:bob')
    expect((await call('POST', '/auth/logout', { token })).status).toBe(204)
    expect((await call('GET', '/profile', { token })).status).toBe(401)
  })

  it('serve public items without a token and personal ones with a valid token', async () => {
    const anonymous = await call('GET', '/feed')
    expect(anonymous.body.items.every((i: { scope: string }) => i.scope === 'public')).toBe(true)
    const token = await login('dev:carol')
    const personal = await call('GET', '/feed', { token })
    expect(personal.body.items.some((i: { scope: string }) => i.scope === 'personal')).toBe(true)
  })

  it('reject a malformed login body with INVALID_CODE', async () => {
    expect(await call('POST', '/auth/login', { body: { code: '' } })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_CODE' },
    })
  })

  it('keep a changed nickname, an uploaded avatar and a bound phone in the profile, where the app tests run', async () => {
    const token = await login('dev:dora')
    expect((await call('PATCH', '/profile', { token, body: { nickname: ' 多拉 ' } })).body.nickname).toBe('多拉')
    const form = new FormData()
    // A 1×1 WebP: the mocks check the bytes as the reference server does.
    const webp = Uint8Array.from(atob('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=='), (c) => c.charCodeAt(0))
    form.append('file', new Blob([webp], { type: 'image/webp' }), 'tmp.webp')
    const upload = await fetch(`${MOCK_API_BASE_URL}/profile/avatar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    })
    expect(upload.status).toBe(200)
    expect(((await upload.json()) as { avatarUrl: string }).avatarUrl).toMatch(/\.webp$/)
    const bound = await call('POST', '/profile/phone', { token, body: { phoneCode: 'dev-phone:13800000000' } })
    expect(bound.body.phone).toBe('138****0000')
    expect((await call('GET', '/profile', { token })).body).toMatchObject({ nickname: '多拉', phone: '138****0000' })
  })
})
