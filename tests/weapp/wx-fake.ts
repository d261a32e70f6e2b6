// The `wx` object the bundle runs against. Taro wraps every own key of `wx` at start-up
// (`Object.keys(wx)`), so each API is an own property; those the app has no use for yet are
// stubs that fail loudly with "not faked: wx.<name>" so a gap shows up as an error, not a hang.
import { callAsync, guard, WxFail, type WxHost } from './wx-api'
import { type IdentityDeviceOptions, identityApis } from './wx-identity'
import { type RequestRecord, type RequestRouting, wxRequest } from './wx-request'
import { storageApis } from './wx-storage'

/** A loading, toast or modal the app asked for (in call order). */
export interface UiCall {
  api: 'showLoading' | 'hideLoading' | 'showToast' | 'hideToast' | 'showModal'
  title?: string
  icon?: string
  options: Record<string, unknown>
}

/** Everything the app asked of WeChat during one launch, in call order per kind. */
export class WxCalls {
  readonly ui: UiCall[] = []
  readonly login: Array<{ code: string } | { error: string }> = []
  readonly request: RequestRecord[] = []
  readonly navigation: Array<{ api: string; url?: string }> = []
  /** Storage writes that took effect or were attempted (set, remove, clear), with the key; `failed` when it threw. */
  readonly storage: Array<{ api: string; key?: string; failed?: boolean }> = []
  /** Names of APIs the app called that this fake does not implement. */
  readonly notFaked: string[] = []

  /** Titles of every showToast. */
  toasts(): string[] {
    return this.ui.filter((c) => c.api === 'showToast').map((c) => c.title ?? '')
  }

  /** Titles of every showLoading. */
  loadings(): string[] {
    return this.ui.filter((c) => c.api === 'showLoading').map((c) => c.title ?? '')
  }

  /** Requests as `METHOD /path` (query included), e.g. `GET /feed`. */
  requestLines(): string[] {
    return this.request.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`)
  }
}

/** What stays the same for one device across launches (the privacy answer, avatars and phone codes too). */
export interface DeviceOptions extends IdentityDeviceOptions {
  /** The default login code is `dev:<name>` (default `device`): the reference server's dev mode maps it to one user. */
  name?: string
  /**
   * The code for the n-th wx.login on this device (n from 1); throw (or reject) to make wx.login fail with
   * that message; a promise answers when it settles, so one that never settles is a wx.login that never answers.
   */
  nextLoginCode?: (n: number) => string | Promise<string>
  /** Answers wx.showModal (default: confirm). */
  answerModal?: (options: Record<string, unknown>) => 'confirm' | 'cancel'
  /** Overrides for getSystemInfoSync and friends. */
  system?: Record<string, unknown>
  /** How far the device clock is ahead of real time (negative: behind); the app's `Date` reads it. */
  clockOffsetMs?: number
  /** When set, every storage write (setStorageSync, setStorage) fails with this message, e.g. a full storage. */
  storageWriteFault?: string
}

/** Page navigation, implemented by the runtime. Rejections carry WeChat's fail message. */
export interface WxNavigator {
  switchTab(url: string): Promise<void>
  navigateTo(url: string): Promise<void>
  redirectTo(url: string): Promise<void>
  navigateBack(delta: number): Promise<void>
  reLaunch(url: string): Promise<void>
  launchOptions(): Record<string, unknown>
}

/** The loading or toast on screen now (WeChat shows one at a time). */
export type Overlay = { kind: 'loading' | 'toast'; title: string; mask: boolean } | null

/** Plausible values for the system info APIs: an iPhone on a recent WeChat. */
export const DEFAULT_SYSTEM: Record<string, unknown> = {
  brand: 'iPhone',
  model: 'iPhone 13',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 745,
  statusBarHeight: 47,
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  language: 'zh_CN',
  version: '8.0.50',
  system: 'iOS 17.5',
  platform: 'ios',
  SDKVersion: '3.5.8',
  theme: 'light',
  fontSizeSetting: 16,
  enableDebug: false,
  host: { env: 'WeChat' },
}

/**
 * The device's code for its current login (`device.logins`), recorded in `calls.login`; a failure is recorded
 * too and thrown as `asFailure` shapes it for the platform.
 */
export async function deviceLoginCode(
  device: DeviceOptions & { logins: number },
  calls: WxCalls,
  asFailure: (error: Error) => Error,
): Promise<string> {
  let code: string
  try {
    code = await (device.nextLoginCode ? device.nextLoginCode(device.logins) : `dev:${device.name ?? 'device'}`)
  } catch (error) {
    calls.login.push({ error: (error as Error).message })
    throw asFailure(error as Error)
  }
  calls.login.push({ code })
  return code
}

/** An API a fake leaves unimplemented: calling `<global>.<name>` records it, reports it and throws. */
export function notFakedApi(host: WxHost, calls: WxCalls, global: string, name: string): () => never {
  return () => {
    calls.notFaked.push(name)
    const error = new Error(`not faked: ${global}.${name}`)
    host.reportError(error)
    throw error
  }
}

/** WeChat APIs the fake leaves unimplemented: calling one fails the test, naming it. */
export const WX_NOT_FAKED =
  `getUserProfile getUserInfo getSetting openSetting authorize chooseImage chooseMedia previewImage
getLocation chooseLocation openLocation scanCode makePhoneCall setClipboardData getClipboardData requestPayment
requestSubscribeMessage uploadFile downloadFile connectSocket createSelectorQuery createIntersectionObserver
pageScrollTo startPullDownRefresh showActionSheet setTabBarBadge removeTabBarBadge showTabBarRedDot hideTabBarRedDot
setTabBarItem setTabBarStyle showTabBar hideTabBar setNavigationBarColor showNavigationBarLoading
hideNavigationBarLoading setBackgroundColor setBackgroundTextStyle hideKeyboard navigateToMiniProgram
navigateBackMiniProgram exitMiniProgram showShareMenu hideShareMenu updateShareMenu getShareInfo batchGetStorageSync
batchSetStorageSync batchGetStorage batchSetStorage getBatteryInfo vibrateLong vibrateShort setKeepScreenOn
createAnimation createCanvasContext canvasToTempFilePath loadFontFace getFileSystemManager saveFile openDocument
getImageInfo compressImage saveImageToPhotosAlbum createInnerAudioContext createVideoContext getPerformance
getRealtimeLogManager getLogManager requirePrivacyAuthorize getPrivacySetting onNeedPrivacyAuthorization
chooseAddress getWeRunData createWorker onMemoryWarning`.split(/\s+/)

/** The fake wx plus what tests read from it. */
export interface WxFake {
  wx: Record<string, unknown>
  calls: WxCalls
  overlay(): Overlay
  /** Tells `wx.onAppShow` / `wx.onAppHide` listeners. */
  emit(event: 'appShow' | 'appHide', payload?: unknown): void
  /**
   * Holds back what showLoading/hideLoading/showToast/hideToast do to the screen (as when the view layer
   * lags behind the logic layer), until the returned function is called; then they apply in call order.
   */
  holdOverlay(): () => void
  /** How many listeners the app registered through wx.on* APIs and has not removed, by event. */
  listenerCounts(): Record<string, number>
  /** The privacy guide, chooseAvatar, getPhoneNumber and uploadFile (see wx-identity.ts). */
  identity: ReturnType<typeof identityApis>
}

/** What every platform's fake is built from for one launch; `Device` is what that platform's device may say. */
export interface FakeParams<Device extends DeviceOptions = DeviceOptions> {
  host: WxHost
  storage: Map<string, unknown>
  device: Device & { logins: number }
  routing: RequestRouting
  navigator: WxNavigator
  parseJson: (text: string) => unknown
}

/** Builds the fake `wx` for one launch. */
export function createWx(params: FakeParams): WxFake {
  const { host, storage, device, routing, navigator, parseJson } = params
  const calls = new WxCalls()
  const system = { ...DEFAULT_SYSTEM, ...device.system }
  const listeners = { appShow: new Set<(p: unknown) => void>(), appHide: new Set<(p: unknown) => void>() }
  let overlay: Overlay = null
  let overlayId = 0
  // Overlay changes waiting for the view layer while held (see holdOverlay); null when not held.
  let heldOverlay: Array<() => void> | null = null
  const onScreen = (change: () => void) => (heldOverlay ? heldOverlay.push(change) : change())
  const opts = (o: unknown) => (o ?? {}) as Record<string, unknown>
  const show = (kind: 'loading' | 'toast', o: Record<string, unknown>, durationMs?: number) =>
    onScreen(() => {
      overlay = { kind, title: String(o.title ?? ''), mask: o.mask === true }
      const id = ++overlayId
      if (durationMs !== undefined) {
        host.later(() => {
          if (overlayId === id) overlay = null
        }, durationMs)
      }
    })
  // Loading and toast share one overlay: hiding either closes whichever is up unless noConflict is set.
  const hide = (kind: 'loading' | 'toast', noConflict: unknown) =>
    onScreen(() => {
      if (overlay && (overlay.kind === kind || noConflict !== true)) overlay = null
    })
  const nav = (
    api: keyof Omit<WxNavigator, 'launchOptions'>,
    options: unknown,
    arg: (o: Record<string, unknown>) => unknown,
  ) => {
    const o = opts(options)
    calls.navigation.push({ api, url: typeof o.url === 'string' ? o.url : undefined })
    return callAsync(host, api, options, async () => {
      try {
        await (navigator[api] as (a: unknown) => Promise<void>)(arg(o))
      } catch (error) {
        throw new WxFail((error as Error).message)
      }
      return {}
    })
  }
  const done = (fn: () => void) => () => {
    fn()
    return {}
  }
  const sync = (extra: Record<string, unknown>) => () => host.intoRuntime({ ...system, ...extra })
  const identity = identityApis({ host, device, routing, record: (r) => calls.request.push(r) })

  const wx: Record<string, unknown> = {
    ...identity.wx,
    ...storageApis(host, storage, {
      writeFault: () => device.storageWriteFault,
      record: (entry) => calls.storage.push(entry),
    }),
    request: (options: unknown) => wxRequest(host, routing, (r) => calls.request.push(r), parseJson, options),
    login(options: unknown) {
      return callAsync(host, 'login', options, async () => {
        device.logins += 1
        const code = await deviceLoginCode(device, calls, (error) => new WxFail(error.message))
        return { code }
      })
    },
    checkSession: (options: unknown) =>
      callAsync(host, 'checkSession', options, () => {
        if (device.logins === 0) throw new WxFail('session time out, need relogin')
        return {}
      }),
    showLoading(options: unknown) {
      const o = opts(options)
      calls.ui.push({ api: 'showLoading', title: String(o.title ?? ''), options: o })
      return callAsync(
        host,
        'showLoading',
        options,
        done(() => show('loading', o)),
      )
    },
    hideLoading(options: unknown) {
      calls.ui.push({ api: 'hideLoading', options: opts(options) })
      return callAsync(
        host,
        'hideLoading',
        options,
        done(() => hide('loading', opts(options).noConflict)),
      )
    },
    showToast(options: unknown) {
      const o = opts(options)
      const title = String(o.title ?? '')
      calls.ui.push({ api: 'showToast', title, icon: String(o.icon ?? 'success'), options: o })
      return callAsync(
        host,
        'showToast',
        options,
        done(() => show('toast', o, Number(o.duration ?? 1500))),
      )
    },
    hideToast(options: unknown) {
      calls.ui.push({ api: 'hideToast', options: opts(options) })
      return callAsync(
        host,
        'hideToast',
        options,
        done(() => hide('toast', opts(options).noConflict)),
      )
    },
    showModal(options: unknown) {
      const o = opts(options)
      calls.ui.push({ api: 'showModal', title: String(o.title ?? ''), options: o })
      const answer = device.answerModal?.(o) ?? 'confirm'
      return callAsync(host, 'showModal', options, () => ({
        confirm: answer === 'confirm',
        cancel: answer === 'cancel',
      }))
    },
    switchTab: (o: unknown) => nav('switchTab', o, (x) => x.url),
    navigateTo: (o: unknown) => nav('navigateTo', o, (x) => x.url),
    redirectTo: (o: unknown) => nav('redirectTo', o, (x) => x.url),
    reLaunch: (o: unknown) => nav('reLaunch', o, (x) => x.url),
    navigateBack: (o: unknown) => nav('navigateBack', o, (x) => Number(x.delta ?? 1)),
    getSystemInfoSync: sync({}),
    getSystemInfo: (o: unknown) => callAsync(host, 'getSystemInfo', o, () => ({ ...system })),
    getWindowInfo: sync({}),
    getDeviceInfo: sync({}),
    getAppBaseInfo: sync({}),
    getSystemSetting: sync({ bluetoothEnabled: false, locationEnabled: true, wifiEnabled: true }),
    getAppAuthorizeSetting: sync({ notificationAuthorized: true }),
    getAccountInfoSync: () =>
      host.intoRuntime({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
    getLaunchOptionsSync: () => host.intoRuntime(navigator.launchOptions()),
    getEnterOptionsSync: () => host.intoRuntime(navigator.launchOptions()),
    getMenuButtonBoundingClientRect: () =>
      host.intoRuntime({ width: 87, height: 32, top: 51, right: 380, bottom: 83, left: 293 }),
    canIUse: () => true,
    getNetworkType: (o: unknown) => callAsync(host, 'getNetworkType', o, () => ({ networkType: 'wifi' })),
    onNetworkStatusChange: () => {},
    offNetworkStatusChange: () => {},
    onAppShow: (fn: (p: unknown) => void) => listeners.appShow.add(fn),
    offAppShow: (fn: (p: unknown) => void) => listeners.appShow.delete(fn),
    onAppHide: (fn: (p: unknown) => void) => listeners.appHide.add(fn),
    offAppHide: (fn: (p: unknown) => void) => listeners.appHide.delete(fn),
    onError: () => {},
    offError: () => {},
    onUnhandledRejection: () => {},
    offUnhandledRejection: () => {},
    nextTick: (fn: () => void) => host.later(() => guard(host, fn)),
    getUpdateManager: () => ({ onCheckForUpdate() {}, onUpdateReady() {}, onUpdateFailed() {}, applyUpdate() {} }),
    setNavigationBarTitle: (o: unknown) => callAsync(host, 'setNavigationBarTitle', o, () => ({})),
    stopPullDownRefresh: (o: unknown) => callAsync(host, 'stopPullDownRefresh', o, () => ({})),
    reportAnalytics: () => {},
    env: { USER_DATA_PATH: 'wxfile://usr' },
  }
  for (const name of WX_NOT_FAKED) {
    if (name in wx) continue
    wx[name] = notFakedApi(host, calls, 'wx', name)
  }
  return {
    wx,
    calls,
    overlay: () => overlay,
    emit: (event, payload) => {
      for (const fn of listeners[event]) guard(host, () => fn(host.intoRuntime(payload ?? {})))
    },
    holdOverlay: () => {
      heldOverlay ??= []
      return () => {
        const changes = heldOverlay ?? []
        heldOverlay = null
        for (const change of changes) change()
      }
    },
    listenerCounts: () => ({ appShow: listeners.appShow.size, appHide: listeners.appHide.size }),
    identity,
  }
}
