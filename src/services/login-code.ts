import Taro from '@tarojs/taro'

/** The login code could not be obtained (the user cancelled, or the platform has no login). */
export class LoginCodeError extends Error {
  /** Stable code: `LOGIN_UNAVAILABLE` when this platform cannot log in, `LOGIN_FAILED` when `login` failed. */
  readonly code: 'LOGIN_UNAVAILABLE' | 'LOGIN_FAILED'
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
  if (process.env.TARO_APP_DEV_LOGIN !== 'true') {
    throw new LoginCodeError('LOGIN_UNAVAILABLE', 'This build has no login code provider for H5')
  }
  const fromUrl = typeof location === 'undefined' ? null : /[?&]devUser=([^&#]+)/.exec(location.href)?.[1]
  return `dev:${fromUrl ? decodeURIComponent(fromUrl) : DEV_LOGIN_DEFAULT_USER}`
}

/** A one-time login code: `Taro.login` on WeChat, tt and qq; the dev code provider on H5. */
export async function getLoginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'h5') return devLoginCode()
  let code: string | undefined
  try {
    code = (await Taro.login()).code
  } catch {
    throw new LoginCodeError('LOGIN_FAILED', 'Taro.login failed')
  }
  if (!code) throw new LoginCodeError('LOGIN_FAILED', 'Taro.login returned no code')
  return code
}
