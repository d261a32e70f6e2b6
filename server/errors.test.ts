import { readFileSync } from 'node:fs'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { parse } from 'yaml'
import { ApiError, ERRORS, type ErrorCode, StoreUnavailableError } from './errors'
import { createMemoryStore } from './memory-store'
import { OPENAPI_PATH } from './spec'
import type { SessionStore } from './store'
import { bearer, codeExchange, login, testServer } from './test/harness'
import type { CodeExchange } from './wechat'

async function expectError(app: FastifyInstance, request: InjectOptions, status: number, code: ErrorCode) {
  const response = await app.inject(request)
  expect({ status: response.statusCode, body: response.json() }).toEqual({
    status,
    body: { code, message: ERRORS[code].message },
  })
  return response
}

function failingExchange(code: ErrorCode): CodeExchange {
  return {
    mode: 'wechat',
    exchange: async () => {
      throw new ApiError(code, 'scripted failure')
    },
  }
}

function storeThatThrows(error: () => Error): SessionStore {
  const fail = async (): Promise<never> => {
    throw error()
  }
  return {
    ...createMemoryStore(),
    login: fail,
    check: fail,
    authenticate: fail,
    revoke: fail,
    logout: fail,
    updateProfile: fail,
    identityOf: fail,
  }
}

const LOGIN = { method: 'POST', url: '/auth/login', payload: { code: 'a-code' } } as const

describe('API errors', () => {
  it('cover every ErrorCode of the contract with a status and a Chinese message', () => {
    const spec = parse(readFileSync(OPENAPI_PATH, 'utf8'))
    const codes: string[] = spec.components.schemas.ErrorCode.enum
    expect(Object.keys(ERRORS).sort()).toEqual([...codes].sort())
    for (const { message } of Object.values(ERRORS)) expect(message).toMatch(/[\u4e00-\u9fff]/)
    expect(ERRORS.SESSION_EXPIRED.message).toBe('登录状态已失效')
  })

  it('answer a login without a usable code with 400 INVALID_CODE and never ask WeChat', async () => {
    const exchange = codeExchange()
    const { app } = testServer({ exchange })
    for (const payload of [
      {},
      { code: '' },
      { code: 42 },
      { code: 'x'.repeat(129) },
      { code: 'ok', extra: 1 },
      [],
      'null',
    ]) {
      await expectError(app, { method: 'POST', url: '/auth/login', payload }, 400, 'INVALID_CODE')
    }
    await expectError(app, { method: 'POST', url: '/auth/login' }, 400, 'INVALID_CODE')
    expect(exchange.calls).toEqual([])
  })

  it('answer an Authorization header that is not a Bearer credential with 400 INVALID_REQUEST', async () => {
    const { app } = testServer()
    // A Bearer credential with a malformed token is 401 instead: see bearer.test.ts.
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearerabc', 'token abc', '']) {
      await expectError(app, { url: '/profile', headers: { authorization } }, 400, 'INVALID_REQUEST')
      await expectError(app, { url: '/feed', headers: { authorization } }, 400, 'INVALID_REQUEST')
    }
  })

  it('answer WeChat refusing the user with 403 USER_BLOCKED', async () => {
    const { app } = testServer({ exchange: failingExchange('USER_BLOCKED') })
    await expectError(app, LOGIN, 403, 'USER_BLOCKED')
  })

  it('answer WeChat failing with 502 WECHAT_UNAVAILABLE', async () => {
    const { app } = testServer({ exchange: failingExchange('WECHAT_UNAVAILABLE') })
    await expectError(app, LOGIN, 502, 'WECHAT_UNAVAILABLE')
  })

  it('answer WeChat rate limiting the user with 429 RATE_LIMITED', async () => {
    const { app } = testServer({ exchange: failingExchange('RATE_LIMITED') })
    await expectError(app, LOGIN, 429, 'RATE_LIMITED')
  })

  it('answer too many logins from one address with 429 RATE_LIMITED, before asking WeChat', async () => {
    const exchange = codeExchange()
    const { app } = testServer({ exchange, config: { loginRateLimitPerMinute: 2 } })
    const allowed = await app.inject({ ...LOGIN, payload: { code: 'a' } })
    expect(allowed.statusCode).toBe(200)
    // A login within the limit is not told how many are left; only a refused one learns when to try again.
    expect(Object.keys(allowed.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([])
    await login(app, 'b')
    const limited = await expectError(app, LOGIN, 429, 'RATE_LIMITED')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(exchange.calls).toEqual(['a', 'b'])
    const elsewhere = await app.inject({ ...LOGIN, remoteAddress: '10.0.0.9' })
    expect(elsewhere.statusCode).toBe(200)
    expect((await app.inject({ url: '/feed' })).statusCode).toBe(200)
  })

  it('answer unknown, revoked or missing tokens with 401 SESSION_EXPIRED', async () => {
    const { app } = testServer()
    const unknown = bearer(`${'A'.repeat(22)}.${'B'.repeat(43)}`)
    await expectError(app, { url: '/profile', headers: unknown }, 401, 'SESSION_EXPIRED')
    await expectError(app, { url: '/feed', headers: unknown }, 401, 'SESSION_EXPIRED')
    await expectError(app, { method: 'POST', url: '/auth/logout', headers: unknown }, 401, 'SESSION_EXPIRED')
    await expectError(app, { url: '/profile' }, 401, 'SESSION_EXPIRED')
    await expectError(app, { method: 'POST', url: '/auth/logout' }, 401, 'SESSION_EXPIRED')
  })

  it('answer expired tokens with 401 SESSION_EXPIRED', async () => {
    let now = Date.now()
    const { app } = testServer({ store: createMemoryStore({ now: () => now }), config: { sessionTtlSeconds: 60 } })
    const { token } = await login(app, 'a')
    now += 61_000
    await expectError(app, { url: '/profile', headers: bearer(token) }, 401, 'SESSION_EXPIRED')
  })

  it('answer unknown paths and wrong methods with 404 NOT_FOUND', async () => {
    const { app } = testServer()
    await expectError(app, { url: '/nope' }, 404, 'NOT_FOUND')
    await expectError(app, { url: '/auth/login' }, 404, 'NOT_FOUND')
    await expectError(app, { method: 'DELETE', url: '/profile' }, 404, 'NOT_FOUND')
    await expectError(app, { method: 'PUT', url: '/auth/logout' }, 404, 'NOT_FOUND')
  })

  it('answer an unreachable store with 503 STORE_UNAVAILABLE and issue no token', async () => {
    const { app } = testServer({ store: storeThatThrows(() => new StoreUnavailableError(new Error('ECONNREFUSED'))) })
    const response = await expectError(app, LOGIN, 503, 'STORE_UNAVAILABLE')
    expect(response.body).not.toContain('token')
    const wellFormed = `${'x'.repeat(22)}.${'y'.repeat(43)}`
    await expectError(app, { url: '/profile', headers: bearer(wellFormed) }, 503, 'STORE_UNAVAILABLE')
    await expectError(app, { url: '/feed', headers: bearer(wellFormed) }, 503, 'STORE_UNAVAILABLE')
  })

  it('answer an unexpected failure with 500 INTERNAL_ERROR, logging where it failed but never sending it', async () => {
    const { app, logs } = testServer({ store: storeThatThrows(() => new Error('disk on fire at /srv/secret/path')) })
    const response = await expectError(app, LOGIN, 500, 'INTERNAL_ERROR')
    expect(response.body).not.toContain('disk on fire')
    expect(response.body).not.toContain('at ')
    // The message stays out of the log too: messages can quote data (a body, a command's arguments).
    const failure = logs.find((line) => line.includes('"level":50'))
    expect(failure).toMatch(/"type":"Error".*errors\.test\.ts/)
    expect(failure).not.toContain('disk on fire')
  })
})
