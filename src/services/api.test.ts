import { HttpResponse, http } from 'msw'
import { server } from '../../mocks/node'
import { resetApp } from '../../tests/jest/app-kit'
import { api, onRequestSucceeded } from './api'

beforeEach(resetApp)

describe('onRequestSucceeded()', () => {
  it('stops calling a listener once unsubscribed, so listeners never pile up', async () => {
    const listener = jest.fn()
    const unsubscribes = Array.from({ length: 20 }, () => onRequestSucceeded(listener))
    for (const unsubscribe of unsubscribes) unsubscribe()
    await api.GET('/feed')
    expect(listener).not.toHaveBeenCalled()
  })

  it('does not count a 200 HTML page (a captive portal) as the API answering', async () => {
    const listener = jest.fn()
    const unsubscribe = onRequestSucceeded(listener)
    try {
      server.use(
        http.get(
          '*/feed',
          () => new HttpResponse('<html>Wi-Fi 登录</html>', { headers: { 'content-type': 'text/html' } }),
        ),
      )
      await api.GET('/feed')
      expect(listener).not.toHaveBeenCalled()
      server.resetHandlers()
      await api.GET('/feed')
      expect(listener).toHaveBeenCalledTimes(1)
    } finally {
      unsubscribe()
    }
  })
})
