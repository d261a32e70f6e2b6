import Taro from '@tarojs/taro'
import { http } from '../../mocks/handlers'
import { server } from '../../mocks/node'
import { countRequests, recordUi, resetApp } from '../../tests/jest/app-kit'
import { useAuthStore } from '../stores/auth-store'
import { login, loginQuietly } from './auth'
import { getLoginCode, loginCodeTimeoutMs } from './login-code'

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
      await jest.advanceTimersByTimeAsync(loginCodeTimeoutMs())
      expect(await result).toBe(false)
      expect(ui.toasts).toEqual(['微信登录超时，请重试'])
      expect(ui.hidden).toBe(1)
      expect(useAuthStore.getState().loggingIn).toBe(false)
    } finally {
      jest.useRealTimers()
      restore()
    }
  })

  it('uses Taro.login on Douyin (tt) and Alipay too', async () => {
    for (const env of ['tt', 'alipay']) {
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

/** The JSON bodies of the `POST /auth/login` requests msw sees from now on. */
function loginBodies(): unknown[] {
  const bodies: unknown[] = []
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname === '/auth/login')
      void request
        .clone()
        .json()
        .then((body) => bodies.push(body))
  })
  return bodies
}

describe('login() names the platform its code comes from', () => {
  it.each([
    ['weapp', 'wechat'],
    ['alipay', 'alipay'],
    ['tt', 'douyin'],
  ])('sends platform %s as "%s" with the code of Taro.login', async (env, platform) => {
    const restore = asPlatform(env)
    jest.spyOn(Taro, 'login').mockResolvedValue({ code: `dev:${env}-user`, errMsg: 'login:ok' })
    const bodies = loginBodies()
    try {
      expect(await login()).toBe(true)
      expect(bodies).toEqual([{ code: `dev:${env}-user`, platform }])
    } finally {
      restore()
    }
  })

  it('sends H5 dev codes as WeChat logins: H5 stands in for the WeChat app while developing', async () => {
    const bodies = loginBodies()
    expect(await login()).toBe(true)
    expect(bodies).toEqual([{ code: 'dev:h5-demo', platform: 'wechat' }])
  })

  it('makes the same dev name a different user on each platform', async () => {
    const users: string[] = []
    for (const env of ['weapp', 'alipay']) {
      const restore = asPlatform(env)
      jest.spyOn(Taro, 'login').mockResolvedValue({ code: 'dev:same-name', errMsg: 'login:ok' })
      try {
        await login()
        users.push(useAuthStore.getState().user?.id ?? '')
      } finally {
        restore()
      }
    }
    expect(users[0]).not.toBe(users[1])
  })

  it('greets a new Alipay user by the name the server gives: 支付宝用户', async () => {
    const restore = asPlatform('alipay')
    jest.spyOn(Taro, 'login').mockResolvedValue({ code: 'dev:new-alipay-user', errMsg: 'login:ok' })
    try {
      expect(await login()).toBe(true)
      expect(useAuthStore.getState().user?.nickname).toBe('支付宝用户')
    } finally {
      restore()
    }
  })
})

describe('login() speaks of the platform the app runs on', () => {
  it('says 支付宝登录失败 on Alipay when my.getAuthCode fails (the user closed it: error 11)', async () => {
    const restore = asPlatform('alipay')
    jest.spyOn(Taro, 'login').mockRejectedValue({ error: 11, errorMessage: '用户取消授权' })
    try {
      expect(await login()).toBe(false)
      expect(ui.toasts).toEqual(['支付宝登录失败，请重试'])
    } finally {
      restore()
    }
  })

  it('asks a Douyin user who is not logged into Douyin to log in there first, and sends nothing', async () => {
    const restore = asPlatform('tt')
    jest
      .spyOn(Taro, 'login')
      .mockResolvedValue({ code: '', anonymousCode: 'anon-1', isLogin: false, errMsg: 'login:ok' } as never)
    const requests = countRequests()
    try {
      expect(await login()).toBe(false)
      expect(ui.toasts).toEqual(['请先登录抖音账号后再试'])
      expect(requests.get('POST /auth/login')).toBeUndefined()
      expect(useAuthStore.getState().token).toBeNull()
    } finally {
      restore()
    }
  })

  it("names the platform in the server's refusals: a blocked account, a platform not enabled", async () => {
    const restore = asPlatform('tt')
    jest.spyOn(Taro, 'login').mockResolvedValue({ code: 'dev:blocked', errMsg: 'login:ok' })
    server.use(
      http.post('/auth/login', ({ response }) => response(403).json({ code: 'USER_BLOCKED', message: 'blocked' })),
    )
    try {
      expect(await login()).toBe(false)
      server.use(
        http.post('/auth/login', ({ response }) =>
          response(400).json({ code: 'PLATFORM_NOT_ENABLED', message: 'not enabled' }),
        ),
      )
      expect(await login()).toBe(false)
      expect(ui.toasts).toEqual(['该抖音账号已被限制登录', '暂不支持抖音登录，请稍后再试'])
    } finally {
      restore()
    }
  })

  it('never shows Douyin’s login sheet for a quiet login at launch, and does for a tap on 抖音登录', async () => {
    const restore = asPlatform('tt')
    const ttLogin = jest
      .spyOn(Taro, 'login')
      .mockResolvedValue({ code: '', anonymousCode: 'anon-2', isLogin: false, errMsg: 'login:ok' })
    try {
      expect(await loginQuietly()).toBe(false)
      expect(ttLogin).toHaveBeenLastCalledWith({ force: false })
      expect(ui.toasts).toEqual([])
      await login()
      expect(ttLogin).toHaveBeenLastCalledWith()
    } finally {
      restore()
    }
  })

  it('waits longer for the Douyin code than for the WeChat one: Douyin may first show its own login sheet', () => {
    const timeoutOn = (env: string) => {
      const restore = asPlatform(env)
      try {
        return loginCodeTimeoutMs()
      } finally {
        restore()
      }
    }
    expect(timeoutOn('tt')).toBeGreaterThan(timeoutOn('weapp'))
  })
})
