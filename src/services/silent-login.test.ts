import Taro from '@tarojs/taro'
import { HttpResponse, http } from 'msw'
import { server } from '../../mocks/node'
import { countRequests, recordUi, resetApp } from '../../tests/jest/app-kit'
import { useAuthStore } from '../stores/auth-store'
import { createSilentLogin, SILENT_LOGIN_STORAGE_KEY } from './silent-login'

beforeEach(resetApp)

const failLogins = () =>
  server.use(
    http.post('*/auth/login', () =>
      HttpResponse.json({ code: 'WECHAT_UNAVAILABLE', message: '不可用' }, { status: 502 }),
    ),
  )

/** Runs `launches` launches' silent logins in turn; resolves to which of them logged in. */
async function launch(times: number): Promise<boolean[]> {
  const results: boolean[] = []
  for (let n = 0; n < times; n++) results.push(await createSilentLogin(true)())
  return results
}

describe('silent login at launch', () => {
  it('is off by default: no login request, the app stays a guest', async () => {
    const requests = countRequests()
    expect(await createSilentLogin()()).toBe(false)
    expect(requests.get('POST /auth/login')).toBeUndefined()
    expect(useAuthStore.getState().token).toBeNull()
  })

  it('when on, logs in without a loading overlay or a message', async () => {
    const ui = recordUi()
    expect(await createSilentLogin(true)()).toBe(true)
    expect(useAuthStore.getState().token).toEqual(expect.any(String))
    expect(ui.loading).toEqual([])
    expect(ui.toasts).toEqual([])
  })

  it('tries at most once per launch, however often it is called', async () => {
    failLogins()
    const requests = countRequests()
    const silentLogin = createSilentLogin(true)
    await Promise.all([silentLogin(), silentLogin()])
    // Even with no back-off on record, the same launch does not try again.
    Taro.removeStorageSync(SILENT_LOGIN_STORAGE_KEY)
    await silentLogin()
    expect(requests.get('POST /auth/login')).toBe(1)
  })

  it('does nothing when a session already exists', async () => {
    useAuthStore.getState().setSession({
      token: `${'a'.repeat(22)}.${'b'.repeat(43)}`,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      user: { id: 'u1', nickname: '微信用户', avatarUrl: 'https://avatar.test/u1.png' },
    })
    const requests = countRequests()
    expect(await createSilentLogin(true)()).toBe(false)
    expect(requests.get('POST /auth/login')).toBeUndefined()
  })

  it('backs off over launches after failures: 1, then 2, then 4 launches skipped, silently', async () => {
    const ui = recordUi()
    failLogins()
    const requests = countRequests()
    await launch(1)
    expect(requests.get('POST /auth/login')).toBe(1)
    await launch(1)
    expect(requests.get('POST /auth/login')).toBe(1)
    await launch(1)
    expect(requests.get('POST /auth/login')).toBe(2)
    await launch(2)
    expect(requests.get('POST /auth/login')).toBe(2)
    await launch(1)
    expect(requests.get('POST /auth/login')).toBe(3)
    await launch(4)
    expect(requests.get('POST /auth/login')).toBe(3)
    expect(ui.toasts).toEqual([])
    server.resetHandlers()
    expect(await launch(1)).toEqual([true])
    expect(Taro.getStorageSync(SILENT_LOGIN_STORAGE_KEY)).toBe('')
  })

  it('reads a corrupted back-off record as no failures', async () => {
    Taro.setStorageSync(SILENT_LOGIN_STORAGE_KEY, '{"failures":"x"')
    expect(await launch(1)).toEqual([true])
  })
})
