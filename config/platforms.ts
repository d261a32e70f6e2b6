import type { components } from '../sdk/api/schema'

// The one table of what the app does on each build target. config/index.ts compiles the target's row into
// every file as the constant `APP_PLATFORM` (webpack's DefinePlugin), so `APP_PLATFORM.phoneNumber ? … : null`
// becomes `false ? … : null` in an Alipay build and the minifier drops the WeChat-only branch and what only it
// imports. A helper function around the row would not do: the bundle keeps modules apart, and a call across
// modules is never folded. It lives in config/ because Taro compiles only this folder when it loads the
// configuration; the app reads it through `APP_PLATFORM` alone, and jest through tests/jest/env.ts.

/** A mini program platform as the login contract names it (`LoginRequest.platform`). */
export type LoginPlatform = components['schemas']['Platform']

/** The build targets the app ships to (Taro's `TARO_ENV`). */
export type BuildTarget = 'weapp' | 'alipay' | 'tt' | 'h5'

/** What the app does on one build target; fixed at compile time. */
export interface PlatformProfile {
  /** The `platform` sent with `POST /auth/login`: whose code exchange the server runs. */
  login: LoginPlatform
  /** The platform's name in the copy: `微信登录`, `该支付宝账号已被限制登录`. */
  name: '微信' | '支付宝' | '抖音'
  /** How long obtaining a login code may take before the attempt fails as `LOGIN_TIMEOUT`. */
  loginCodeTimeoutMs: number
  /** The app's privacy popup answers `onNeedPrivacyAuthorization`, and the privacy guide can be opened. */
  privacyConsent: boolean
  /** `<Button openType="chooseAvatar">` gives an image file, uploaded as the avatar. */
  chooseAvatar: boolean
  /** `<Input type="nickname">` offers the platform's nickname; `PATCH /profile` saves it. */
  nicknameInput: boolean
  /** `<Button openType="getPhoneNumber">` gives a one-time code that the server exchanges for the number. */
  phoneNumber: boolean
}

const WECHAT_LOGIN_CODE_TIMEOUT_MS = 10_000

/** Every build target's profile; `APP_PLATFORM` is the row of the target being built. */
export const PLATFORM_PROFILES = {
  // WeChat: everything the identity flows were built on (base library 2.32.3+ for the privacy APIs).
  weapp: {
    login: 'wechat',
    name: '微信',
    loginCodeTimeoutMs: WECHAT_LOGIN_CODE_TIMEOUT_MS,
    privacyConsent: true,
    chooseAvatar: true,
    nicknameInput: true,
    phoneNumber: true,
  },
  // Alipay: `Taro.login` is `my.getAuthCode({ scopes: 'auth_base' })`, silent, no sheet. Alipay has no
  // onNeedPrivacyAuthorization and no agreePrivacyAuthorization button; its button open-types are share,
  // getAuthorize, contactShare and lifestyle (no chooseAvatar) and its input has no nickname type. Its phone
  // number (getAuthorize + my.getPhoneNumber) is AES-encrypted data, not a code the server exchanges.
  alipay: {
    login: 'alipay',
    name: '支付宝',
    loginCodeTimeoutMs: WECHAT_LOGIN_CODE_TIMEOUT_MS,
    privacyConsent: false,
    chooseAvatar: false,
    nicknameInput: false,
    phoneNumber: false,
  },
  // Douyin: `tt.login` (force: true) opens Douyin's own login sheet for a user who is not logged into Douyin,
  // so the code may take as long as the user takes. Douyin has the privacy APIs (base library 3.19.0+), but no
  // feature the app offers there calls a privacy API, so nothing would ever open the popup. No chooseAvatar
  // open-type and no nickname input (Douyin offers tt.getUserProfile instead); its getPhoneNumber gives
  // encryptedData + iv for the session_key, which the server does not decrypt (phone is WeChat's only).
  tt: {
    login: 'douyin',
    name: '抖音',
    loginCodeTimeoutMs: 60_000,
    privacyConsent: false,
    chooseAvatar: false,
    nicknameInput: false,
    phoneNumber: false,
  },
  // H5 is the WeChat app in a browser for development: its dev login codes go through the server's dev-mode
  // WeChat exchange, so it logs in as `wechat` and speaks of 微信; none of the mini program capabilities exist.
  h5: {
    login: 'wechat',
    name: '微信',
    loginCodeTimeoutMs: WECHAT_LOGIN_CODE_TIMEOUT_MS,
    privacyConsent: false,
    chooseAvatar: false,
    nicknameInput: false,
    phoneNumber: false,
  },
} as const satisfies Record<BuildTarget, PlatformProfile>

/** The profile of a build target (`TARO_ENV`); an unknown or missing target is refused. */
export function platformProfile(target: string | undefined): PlatformProfile {
  if (target !== undefined && Object.hasOwn(PLATFORM_PROFILES, target)) {
    return PLATFORM_PROFILES[target as BuildTarget]
  }
  throw new Error(`miniauth builds for ${Object.keys(PLATFORM_PROFILES).join(', ')}, not for "${target}"`)
}
