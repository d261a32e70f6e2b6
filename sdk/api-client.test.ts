import { createApiClient } from './api-client'
import { fakeTransport, jsonResponse, textResponse } from './fake-transport'

const baseUrl = 'https://api.test'
const user = { id: 'u1', nickname: '小明', avatarUrl: 'https://img.test/a.png' }
const session = { token: 't'.repeat(43), expiresAt: '2030-01-01T00:00:00.000Z', user }

describe('createApiClient', () => {
  it('resolves 2xx bodies that have the shape the spec declares, extra fields included', async () => {
    const transport = fakeTransport(() => jsonResponse(200, { ...session, user: { ...user, vip: true } }))
    const result = await createApiClient({ baseUrl, transport }).POST('/auth/login', { body: { code: 'c' } })
    expect(result.data?.token).toBe(session.token)
  })

  it.each([
    ['a required property is missing', '/profile', { id: 'u1', nickname: '小明' }],
    ['a property has the wrong type', '/profile', { ...user, id: 1 }],
    [
      'a nested array item has an unknown enum value',
      '/feed',
      { items: [{ id: '1', title: 't', summary: 's', scope: 'secret' }] },
    ],
    ['the body is an array instead of an object', '/feed', [{ items: [] }]],
    ['the body is JSON null', '/profile', null],
  ] as const)('resolves to an InvalidResponseError when %s', async (_, path, body) => {
    const result = await createApiClient({ baseUrl, transport: fakeTransport(() => jsonResponse(200, body)) }).GET(path)
    expect(result.data).toBeUndefined()
    expect(result.error?.code).toBe('INVALID_RESPONSE')
  })

  it('resolves the body-less 204 of logout to undefined data', async () => {
    const result = await createApiClient({ baseUrl, transport: fakeTransport(() => textResponse(204, '')) }).POST(
      '/auth/logout',
    )
    expect(result.error).toBeUndefined()
    expect(result.data).toBeUndefined()
  })
})
