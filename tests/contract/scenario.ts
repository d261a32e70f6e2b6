// One scenario suite, run against the msw handlers and against the reference server, so they cannot disagree.
import { type Client, createApiClient, isValidToken, type paths } from '../../sdk'
import { OPERATIONS, SHAPES } from '../../sdk/api/operations.gen'
import { matchesShape, type Shape } from '../../sdk/client/shape'
import { fetchTransport } from '../../sdk/testing/fetch-transport'
import { fixtureImage } from '../../server/test/multipart'

/** How each side is reached. */
export interface Backend {
  baseUrl: string
}

function client(backend: Backend): Client<paths> {
  return createApiClient({ baseUrl: backend.baseUrl, transport: fetchTransport() })
}

function withToken(token: string) {
  return { headers: { Authorization: `Bearer ${token}` } }
}

async function login(api: Client<paths>, code: string) {
  const result = await api.POST('/auth/login', { body: { code } })
  if (result.error) throw new Error(`login ${code} failed: ${result.error.code} ${result.error.message}`)
  return result.data
}

/** Uploads `bytes` as `Taro.uploadFile({ name: 'file' })` does; the body parsed, checked against the spec for its status. */
async function uploadAvatar(backend: Backend, token: string, bytes: Uint8Array, field = 'file') {
  const form = new FormData()
  form.append(field, new Blob([Uint8Array.from(bytes)], { type: 'image/png' }), 'tmp_avatar.png')
  const response = await fetch(`${backend.baseUrl}/profile/avatar`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  })
  const body: unknown = await response.json()
  const info = OPERATIONS['POST /profile/avatar']
  const shape: Shape | null | undefined =
    response.status === 200 ? info.ok['200'] : (info.errors as Record<string, Shape>)[String(response.status)]
  if (!shape || !matchesShape(shape, body, SHAPES)) {
    throw new Error(`avatar upload answered ${response.status} with a body the spec does not declare`)
  }
  return { status: response.status, body: body as Record<string, unknown> }
}

/** Registers the contract's scenarios; `backend()` is read when each test runs. */
export function describeContract(backend: () => Backend): void {
  it('serves only public items to an anonymous client', async () => {
    const result = await client(backend()).GET('/feed')
    expect(result.error).toBeUndefined()
    expect(result.data?.items.length).toBeGreaterThan(0)
    expect(result.data?.items.every((item) => item.scope === 'public')).toBe(true)
  })

  it('logs in with a code and returns a token, its expiry and the user', async () => {
    const session = await login(client(backend()), 'dev:contract-a')
    expect(isValidToken(session.token)).toBe(true)
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now())
    expect(session.user).toEqual({ id: expect.any(String), nickname: '微信用户', avatarUrl: expect.any(String) })
    expect(JSON.stringify(session)).not.toContain('session_key')
  })

  it('serves the profile and the personal feed to a valid token', async () => {
    const api = client(backend())
    const session = await login(api, 'dev:contract-b')
    const profile = await api.GET('/profile', withToken(session.token))
    expect(profile.data).toEqual(session.user)
    const feed = await api.GET('/feed', withToken(session.token))
    expect(feed.data?.items.some((item) => item.scope === 'personal')).toBe(true)
    expect(feed.data?.items.some((item) => item.scope === 'public')).toBe(true)
  })

  it('describes the current session without its secrets, and names why once a login elsewhere replaced it', async () => {
    const api = client(backend())
    const session = await login(api, 'dev:contract-session')
    const details = await api.GET('/auth/session', withToken(session.token))
    expect(details.data).toEqual({
      expiresAt: session.expiresAt,
      renewableUntil: expect.any(String),
      user: session.user,
    })
    expect(Date.parse(details.data?.renewableUntil ?? '')).toBeGreaterThanOrEqual(Date.parse(session.expiresAt))
    expect(JSON.stringify(details.data)).not.toContain(session.token)
    await login(api, 'dev:contract-session')
    const replaced = await api.GET('/auth/session', withToken(session.token))
    expect(replaced.error).toMatchObject({ name: 'ApiError', status: 401, code: 'SESSION_REPLACED' })
  })

  it('maps the same dev name to the same user and another name to another user', async () => {
    const api = client(backend())
    const first = await login(api, 'dev:contract-c')
    const again = await login(api, 'dev:contract-c')
    const other = await login(api, 'dev:contract-d')
    expect(again.user.id).toBe(first.user.id)
    expect(other.user.id).not.toBe(first.user.id)
  })

  it('tells the first device it was replaced when the same user logs in on a second device', async () => {
    const api = client(backend())
    const first = await login(api, 'dev:contract-e')
    const second = await login(api, 'dev:contract-e')
    for (const path of ['/feed', '/profile'] as const) {
      const revoked = await api.GET(path, withToken(first.token))
      expect(revoked.error).toMatchObject({ status: 401, code: 'SESSION_REPLACED' })
    }
    expect((await api.POST('/auth/logout', withToken(first.token))).error).toMatchObject({
      status: 401,
      code: 'SESSION_REPLACED',
    })
    expect((await api.GET('/profile', withToken(second.token))).data?.id).toBe(second.user.id)
  })

  it('names why a profile change was refused: replaced, then revoked', async () => {
    const api = client(backend())
    const first = await login(api, 'dev:contract-profile-end')
    const second = await login(api, 'dev:contract-profile-end')
    const changeBy = (token: string) => api.PATCH('/profile', { ...withToken(token), body: { nickname: '小明' } })
    expect((await changeBy(first.token)).error).toMatchObject({ status: 401, code: 'SESSION_REPLACED' })
    expect(
      (await api.POST('/profile/phone', { ...withToken(first.token), body: { phoneCode: 'dev-phone:13800000000' } }))
        .error,
    ).toMatchObject({ status: 401, code: 'SESSION_REPLACED' })
    await api.POST('/auth/logout', withToken(second.token))
    expect((await changeBy(second.token)).error).toMatchObject({ status: 401, code: 'SESSION_REVOKED' })
  })

  it('logs out once: 204, then 401 SESSION_REVOKED for the same token everywhere', async () => {
    const api = client(backend())
    const session = await login(api, 'dev:contract-f')
    const out = await api.POST('/auth/logout', withToken(session.token))
    expect(out.error).toBeUndefined()
    expect(out.response?.status).toBe(204)
    for (const result of [
      await api.POST('/auth/logout', withToken(session.token)),
      await api.GET('/profile', withToken(session.token)),
      await api.GET('/feed', withToken(session.token)),
    ]) {
      expect(result.error).toMatchObject({ status: 401, code: 'SESSION_REVOKED' })
    }
  })

  it('answers logout of an unknown token with 401 SESSION_EXPIRED', async () => {
    const result = await client(backend()).POST('/auth/logout', withToken('x'.repeat(43)))
    expect(result.error).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' })
  })

  it("answers a well-formed token nobody was issued like an unknown one, even beside a user's replaced token", async () => {
    const api = client(backend())
    const old = await login(api, 'dev:contract-i')
    await login(api, 'dev:contract-i')
    const forged = `${old.token.slice(0, 23)}${'Q'.repeat(43)}`
    expect((await api.GET('/profile', withToken(forged))).error).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' })
  })

  it('answers a Bearer token that is not of the Token shape like an unknown one: 401 SESSION_EXPIRED', async () => {
    const api = client(backend())
    const { token } = await login(api, 'dev:contract-g')
    const malformed = [
      `${token.slice(0, 30)} ${token.slice(31)}`,
      `${token.slice(0, -1)}*`,
      token.slice(1),
      `${token}.${'a'.repeat(6 * 1024)}`,
    ]
    for (const bad of malformed) {
      for (const result of [
        await api.GET('/profile', withToken(bad)),
        await api.GET('/feed', withToken(bad)),
        await api.POST('/auth/logout', withToken(bad)),
      ]) {
        expect(result.error).toMatchObject({ name: 'ApiError', status: 401, code: 'SESSION_EXPIRED' })
      }
    }
    // None of them touched the real session.
    expect((await api.GET('/profile', withToken(token))).error).toBeUndefined()
  })

  it('answers an Authorization header that is not a Bearer credential with 400 INVALID_REQUEST', async () => {
    const api = client(backend())
    const { token } = await login(api, 'dev:contract-h')
    for (const authorization of [`Basic ${token}`, token]) {
      const result = await api.GET('/profile', { headers: { Authorization: authorization } })
      expect(result.error).toMatchObject({ name: 'ApiError', status: 400, code: 'INVALID_REQUEST' })
    }
  })

  it('answers /profile without a token with 401 SESSION_EXPIRED', async () => {
    const result = await client(backend()).GET('/profile')
    expect(result.error).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' })
  })

  it('answers an empty code with 400 INVALID_CODE', async () => {
    const result = await client(backend()).POST('/auth/login', { body: { code: '' } })
    expect(result.error).toMatchObject({ status: 400, code: 'INVALID_CODE' })
  })

  it('changes the nickname, trimmed, and keeps it at the next login', async () => {
    const api = client(backend())
    const session = await login(api, 'dev:contract-nick')
    const changed = await api.PATCH('/profile', { ...withToken(session.token), body: { nickname: '  小明 ' } })
    expect(changed.data).toEqual({ ...session.user, nickname: '小明' })
    expect((await login(api, 'dev:contract-nick')).user.nickname).toBe('小明')
  })

  it('refuses a nickname over 20 characters or with control characters with 400 INVALID_NICKNAME', async () => {
    const api = client(backend())
    const session = await login(api, 'dev:contract-nick-bad')
    for (const nickname of ['名'.repeat(21), ' ', 'a\u0007b']) {
      const result = await api.PATCH('/profile', { ...withToken(session.token), body: { nickname } })
      expect(result.error).toMatchObject({ name: 'ApiError', status: 400, code: 'INVALID_NICKNAME' })
    }
  })

  it('takes an avatar upload and answers the user with a content-hashed avatar URL', async () => {
    const api = client(backend())
    const session = await login(api, 'dev:contract-avatar')
    const uploaded = await uploadAvatar(backend(), session.token, fixtureImage('png'))
    expect(uploaded.status).toBe(200)
    expect(uploaded.body.avatarUrl).toMatch(/\/avatars\/[0-9a-f]{64}\.png$/)
    expect((await api.GET('/profile', withToken(session.token))).data?.avatarUrl).toBe(uploaded.body.avatarUrl)
  })

  it('refuses an upload that is not a whole image with 400 INVALID_IMAGE, and one over 2 MB with 413', async () => {
    const session = await login(client(backend()), 'dev:contract-avatar-bad')
    const png = fixtureImage('png')
    expect((await uploadAvatar(backend(), session.token, png.subarray(0, 40))).body.code).toBe('INVALID_IMAGE')
    expect((await uploadAvatar(backend(), session.token, new Uint8Array(0))).body.code).toBe('INVALID_IMAGE')
    const large = new Uint8Array(2 * 1024 * 1024 + 1)
    large.set(png)
    expect(await uploadAvatar(backend(), session.token, large)).toMatchObject({
      status: 413,
      body: { code: 'IMAGE_TOO_LARGE' },
    })
    expect((await uploadAvatar(backend(), session.token, png, 'avatar')).body.code).toBe('INVALID_REQUEST')
  })

  it('logs in and binds a phone number in one round trip, answering it masked', async () => {
    const api = client(backend())
    const result = await api.POST('/auth/login', {
      body: { code: 'dev:contract-phone', phoneCode: 'dev-phone:13800001234' },
    })
    expect(result.data?.user.phone).toBe('138****1234')
    expect(JSON.stringify(result.data)).not.toContain('13800001234')
  })

  it('never takes a phone code for a login code: 400 INVALID_CODE', async () => {
    const api = client(backend())
    for (const body of [{ code: 'dev-phone:13800001234' }, { code: 'dev:x', phoneCode: 'dev:x' }]) {
      expect((await api.POST('/auth/login', { body })).error).toMatchObject({ status: 400, code: 'INVALID_CODE' })
    }
  })

  it('binds a phone number later, masked in the profile', async () => {
    const api = client(backend())
    const session = await login(api, 'dev:contract-phone-later')
    expect(session.user.phone).toBeUndefined()
    const bound = await api.POST('/profile/phone', {
      ...withToken(session.token),
      body: { phoneCode: 'dev-phone:13912345678' },
    })
    expect(bound.data?.phone).toBe('139****5678')
    expect((await api.GET('/profile', withToken(session.token))).data?.phone).toBe('139****5678')
  })

  it('answers each WeChat phone error with its typed code and status, on login and on bind', async () => {
    const api = client(backend())
    const session = await login(api, 'dev:contract-phone-errors')
    const cases = [
      ['dev-phone-error:40029', 400, 'INVALID_PHONE_CODE'],
      ['dev-phone-error:1400001', 429, 'PHONE_QUOTA_EXCEEDED'],
      ['dev-phone-error:48001', 403, 'PHONE_NOT_ALLOWED'],
      ['dev-phone-error:-1', 502, 'WECHAT_UNAVAILABLE'],
    ] as const
    for (const [phoneCode, status, code] of cases) {
      const bind = await api.POST('/profile/phone', { ...withToken(session.token), body: { phoneCode } })
      expect(bind.error).toMatchObject({ name: 'ApiError', status, code })
      const phoneLogin = await api.POST('/auth/login', { body: { code: 'dev:contract-phone-errors', phoneCode } })
      expect(phoneLogin.error).toMatchObject({ name: 'ApiError', status, code })
    }
    // The failed phone logins issued no session: the first one still works.
    expect((await api.GET('/profile', withToken(session.token))).error).toBeUndefined()
  })
}
