import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { createMemoryAvatarStore } from './avatar-store'
import { bearer, codeExchange, login, testServer } from './test/harness'
import { avatarUpload, fixtureImage, multipart } from './test/multipart'

function setup() {
  const avatars = createMemoryAvatarStore()
  const exchange = codeExchange()
  const { app, logs } = testServer({ avatars, exchange, config: { publicBaseUrl: 'http://img.test' } })
  return { app, avatars, exchange, logs }
}

async function upload(app: FastifyInstance, token: string, body: { payload: Buffer; headers: Record<string, string> }) {
  return app.inject({
    method: 'POST',
    url: '/profile/avatar',
    headers: { ...bearer(token), ...body.headers },
    payload: body.payload,
  })
}

describe('PATCH /profile', () => {
  it('saves the trimmed nickname, shown by /profile and kept at the next login', async () => {
    const { app } = setup()
    const { token } = await login(app, 'alice')
    const changed = await app.inject({
      method: 'PATCH',
      url: '/profile',
      headers: bearer(token),
      payload: { nickname: '  小明 ' },
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.json().nickname).toBe('小明')
    const profile = await app.inject({ method: 'GET', url: '/profile', headers: bearer(token) })
    expect(profile.json().nickname).toBe('小明')
    expect((await login(app, 'alice')).user.nickname).toBe('小明')
  })

  it('refuses a nickname the rules forbid with INVALID_NICKNAME and keeps the old one', async () => {
    const { app } = setup()
    const { token } = await login(app, 'alice')
    for (const nickname of ['', '   ', '名'.repeat(21), 'a\u0000b', 'a\nb']) {
      const response = await app.inject({
        method: 'PATCH',
        url: '/profile',
        headers: bearer(token),
        payload: { nickname },
      })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toEqual({ code: 'INVALID_NICKNAME', message: expect.stringMatching(/昵称/) })
    }
    const profile = await app.inject({ method: 'GET', url: '/profile', headers: bearer(token) })
    expect(profile.json().nickname).toBe('微信用户')
  })

  it('answers a body of the wrong shape with INVALID_REQUEST and no token with SESSION_EXPIRED', async () => {
    const { app } = setup()
    const { token } = await login(app, 'alice')
    for (const payload of [{ nickname: 42 }, { name: 'x' }, { nickname: 'x', extra: 1 }, [], 'null']) {
      const response = await app.inject({ method: 'PATCH', url: '/profile', headers: bearer(token), payload })
      expect(response.statusCode).toBe(400)
      expect(response.json().code).toBe('INVALID_REQUEST')
    }
    const anonymous = await app.inject({ method: 'PATCH', url: '/profile', payload: { nickname: '小明' } })
    expect(anonymous.statusCode).toBe(401)
  })
})

describe('browsers', () => {
  it('may send PATCH from an allowed origin (the H5 build changes the nickname)', async () => {
    const { app } = setup()
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/profile',
      headers: { origin: 'http://127.0.0.1:10086', 'access-control-request-method': 'PATCH' },
    })
    expect(response.statusCode).toBe(204)
    expect(response.headers['access-control-allow-methods']).toContain('PATCH')
  })
})

describe('POST /profile/avatar', () => {
  it.each(['jpg', 'png', 'webp'] as const)(
    'stores a real %s image and serves it at a content-hashed URL with a year of immutable caching',
    async (kind) => {
      const { app, avatars } = setup()
      const { token } = await login(app, 'alice')
      const bytes = fixtureImage(kind)
      const response = await upload(app, token, avatarUpload(bytes, `x.${kind}`, 'application/octet-stream'))
      expect(response.statusCode).toBe(200)
      expect(avatars.size()).toBe(1)
      const hash = createHash('sha256').update(bytes).digest('hex')
      expect(response.json().avatarUrl).toBe(`http://img.test/avatars/${hash}.${kind}`)
      const served = await app.inject({ method: 'GET', url: `/avatars/${hash}.${kind}` })
      expect(served.statusCode).toBe(200)
      expect(served.rawPayload.equals(bytes)).toBe(true)
      expect(served.headers['content-type']).toBe(`image/${kind === 'jpg' ? 'jpeg' : kind}`)
      expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      const profile = await app.inject({ method: 'GET', url: '/profile', headers: bearer(token) })
      expect(profile.json().avatarUrl).toBe(response.json().avatarUrl)
    },
  )

  it('answers 404 for an avatar name that was never uploaded', async () => {
    const { app } = setup()
    const response = await app.inject({ method: 'GET', url: `/avatars/${'0'.repeat(64)}.png` })
    expect(response.statusCode).toBe(404)
    expect(response.json().code).toBe('NOT_FOUND')
  })

  it('refuses an upload from a signed-out client before storing anything', async () => {
    const { app, avatars } = setup()
    const response = await upload(app, `${'A'.repeat(22)}.${'B'.repeat(43)}`, avatarUpload(fixtureImage('png')))
    expect(response.statusCode).toBe(401)
    expect(avatars.size()).toBe(0)
  })
})

describe('fuzzed avatar uploads', () => {
  const png = fixtureImage('png')
  const jpg = fixtureImage('jpg')
  const webp = fixtureImage('webp')
  const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
  const random = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 256))
  const cases: Array<[string, { payload: Buffer; headers: Record<string, string> }, number, string]> = [
    ['a GIF', avatarUpload(gif, 'a.gif', 'image/gif'), 400, 'INVALID_IMAGE'],
    [
      'an SVG named .png',
      avatarUpload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.png', 'image/png'),
      400,
      'INVALID_IMAGE',
    ],
    [
      'text declared as a JPEG',
      avatarUpload(Buffer.from('hello, not an image'), 'a.jpg', 'image/jpeg'),
      400,
      'INVALID_IMAGE',
    ],
    ['a PDF', avatarUpload(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n'), 'a.jpg'), 400, 'INVALID_IMAGE'],
    ['zero bytes', avatarUpload(Buffer.alloc(0)), 400, 'INVALID_IMAGE'],
    ['a PNG cut in half', avatarUpload(png.subarray(0, png.length >> 1), 'a.png', 'image/png'), 400, 'INVALID_IMAGE'],
    ['a PNG missing its last byte', avatarUpload(png.subarray(0, png.length - 1), 'a.png'), 400, 'INVALID_IMAGE'],
    ['a JPEG cut in half', avatarUpload(jpg.subarray(0, jpg.length >> 1)), 400, 'INVALID_IMAGE'],
    ['a WebP cut short', avatarUpload(webp.subarray(0, webp.length - 4), 'a.webp'), 400, 'INVALID_IMAGE'],
    [
      'a PNG header over other bytes',
      avatarUpload(Buffer.concat([png.subarray(0, 33), random(4000)]), 'a.png'),
      400,
      'INVALID_IMAGE',
    ],
    [
      'a JPEG header over other bytes',
      avatarUpload(Buffer.concat([jpg.subarray(0, 20), random(4000)])),
      400,
      'INVALID_IMAGE',
    ],
    ['a PNG with trailing bytes', avatarUpload(Buffer.concat([png, random(64)]), 'a.png'), 400, 'INVALID_IMAGE'],
    [
      '10 MB of image-looking bytes',
      avatarUpload(Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]), 'a.png'),
      413,
      'IMAGE_TOO_LARGE',
    ],
    [
      '2 MB and one byte',
      avatarUpload(Buffer.concat([jpg, Buffer.alloc(2 * 1024 * 1024 + 1 - jpg.length)])),
      413,
      'IMAGE_TOO_LARGE',
    ],
    [
      'the file in another field',
      multipart([{ name: 'avatar', filename: 'a.png', data: png }]),
      400,
      'INVALID_REQUEST',
    ],
    [
      'two files',
      multipart([
        { name: 'file', filename: 'a.png', data: png },
        { name: 'file', filename: 'b.png', data: png },
      ]),
      400,
      'INVALID_REQUEST',
    ],
    ['fields and no file', multipart([{ name: 'file', data: 'just text' }]), 400, 'INVALID_REQUEST'],
    [
      'a multipart body cut short',
      { payload: avatarUpload(png).payload.subarray(0, 120), headers: avatarUpload(png).headers },
      400,
      'INVALID_REQUEST',
    ],
    [
      'a multipart type without a boundary',
      { payload: png, headers: { 'content-type': 'multipart/form-data' } },
      400,
      'INVALID_REQUEST',
    ],
    [
      'raw image bytes, not multipart',
      { payload: png, headers: { 'content-type': 'image/png' } },
      400,
      'INVALID_REQUEST',
    ],
    [
      'a JSON body',
      { payload: Buffer.from('{"file":"x"}'), headers: { 'content-type': 'application/json' } },
      400,
      'INVALID_REQUEST',
    ],
  ]

  it.each(cases)('answers %s with a 4xx { code, message } and stores nothing', async (_name, body, status, code) => {
    const { app, avatars } = setup()
    const { token, user } = await login(app, 'alice')
    const response = await upload(app, token, body)
    expect(response.statusCode).toBe(status)
    expect(response.json()).toEqual({ code, message: expect.stringMatching(/[\u4e00-\u9fff]/) })
    expect(avatars.size()).toBe(0)
    const profile = await app.inject({ method: 'GET', url: '/profile', headers: bearer(token) })
    expect(profile.json().avatarUrl).toBe(user.avatarUrl)
  })
})

describe('a 10 MB upload over a real connection', () => {
  it('is answered 413 IMAGE_TOO_LARGE, readable by the client, and nothing is stored', async () => {
    const { app, avatars } = setup()
    const { token } = await login(app, 'alice')
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const { port } = app.server.address() as AddressInfo
      const form = new FormData()
      form.append('file', new Blob([Uint8Array.from(fixtureImage('png')), new Uint8Array(10 * 1024 * 1024)]), 'big.png')
      const response = await fetch(`http://127.0.0.1:${port}/profile/avatar`, {
        method: 'POST',
        headers: bearer(token),
        body: form,
      })
      expect(response.status).toBe(413)
      expect(await response.json()).toEqual({ code: 'IMAGE_TOO_LARGE', message: '头像图片不能超过 2 MB' })
      expect(avatars.size()).toBe(0)
    } finally {
      await app.close()
    }
  })
})

describe('phone numbers in dev mode', () => {
  it('binds a dev phone code and answers the number masked, here and at the next login', async () => {
    const { app, logs } = setup()
    const { token } = await login(app, 'alice')
    const response = await app.inject({
      method: 'POST',
      url: '/profile/phone',
      headers: bearer(token),
      payload: { phoneCode: 'dev-phone:13812345678' },
    })
    expect(response.statusCode).toBe(200)
    expect(response.json().phone).toBe('138****5678')
    expect(response.body).not.toContain('13812345678')
    expect((await login(app, 'alice')).user).toMatchObject({ phone: '138****5678' })
    expect(logs.join('\n')).not.toContain('13812345678')
  })

  it('logs in and binds the phone in one round trip', async () => {
    const { app } = setup()
    const response = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { code: 'bob', phoneCode: 'dev-phone:13900001111' },
    })
    expect(response.statusCode).toBe(200)
    expect(response.json().user.phone).toBe('139****1111')
    const profile = await app.inject({ method: 'GET', url: '/profile', headers: bearer(response.json().token) })
    expect(profile.json().phone).toBe('139****1111')
  })

  it.each([
    ['dev-phone-error:40029', 400, 'INVALID_PHONE_CODE'],
    ['dev-phone-error:1400001', 429, 'PHONE_QUOTA_EXCEEDED'],
    ['dev-phone-error:48001', 403, 'PHONE_NOT_ALLOWED'],
    ['dev-phone-error:-1', 502, 'WECHAT_UNAVAILABLE'],
    ['dev:alice', 400, 'INVALID_PHONE_CODE'],
  ])(
    'fails a login with phone code %s as %s %s, without exchanging the login code',
    async (phoneCode, status, code) => {
      const { app, exchange } = setup()
      const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { code: 'carol', phoneCode } })
      expect(response.statusCode).toBe(status)
      expect(response.json().code).toBe(code)
      expect(exchange.calls).toEqual([])
    },
  )

  it('refuses the same value as login code and phone code', async () => {
    const { app } = setup()
    const response = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { code: 'dev-phone:13812345678', phoneCode: 'dev-phone:13812345678' },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('INVALID_CODE')
  })

  it('does not spend a phone code for a signed-out client', async () => {
    const { app } = setup()
    const response = await app.inject({
      method: 'POST',
      url: '/profile/phone',
      payload: { phoneCode: 'dev-phone:13812345678' },
    })
    expect(response.statusCode).toBe(401)
  })
})
