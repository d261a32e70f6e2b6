import { bearer, login, testServer } from './test/harness'

describe('X-HTTP-Method-Override (WeChat’s wx.request cannot send PATCH)', () => {
  it('routes a POST with X-HTTP-Method-Override: PATCH as PATCH /profile', async () => {
    const { app } = testServer()
    const { token } = await login(app, 'override')
    const response = await app.inject({
      method: 'POST',
      url: '/profile',
      headers: { ...bearer(token), 'x-http-method-override': 'patch', 'content-type': 'application/json' },
      payload: JSON.stringify({ nickname: '小鱼' }),
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ nickname: '小鱼' })
  })

  it('turns a POST into nothing but PATCH, and a plain POST /profile is not a route', async () => {
    const { app } = testServer()
    const { token } = await login(app, 'override-2')
    const asDelete = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { ...bearer(token), 'x-http-method-override': 'DELETE' },
    })
    // Still the POST it was: the logout ran.
    expect(asDelete.statusCode).toBe(204)
    const plain = await app.inject({
      method: 'POST',
      url: '/profile',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    })
    expect(plain.statusCode).toBeGreaterThanOrEqual(400)
    expect(plain.statusCode).toBeLessThan(500)
    expect(plain.json()).toEqual({ code: expect.any(String), message: expect.any(String) })
  })
})
