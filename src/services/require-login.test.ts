import Taro from '@tarojs/taro'
import { countRequests, resetApp } from '../../tests/jest/app-kit'
import { useAuthStore } from '../stores/auth-store'
import { openWithLogin, TAB_PAGES, withLogin } from './require-login'

beforeEach(resetApp)

function answerModal(answer: 'confirm' | 'cancel') {
  return jest
    .spyOn(Taro, 'showModal')
    .mockResolvedValue({ confirm: answer === 'confirm', cancel: answer === 'cancel', errMsg: 'showModal:ok' })
}

function recordNavigation() {
  const calls: string[] = []
  for (const api of ['switchTab', 'navigateTo', 'redirectTo'] as const) {
    jest.spyOn(Taro, api).mockImplementation(((options: { url: string }) => {
      calls.push(`${api} ${options.url}`)
      return Promise.resolve({ errMsg: `${api}:ok` })
    }) as never)
  }
  return calls
}

describe('withLogin()', () => {
  it('signed out and confirmed: logs in, then runs the action with its arguments', async () => {
    answerModal('confirm')
    const action = jest.fn((id: string) => `saved ${id} as ${useAuthStore.getState().user?.id}`)
    expect(await withLogin(action)('item-1')).toMatch(/^saved item-1 as u\d+$/)
    expect(action).toHaveBeenCalledTimes(1)
  })

  it('signed out and cancelled: neither logs in nor runs the action', async () => {
    answerModal('cancel')
    const requests = countRequests()
    const action = jest.fn()
    expect(await withLogin(action)()).toBeUndefined()
    expect(action).not.toHaveBeenCalled()
    expect(requests.size).toBe(0)
  })

  it('signed in: runs the action without asking', async () => {
    answerModal('confirm')
    useAuthStore.getState().setSession({
      token: `${'a'.repeat(22)}.${'b'.repeat(43)}`,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      user: { id: 'u1', nickname: '微信用户', avatarUrl: 'https://avatar.test/u1.png' },
    })
    const modal = jest.spyOn(Taro, 'showModal')
    const action = jest.fn()
    await withLogin(action)()
    expect(action).toHaveBeenCalledTimes(1)
    expect(modal).not.toHaveBeenCalled()
  })
})

describe('openWithLogin()', () => {
  it('opens a tab page with switchTab, another with navigateTo, or redirectTo when replacing, after login', async () => {
    answerModal('confirm')
    const navigation = recordNavigation()
    expect(await openWithLogin('/pages/mine/index')).toBe(true)
    expect(await openWithLogin('/pages/account/index')).toBe(true)
    expect(await openWithLogin('/pages/account/index', { replace: true })).toBe(true)
    expect(navigation).toEqual([
      'switchTab /pages/mine/index',
      'navigateTo /pages/account/index',
      'redirectTo /pages/account/index',
    ])
  })

  it('cancelled, opens nothing', async () => {
    answerModal('cancel')
    const navigation = recordNavigation()
    expect(await openWithLogin('/pages/account/index')).toBe(false)
    expect(navigation).toEqual([])
  })

  it('knows the tab pages app.config.ts declares', async () => {
    // app.config.ts calls the build-time global defineAppConfig: defined here as the identity.
    Object.assign(globalThis, { defineAppConfig: (config: unknown) => config })
    const config = (await import('../app.config')).default as { tabBar: { list: Array<{ pagePath: string }> } }
    expect(config.tabBar.list.map((tab) => `/${tab.pagePath}`)).toEqual([...TAB_PAGES])
  })
})

describe('the login prompt names the platform', () => {
  it.each([
    ['weapp', '微信登录'],
    ['alipay', '支付宝登录'],
    ['tt', '抖音登录'],
  ])('on %s its confirm button says %s', async (env, confirmText) => {
    const previous = process.env.TARO_ENV
    process.env.TARO_ENV = env as typeof process.env.TARO_ENV
    const modal = answerModal('cancel')
    try {
      await withLogin(jest.fn())()
      expect(modal).toHaveBeenCalledWith(expect.objectContaining({ confirmText }))
    } finally {
      process.env.TARO_ENV = previous
    }
  })
})
