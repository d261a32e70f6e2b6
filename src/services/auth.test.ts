import Taro from '@tarojs/taro'
import { countRequests, recordUi, resetApp } from '../../tests/jest/app-kit'
import { useAuthStore } from '../stores/auth-store'
import { login } from './auth'
import { getLoginCode, LOGIN_CODE_TIMEOUT_MS } from './login-code'

let ui: ReturnType<typeof recordUi>
beforeEach(() => {
  resetApp()
  ui = recordUi()
})

function asPlatform(env: string) {
  const previous = process.env.TARO_ENV
  process.env.TARO_ENV = env as typeof process.env.TARO_ENV
  return () => {
    process.env.TARO_ENV = previous as typeof process.env.TARO_ENV
  }
}

describe('login() on WeChat', () => {
  it('shares one Taro.login and one POST /auth/login between concurrent calls', async () => {
    const restore = asPlatform('weapp')
    const wxLogin = jest.spyOn(Taro, 'login').mockResolvedValue({ code: 'dev:single', errMsg: 'login:ok' })
    const requests = countRequests()
    try {
      const results = await Promise.all([login(), login(), login()])
      expect(results).toEqual([true, true, true])
      expect(wxLogin).toHaveBeenCalledTimes(1)
      expect(requests.get('POST /auth/login')).toBe(1)
      expect(ui.loading).toEqual(['登录中'])
      expect(ui.hidden).toBe(1)
      expect(useAuthStore.getState().user?.nickname).toBe('微信用户')
    } finally {
      restore()
    }
  })

  it('shows a message and stays logged out when Taro.login fails', async () => {
    const restore = asPlatform('weapp')
    jest.spyOn(Taro, 'login').mockRejectedValue({ errMsg: 'login:fail auth deny' })
    try {
      expect(await login()).toBe(false)
      expect(ui.toasts).toEqual(['微信登录失败，请重试'])
      expect(ui.hidden).toBe(1)
      expect(useAuthStore.getState().token).toBeNull()
    } finally {
      restore()
    }
  })

  it('starts a new login after the previous one finished', async () => {
    const restore = asPlatform('weapp')
    const wxLogin = jest.spyOn(Taro, 'login').mockResolvedValue({ code: 'dev:again', errMsg: 'login:ok' })
    try {
      await login()
      await login()
      expect(wxLogin).toHaveBeenCalledTimes(2)
    } finally {
      restore()
    }
  })
})

describe('getLoginCode()', () => {
  it('fails as LOGIN_TIMEOUT when Taro.login never answers, and login() then shows why', async () => {
    const restore = asPlatform('weapp')
    jest.useFakeTimers()
    jest.spyOn(Taro, 'login').mockReturnValue(new Promise(() => {}) as ReturnType<typeof Taro.login>)
    try {
      const result = login()
      await jest.advanceTimersByTimeAsync(LOGIN_CODE_TIMEOUT_MS)
      expect(await result).toBe(false)
      expect(ui.toasts).toEqual(['微信登录超时，请重试'])
      expect(ui.hidden).toBe(1)
      expect(useAuthStore.getState().loggingIn).toBe(false)
    } finally {
      jest.useRealTimers()
      restore()
    }
  })

  it('uses Taro.login on tt and qq too', async () => {
    for (const env of ['tt', 'qq']) {
      const restore = asPlatform(env)
      jest.spyOn(Taro, 'login').mockResolvedValue({ code: `code-${env}`, errMsg: 'login:ok' })
      try {
        expect(await getLoginCode()).toBe(`code-${env}`)
      } finally {
        restore()
      }
    }
  })

  it('uses the dev code provider on H5 when it is compiled in', async () => {
    const wxLogin = jest.spyOn(Taro, 'login')
    expect(await getLoginCode()).toBe('dev:h5-demo')
    expect(wxLogin).not.toHaveBeenCalled()
  })

  it('refuses on H5 without the dev code provider', async () => {
    const previous = process.env.TARO_APP_DEV_LOGIN
    delete process.env.TARO_APP_DEV_LOGIN
    try {
      await expect(getLoginCode()).rejects.toMatchObject({ code: 'LOGIN_UNAVAILABLE' })
      expect(await login()).toBe(false)
      expect(ui.toasts).toEqual(['当前环境不支持微信登录'])
    } finally {
      process.env.TARO_APP_DEV_LOGIN = previous
    }
  })
})
