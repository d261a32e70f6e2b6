// The `my` object an Alipay bundle runs against. Navigation, system info, app events and the loading /
// toast overlay are the shared fake's (recorded in the same calls); what Alipay does its own way is here:
// getAuthCode, request (my-request.ts), object-form storage (my-storage.ts), showToast / showLoading with
// `content`, alert and confirm instead of showModal. APIs Alipay does not have are absent, as Taro then
// leaves them out of `Taro` too; Alipay APIs the app has no use for yet fail with "not faked: my.<name>".
import { callMy, MyFail, withoutErrMsg } from './my-api'
import { myRequest } from './my-request'
import { myStorageApis } from './my-storage'
import { createWx, deviceLoginCode, type FakeParams, notFakedApi, type WxFake } from './wx-fake'

/** What Alipay's system info adds to the shared values (`app`, Alipay's client version). */
const ALIPAY_SYSTEM = { app: 'alipay', version: '10.6.0', SDKVersion: '2.9.30', host: undefined }

/** Alipay APIs the fake leaves unimplemented: calling one fails the test, naming it. */
const NOT_FAKED =
  `getOpenUserInfo getPhoneNumber getAuthUserInfo chooseImage previewImage getLocation scan makePhoneCall
setClipboard getClipboard tradePay requestSubscribeMessage uploadFile downloadFile connectSocket createSelectorQuery
createIntersectionObserver pageScrollTo startPullDownRefresh showActionSheet setTabBarBadge removeTabBarBadge
showTabBarRedDot hideTabBarRedDot setTabBarItem setTabBarStyle showTabBar hideTabBar showNavigationBarLoading
hideNavigationBarLoading setBackgroundColor hideKeyboard navigateToMiniProgram navigateBackMiniProgram exitMiniProgram
hideShareMenu showSharePanel vibrateLong vibrateShort setKeepScreenOn createAnimation createCanvasContext
getFileSystemManager saveFile getImageInfo compressImage saveImage createInnerAudioContext createVideoContext prompt
httpRequest getServerTime rsa showAuthGuide`.split(/\s+/)

/** Shared fake APIs Alipay has under the same name and arguments. */
const SHARED = `switchTab navigateTo redirectTo reLaunch navigateBack getSystemInfo getNetworkType onNetworkStatusChange
offNetworkStatusChange onAppShow offAppShow onAppHide offAppHide onError offError onUnhandledRejection
offUnhandledRejection getLaunchOptionsSync getEnterOptionsSync getMenuButtonBoundingClientRect getUpdateManager
stopPullDownRefresh reportAnalytics`.split(/\s+/)

/** Builds the fake `my` for one launch (the returned `wx` field is the `my` object). */
export function createMy(params: FakeParams): WxFake {
  const { host, storage, device, routing, parseJson } = params
  const base = createWx(params)
  const calls = base.calls
  const shared = base.wx as Record<string, (options?: unknown) => unknown>
  const opts = (o: unknown) => (o ?? {}) as Record<string, unknown>
  // A shared API called without callbacks answers with a promise; its result is handed over Alipay-style.
  const via = (name: string, options: unknown, mapped: Record<string, unknown>, answer = withoutErrMsg) =>
    callMy(host, options, async () => {
      try {
        return answer(await shared[name]?.(mapped))
      } catch (res) {
        throw new MyFail(3, String((res as { errMsg?: unknown })?.errMsg ?? res))
      }
    })
  const adapted: Record<string, (options?: unknown) => unknown> = {}
  for (const name of SHARED) {
    const fn = shared[name]
    if (!fn) throw new Error(`the shared fake has no ${name}`)
    // Callback APIs answer without errMsg; listeners and sync APIs are the shared ones as they are.
    adapted[name] = /^(on|off|get\w+Sync$|getMenu|getUpdate|reportAnalytics)/.test(name)
      ? fn
      : (o?: unknown) => {
          const { success: _s, fail: _f, complete: _c, ...rest } = opts(o)
          return via(name, o, rest)
        }
  }

  const my: Record<string, unknown> = {
    ...adapted,
    ...myStorageApis(host, storage, {
      writeFault: () => device.storageWriteFault,
      record: (entry) => calls.storage.push(entry),
    }),
    request: (options: unknown) => myRequest(host, routing, (r) => calls.request.push(r), parseJson, options),
    /** Taro's `login` on Alipay: `auth_base` is silent (no popup) and answers `authCode`. */
    getAuthCode(options: unknown) {
      const scopes = ([] as unknown[]).concat(opts(options).scopes ?? 'auth_base')
      return callMy(host, options, async () => {
        if (scopes.some((scope) => scope !== 'auth_base')) {
          calls.notFaked.push(`getAuthCode(${scopes.join(',')})`)
          throw new Error(`not faked: my.getAuthCode with scopes ${scopes.join(',')} (only auth_base)`)
        }
        device.logins += 1
        // A thrown `{ error, message }` picks Alipay's code (11 refused, 4 no permission); 3 otherwise.
        const code = await deviceLoginCode(
          device,
          calls,
          (error) => new MyFail(Number((error as { error?: unknown }).error) || 3, error.message),
        )
        return { authCode: code, authSuccessScopes: ['auth_base'], authErrorScopes: {} }
      })
    },
    showToast(options: unknown) {
      const o = opts(options)
      const type = String(o.type ?? 'none')
      // Alipay's toast lasts 2 s unless told otherwise; `type` is success / fail / exception / none.
      return via('showToast', options, { title: String(o.content ?? ''), icon: type, duration: o.duration ?? 2000 })
    },
    hideToast: (options: unknown) => via('hideToast', options, {}),
    showLoading(options: unknown) {
      const o = opts(options)
      return via('showLoading', options, { title: String(o.content ?? '') })
    },
    hideLoading: (options: unknown) => via('hideLoading', options, {}),
    alert(options: unknown) {
      const o = opts(options)
      // Alipay's alert and confirm are WeChat's showModal with one or two buttons (recorded as showModal).
      return via('showModal', options, { title: o.title, content: o.content, showCancel: false }, () => ({}))
    },
    confirm(options: unknown) {
      const o = opts(options)
      return via('showModal', options, { title: o.title, content: o.content }, (res) => ({
        confirm: (res as { confirm?: boolean }).confirm === true,
      }))
    },
    setNavigationBar: (options: unknown) => via('setNavigationBarTitle', options, { title: opts(options).title }),
    getSystemInfoSync: () => host.intoRuntime({ ...(shared.getSystemInfoSync?.() as object), ...ALIPAY_SYSTEM }),
    getAccountInfoSync: () => host.intoRuntime({ miniProgram: { appId: '2021000000000000', envVersion: 'develop' } }),
    getAppIdSync: () => host.intoRuntime({ appId: '2021000000000000' }),
    canIUse: (name: unknown) => typeof name === 'string' && typeof my[name.split('.')[0] ?? ''] === 'function',
    env: { USER_DATA_PATH: 'https://usr' },
  }
  for (const name of NOT_FAKED) {
    if (name in my) continue
    my[name] = notFakedApi(host, calls, 'my', name)
  }
  return { ...base, wx: my }
}
