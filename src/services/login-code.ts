import Taro from '@tarojs/taro'

/**
 * How long obtaining a login code may take on this platform (`APP_PLATFORM.loginCodeTimeoutMs`): `wx.login`
 * and `my.getAuthCode` normally answer at once but can be left unanswered; Douyin's may wait for its login sheet.
 */
export function loginCodeTimeoutMs(): number {
  return APP_PLATFORM.loginCodeTimeoutMs
}

/** The login code could not be obtained (the user cancelled, the platform has no login, or it never answered). */
export class LoginCodeError extends Error {
  /**
   * Stable code: `LOGIN_UNAVAILABLE` when this platform cannot log in, `LOGIN_FAILED` when `login` failed,
   * `LOGIN_TIMEOUT` when it did not answer within `loginCodeTimeoutMs()`, `LOGIN_ACCOUNT_REQUIRED` when the
   * user is not logged into the platform's own app (Douyin then gives only an anonymous code).
   */
  readonly code: 'LOGIN_UNAVAILABLE' | 'LOGIN_FAILED' | 'LOGIN_TIMEOUT' | 'LOGIN_ACCOUNT_REQUIRED'
  constructor(code: LoginCodeError['code'], message: string) {
    super(message)
    this.name = 'LoginCodeError'
    this.code = code
  }
}

/** Default user name of the H5 dev code provider; `?devUser=<name>` in the page URL picks another. */
export const DEV_LOGIN_DEFAULT_USER = 'h5-demo'

/**
 * NOT FOR PRODUCTION. H5 has no `Taro.login`; with `TARO_APP_DEV_LOGIN=true` compiled in, H5 sends
 * `dev:<name>`, which only a reference server in dev mode (no WeChat credentials) accepts.
 */
function devLoginCode(): string {
  const user = devLoginUser()
  if (user === null) throw new LoginCodeError('LOGIN_UNAVAILABLE', 'This build has no login code provider for H5')
  return `dev:${user}`
}

/** The user the H5 dev code provider logs in as (`?devUser=` or `h5-demo`); null where there is no such provider. */
export function devLoginUser(): string | null {
  if (process.env.TARO_ENV !== 'h5' || process.env.TARO_APP_DEV_LOGIN !== 'true') return null
  const fromUrl = typeof location === 'undefined' ? null : /[?&]devUser=([^&#]+)/.exec(location.href)?.[1]
  if (!fromUrl) return DEV_LOGIN_DEFAULT_USER
  try {
    return decodeURIComponent(fromUrl)
  } catch {
    // A malformed escape in the URL: the raw text is still a usable name.
    return fromUrl
  }
}

/** Settles like `promise`, or rejects with a `LOGIN_TIMEOUT` error once `ms` have passed without an answer. */
function withinTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new LoginCodeError('LOGIN_TIMEOUT', 'Taro.login did not answer')), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/**
 * A one-time login code: `Taro.login` on WeChat, Douyin (`tt.login`) and Alipay (Taro calls
 * `my.getAuthCode({ scopes: 'auth_base' })` and hands its `authCode` over as `code`); the dev code provider on
 * H5. A `Taro.login` that has not answered within `loginCodeTimeoutMs()` fails as `LOGIN_TIMEOUT`; its late
 * answer is ignored. `quiet` (a silent login at launch) never lets Douyin show its login sheet.
 */
export async function getLoginCode({ quiet = false }: { quiet?: boolean } = {}): Promise<string> {
  if (process.env.TARO_ENV === 'h5') return devLoginCode()
  // tt.login shows Douyin's own login sheet to a user not logged into Douyin unless `force` is false: a quiet
  // login must not put a sheet over the first screen (it then gets only an anonymous code, and gives up).
  const sheetless = quiet && APP_PLATFORM.login === 'douyin'
  let result: unknown
  try {
    result = await withinTimeout(sheetless ? Taro.login({ force: false }) : Taro.login(), loginCodeTimeoutMs())
  } catch (error) {
    if (error instanceof LoginCodeError) throw error
    throw new LoginCodeError('LOGIN_FAILED', 'Taro.login failed')
  }
  const { code, anonymousCode } = (typeof result === 'object' && result !== null ? result : {}) as {
    code?: unknown
    anonymousCode?: unknown
  }
  if (typeof code === 'string' && code !== '') return code
  // tt.login answers a user who is not logged into Douyin with an anonymous code only: not an account to log in.
  if (typeof anonymousCode === 'string' && anonymousCode !== '') {
    throw new LoginCodeError('LOGIN_ACCOUNT_REQUIRED', 'Taro.login returned only an anonymous code')
  }
  throw new LoginCodeError('LOGIN_FAILED', 'Taro.login returned no code')
}
