// The `tt` object a Douyin bundle runs against. Douyin's APIs follow WeChat's shapes (errMsg
// callbacks, positional storage, `statusCode` for every HTTP status), so most are the shared fake's;
// what differs is here: tt.login answers `code` only for a user logged into Douyin (always an
// `anonymousCode`, and `isLogin`), with `force` (default true) showing Douyin's login sheet to a logged-out
// user, whose cancel fails the call; tt.request waits at most 60 s.
// WeChat-only APIs (the privacy guide, chooseAvatar's upload path, getAccountInfoSync...) are absent.
import { randomBytes } from 'node:crypto'
import { callAsync, WxFail } from './wx-api'
import {
  createWx,
  type DeviceOptions,
  deviceLoginCode,
  type FakeParams,
  notFakedApi,
  WX_NOT_FAKED,
  type WxFake,
} from './wx-fake'
import { wxRequest } from './wx-request'

/** How the Douyin user stands: logged into the app or not, and how they answer its login sheet. */
export interface DouyinDeviceOptions {
  /** Whether the user is logged into Douyin itself (default true): only then does tt.login give a `code`. */
  douyinLoggedIn?: boolean
  /** What a logged-out user does with the login sheet `force: true` shows (default cancel). */
  hostLogin?: 'login' | 'cancel'
}

/** Douyin's ceiling for a request's `timeout`. */
const MAX_TIMEOUT_MS = 60_000

/** Shared fake APIs Douyin does not have: left out, as Taro then leaves them out of `Taro` too. */
const WECHAT_ONLY =
  `getAccountInfoSync getWindowInfo getDeviceInfo getAppBaseInfo getSystemSetting getAppAuthorizeSetting
onNeedPrivacyAuthorization requirePrivacyAuthorize getPrivacySetting openPrivacyContract`.split(/\s+/)

/** Douyin's own APIs the fake leaves unimplemented (besides WeChat's names Douyin shares). */
const NOT_FAKED = `getPhoneNumber showDouyinOpenAuth pay createOrder openAwemeUserProfile followAwemeUser
navigateToVideoView getEnvInfoSync`.split(/\s+/)

/** Builds the fake `tt` for one launch (the returned `wx` field is the `tt` object). */
export function createTt(params: FakeParams<DeviceOptions & DouyinDeviceOptions>): WxFake {
  const { host, device, routing, parseJson } = params
  const base = createWx(params)
  const { calls } = base
  const tt: Record<string, unknown> = { ...base.wx }
  for (const name of WECHAT_ONLY) delete tt[name]
  // The same phone always yields the same anonymous identity; a code is single use.
  const anonymousCode = () => `anon:${device.name ?? 'device'}:${randomBytes(4).toString('hex')}`
  Object.assign(tt, {
    login(options: unknown) {
      const force = (options as { force?: unknown } | undefined)?.force !== false
      return callAsync(host, 'login', options, async () => {
        device.logins += 1
        if (device.douyinLoggedIn === false) {
          if (!force) return { code: '', anonymousCode: anonymousCode(), isLogin: false }
          if ((device.hostLogin ?? 'cancel') === 'cancel') {
            calls.login.push({ error: 'host login fail' })
            throw new WxFail('host login fail')
          }
          device.douyinLoggedIn = true
        }
        const code = await deviceLoginCode(device, calls, (error) => new WxFail(error.message))
        return { code, anonymousCode: anonymousCode(), isLogin: true }
      })
    },
    checkSession: (options: unknown) =>
      callAsync(host, 'checkSession', options, () => {
        if (device.logins === 0 || device.douyinLoggedIn === false) throw new WxFail('session expired')
        return {}
      }),
    request(options: unknown) {
      const o = { ...((options ?? {}) as Record<string, unknown>) }
      // Douyin documents `json` and `string`; like WeChat, anything but json leaves the body unparsed.
      // The timeout is capped at 60 s.
      o.timeout = Math.min(Number(o.timeout ?? MAX_TIMEOUT_MS) || MAX_TIMEOUT_MS, MAX_TIMEOUT_MS)
      return wxRequest(host, routing, (r) => calls.request.push(r), parseJson, o)
    },
    getSystemInfoSync: () =>
      host.intoRuntime({
        ...((base.wx.getSystemInfoSync as () => object)() ?? {}),
        appName: 'Douyin',
        version: '30.5.0',
        SDKVersion: '3.40.0',
        host: undefined,
      }),
    env: { USER_DATA_PATH: 'ttfile://user' },
  })
  // WeChat's unimplemented names that Douyin has too, and Douyin's own, fail naming tt.
  for (const name of [...WX_NOT_FAKED, ...NOT_FAKED]) {
    if (WECHAT_ONLY.includes(name)) continue
    tt[name] = notFakedApi(host, calls, 'tt', name)
  }
  return { ...base, wx: tt }
}
