import Taro from '@tarojs/taro'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { delay, HttpResponse } from 'msw'
import { backend, http } from '../../mocks/handlers'
import { server } from '../../mocks/node'
import {
  countRequests,
  loginElsewhere,
  recordUi,
  relaunch,
  resetApp,
  seedStorage,
  storedAuth,
} from '../../tests/jest/app-kit'
import { emitDidHide, emitDidShow } from '../../tests/jest/taro'
import { AUTH_STORAGE_KEY, AUTH_STORAGE_VERSION, useAuthStore } from '../stores/auth-store'
import IndexPage from './index/index'
import MinePage from './mine/index'

/** Both tab pages mounted, as they are once the user has visited both tabs. */
function renderTabs() {
  return render(
    <>
      <IndexPage />
      <MinePage />
    </>,
  )
}

async function loginByTap() {
  fireEvent.click(screen.getByText('微信登录'))
  await screen.findByText('退出登录')
}

let ui: ReturnType<typeof recordUi>
let requests: Map<string, number>
beforeEach(() => {
  resetApp()
  ui = recordUi()
  requests = countRequests()
})

describe('login', () => {
  it('shows the nickname and the personal feed on both pages and persists the token', async () => {
    renderTabs()
    expect(await screen.findByText('登录后可查看你的个人内容')).toBeInTheDocument()
    expect(await screen.findByText('欢迎使用 miniauth')).toBeInTheDocument()
    await loginByTap()

    expect(await screen.findByText('你好，微信用户')).toBeInTheDocument()
    expect(await screen.findByText('微信用户的收藏')).toBeInTheDocument()
    expect(screen.getByText('微信用户', { selector: '.nickname' })).toBeInTheDocument()
    expect(ui.loading).toEqual(['登录中'])
    expect(ui.hidden).toBe(1)
    const token = useAuthStore.getState().token
    expect(token).toEqual(expect.any(String))
    expect(storedAuth()?.state.token).toBe(token)
  })

  it('makes one login request for a double tap on 微信登录', async () => {
    renderTabs()
    const button = screen.getByText('微信登录')
    fireEvent.click(button)
    fireEvent.click(button)
    await screen.findByText('退出登录')
    expect(requests.get('POST /auth/login')).toBe(1)
    expect(ui.loading).toEqual(['登录中'])
  })

  it('disables 微信登录 while the login runs', async () => {
    server.use(
      http.post('/auth/login', async ({ response }) => delay(100).then(() => response.untyped(HttpResponse.error()))),
    )
    renderTabs()
    fireEvent.click(screen.getByText('微信登录'))
    const button = () => screen.getByText('微信登录').closest('.taro-button-core')
    await waitFor(() => expect(button()).toHaveClass('taro-btn-disabled'))
    await waitFor(() => expect(button()).not.toHaveClass('taro-btn-disabled'))
  })

  const failures: Array<[string, () => Response | Promise<Response>, string]> = [
    [
      'INVALID_CODE',
      () => HttpResponse.json({ code: 'INVALID_CODE', message: 'x' }, { status: 400 }),
      '登录凭证无效，请重试',
    ],
    [
      'USER_BLOCKED',
      () => HttpResponse.json({ code: 'USER_BLOCKED', message: 'x' }, { status: 403 }),
      '该微信账号已被限制登录',
    ],
    [
      'RATE_LIMITED',
      () => HttpResponse.json({ code: 'RATE_LIMITED', message: 'x' }, { status: 429 }),
      '操作太频繁，请稍后再试',
    ],
    [
      'WECHAT_UNAVAILABLE',
      () => HttpResponse.json({ code: 'WECHAT_UNAVAILABLE', message: 'x' }, { status: 502 }),
      '微信服务暂时不可用，请稍后再试',
    ],
    ['offline', () => HttpResponse.error(), '网络不可用，请检查网络后重试'],
    [
      'an HTML page from a proxy',
      () => HttpResponse.html('<h1>502 Bad Gateway</h1>', { status: 502 }),
      '服务暂时不可用，请稍后再试',
    ],
  ]
  it.each(failures)('shows its message for %s and stays logged out', async (_name, answer, message) => {
    server.use(http.post('/auth/login', async ({ response }) => response.untyped(await answer())))
    renderTabs()
    fireEvent.click(screen.getByText('微信登录'))
    await waitFor(() => expect(ui.toasts).toEqual([message]))
    expect(ui.hidden).toBe(1)
    expect(useAuthStore.getState().token).toBeNull()
    expect(screen.getByText('微信登录')).toBeInTheDocument()
    expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
  })
})

describe('logout', () => {
  it('clears storage and state, and the pages show the public feed', async () => {
    renderTabs()
    await loginByTap()
    await screen.findByText('微信用户的收藏')
    const token = useAuthStore.getState().token as string
    fireEvent.click(screen.getByText('退出登录'))

    expect(await screen.findByText('微信登录')).toBeInTheDocument()
    await waitFor(() => expect(ui.hidden).toBe(2))
    expect(ui.loading).toEqual(['登录中', '退出登录中'])
    expect(screen.queryByText('微信用户的收藏')).not.toBeInTheDocument()
    expect(screen.queryByText('你好，微信用户')).not.toBeInTheDocument()
    expect(await screen.findByText('欢迎使用 miniauth')).toBeInTheDocument()
    expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
    expect(backend.userFor(token)).toBeNull()
  })

  const unreachable: Array<[string, () => Response | Promise<Response>]> = [
    ['500', () => HttpResponse.json({ code: 'INTERNAL_ERROR', message: 'x' }, { status: 500 })],
    ['offline', () => HttpResponse.error()],
    ['a timeout', () => delay(2_000).then(() => new HttpResponse(null, { status: 204 }))],
  ]
  it.each(unreachable)(
    'still clears on %s, then retries the revocation until the server answers',
    async (_n, answer) => {
      renderTabs()
      await loginByTap()
      const token = useAuthStore.getState().token as string
      server.use(http.post('/auth/logout', async ({ response }) => response.untyped(await answer())))
      fireEvent.click(screen.getByText('退出登录'))
      expect(await screen.findByText('微信登录')).toBeInTheDocument()
      await waitFor(() => expect(ui.hidden).toBe(2))
      expect(useAuthStore.getState()).toMatchObject({ token: null, user: null, pendingRevocations: [token] })
      expect(storedAuth()?.state).toMatchObject({ token: null, pendingRevocations: [token] })
      expect(backend.userFor(token)).not.toBeNull()

      // The server is back: the next successful request sends the revocation, which is then dropped.
      server.resetHandlers()
      fireEvent.click(screen.getByText('刷新'))
      await waitFor(() => expect(useAuthStore.getState().pendingRevocations).toEqual([]))
      expect(backend.userFor(token)).toBeNull()
      expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
    },
  )

  it('clears on 401 and drops the revocation, since the token is already invalid', async () => {
    renderTabs()
    await loginByTap()
    backend.reset()
    fireEvent.click(screen.getByText('退出登录'))
    expect(await screen.findByText('微信登录')).toBeInTheDocument()
    await waitFor(() => expect(ui.hidden).toBe(2))
    expect(useAuthStore.getState().pendingRevocations).toEqual([])
    expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
    // The 401 answers the logout itself: it is not a session loss to announce.
    expect(ui.toasts).toEqual([])
  })

  it('does nothing more on a second tap while logging out', async () => {
    server.use(http.post('/auth/logout', async ({ response }) => delay(100).then(() => response(204).empty())))
    renderTabs()
    await loginByTap()
    const button = screen.getByText('退出登录')
    fireEvent.click(button)
    fireEvent.click(button)
    await waitFor(() => expect(ui.hidden).toBe(2))
    expect(requests.get('POST /auth/logout')).toBe(1)
    expect(ui.loading).toEqual(['登录中', '退出登录中'])
  })
})

describe('session loss', () => {
  it('clears the session with one toast when a second login revokes the token, even if 5 requests fail together', async () => {
    renderTabs()
    await loginByTap()
    await screen.findByText('微信用户的收藏')
    loginElsewhere('h5-demo')
    const { api } = await import('../services/api')
    await act(async () => {
      await Promise.all([...Array(5)].map(() => api.GET('/profile')))
    })
    expect(ui.toasts).toEqual(['你的账号已在其他设备登录'])
    expect(useAuthStore.getState()).toMatchObject({ token: null, lastEvent: 'SESSION_EXPIRED' })
    expect(await screen.findByText('微信登录')).toBeInTheDocument()
    expect(await screen.findByText('欢迎使用 miniauth')).toBeInTheDocument()
    expect(screen.queryByText('微信用户的收藏')).not.toBeInTheDocument()
  })

  it('is noticed by the feed: a 401 on 刷新 shows the public feed', async () => {
    renderTabs()
    await loginByTap()
    await screen.findByText('微信用户的收藏')
    loginElsewhere('h5-demo')
    fireEvent.click(screen.getByText('刷新'))
    expect(await screen.findByText('登录后可查看你的个人内容')).toBeInTheDocument()
    expect(await screen.findByText('欢迎使用 miniauth')).toBeInTheDocument()
    expect(screen.queryByText('微信用户的收藏')).not.toBeInTheDocument()
    expect(ui.toasts).toEqual(['你的账号已在其他设备登录'])
  })
})

describe('page data follows the session', () => {
  it('renders logged in on the first render after a relaunch, without calling /auth/login', () => {
    const { token, user } = backend.login('dev:h5-demo')
    seedStorage(
      JSON.stringify({
        state: { token, user, expiresAt: new Date(Date.now() + 60_000).toISOString(), pendingRevocations: [] },
        version: AUTH_STORAGE_VERSION,
      }),
    )
    relaunch()
    renderTabs()
    // Synchronous assertions: the very first render already knows the session.
    expect(screen.getByText('你好，微信用户')).toBeInTheDocument()
    expect(screen.getByText('退出登录')).toBeInTheDocument()
    expect(requests.get('POST /auth/login')).toBeUndefined()
  })

  it('starts logged out from corrupt storage', async () => {
    seedStorage('{not json')
    relaunch()
    renderTabs()
    expect(screen.getByText('微信登录')).toBeInTheDocument()
    expect(await screen.findByText('欢迎使用 miniauth')).toBeInTheDocument()
    expect(Taro.getStorageSync(AUTH_STORAGE_KEY)).toBe('')
  })

  it('drops a feed response that arrives after the user logged out', async () => {
    renderTabs()
    await loginByTap()
    await screen.findByText('微信用户的收藏')
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    // The personal feed is slow; meanwhile the user logs out.
    server.use(
      http.get('/feed', async ({ request, response }) => {
        if (!request.headers.get('authorization')) return undefined
        await held
        return response(200).json({ items: [{ id: 'late', title: '迟到的个人内容', summary: '', scope: 'personal' }] })
      }),
    )
    fireEvent.click(screen.getByText('刷新'))
    await waitFor(() => expect(requests.get('GET /feed')).toBeGreaterThanOrEqual(3))
    fireEvent.click(screen.getByText('退出登录'))
    expect(await screen.findByText('登录后可查看你的个人内容')).toBeInTheDocument()
    await act(async () => {
      release()
      await delay(50)
    })
    expect(screen.queryByText('迟到的个人内容')).not.toBeInTheDocument()
    expect(screen.getByText('欢迎使用 miniauth')).toBeInTheDocument()
  })

  it('greets on 首页 with the nickname the profile on 我的 brought', async () => {
    renderTabs()
    server.use(
      http.get('/profile', ({ response }) =>
        response(200).json({ id: 'u-new', nickname: '新昵称', avatarUrl: 'https://avatar.test/new.png' }),
      ),
    )
    await loginByTap()
    expect(await screen.findByText('你好，新昵称')).toBeInTheDocument()
    expect(useAuthStore.getState().user?.nickname).toBe('新昵称')
  })

  it('refetches a hidden page when it is shown again, not before', async () => {
    renderTabs()
    await screen.findByText('欢迎使用 miniauth')
    act(() => emitDidHide())
    const before = requests.get('GET /feed') ?? 0
    await act(async () => {
      useAuthStore.getState().setSession(backend.login('dev:h5-demo'))
    })
    // Hidden: no request yet, but the previous session's data is already gone.
    expect(requests.get('GET /feed') ?? 0).toBe(before)
    expect(screen.queryByText('欢迎使用 miniauth')).not.toBeInTheDocument()
    act(() => emitDidShow())
    expect(await screen.findByText('微信用户的收藏')).toBeInTheDocument()
  })
})
