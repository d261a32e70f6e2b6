// One scenario suite, run against the msw handlers and against the reference server, so they cannot disagree.
import { type Client, createApiClient, isValidToken, type paths } from '../../sdk'
import { fetchTransport } from '../../sdk/fetch-transport'

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
}
