// Launches a production mini program build headlessly: a fresh runtime per launch, a faithful fake of the
// platform's API object (`wx` for WeChat, `my` for Alipay, `tt` for Douyin) with real HTTP and a storage
// Map that can outlive the launch, and queries over what the template engine renders from the page's data
// (the build's WXML, or its AXML / TTML mapped to WXML, compiled by wcc).
import path from 'node:path'
import vm from 'node:vm'
import { type MiniPlatform, PROJECT_DIR } from './build'
import { createMy } from './my-fake'
import { Timers, type Truthy, tick, waitUntil } from './realm'
import { allTexts, outline, queryAllByText, type TextMatcher, tapEvents, WxmlView, type WxNode, walk } from './render'
import { compiledApiBaseUrl, routingFor } from './routing'
import { type PageInstance, WeappRuntime } from './runtime'
import { wxmlMirror } from './template-dialect'
import { createTt, type DouyinDeviceOptions } from './tt-fake'
import type { WxHost } from './wx-api'
import { createWx, type DeviceOptions, type Overlay, type WxCalls, type WxFake } from './wx-fake'
import type { RequestRouting } from './wx-request'

/** Everything a device keeps across launches, on any platform. */
export type Device = DeviceOptions & DouyinDeviceOptions

/** How to launch. */
export interface LaunchOptions {
  /** Which platform's bundle and runtime: WeChat (default), Alipay or Douyin. */
  platform?: MiniPlatform
  /** The build to run (default `<repo>/dist/<platform>`). */
  distDir?: string
  /** The device's storage; pass the Map of an earlier launch to relaunch with what it left. */
  storage?: Map<string, unknown>
  /** Where API requests go: the compiled-in base URL is rewritten to this (e.g. a test server on a free port). */
  apiBaseUrl?: string
  /** The base URL compiled into the build (default: TARO_APP_API_BASE_URL from .env.production[.local]). */
  compiledApiBaseUrl?: string
  device?: Device
  /** The page to open (default: the first page of app.json) and its query. */
  entry?: string
  query?: Record<string, string>
  /** Throw from the next harness call once the app reported an error (default true). */
  failOnError?: boolean
}

/** One running launch of the mini program. */
export class WeappApp {
  /** Errors the app threw (in callbacks, lifecycles, timers) or unhandled rejections. */
  readonly errors: unknown[] = []
  /** What the app wrote to the console. */
  readonly logs: Array<{ level: string; args: unknown[] }> = []
  /** Milliseconds from launch to the first page's onReady. */
  bootMs = 0
  private runtime!: WeappRuntime
  private fake!: WxFake
  private view!: WxmlView
  private routing!: RequestRouting
  private timers!: Timers
  // WeChat passes an unhandled rejection to App.onUnhandledRejection. Under jest this listener never
  // fires: jest's own handler on the real process fails the running test first, which is as good.
  private readonly onRejection = (reason: unknown, promise: Promise<unknown>) => {
    const RuntimePromise = vm.runInContext('Promise', this.runtime.context) as PromiseConstructor
    if (!(promise instanceof RuntimePromise)) return
    this.recordError(reason)
    const handler = this.runtime.app?.onUnhandledRejection
    if (typeof handler === 'function') handler.call(this.runtime.app, { reason, promise })
  }

  private constructor(
    readonly options: LaunchOptions,
    /** The device's storage (key → stored value); survives relaunch(). */
    readonly storage: Map<string, unknown>,
    private readonly device: Device & { logins: number },
  ) {}

  /** The platform this launch runs as. */
  get platform(): MiniPlatform {
    return this.options.platform ?? 'weapp'
  }

  /** Starts a launch; resolves once the entry page is ready. */
  static async launch(options: LaunchOptions = {}, device?: Device & { logins: number }): Promise<WeappApp> {
    const app = new WeappApp(options, options.storage ?? new Map(), device ?? { ...options.device, logins: 0 })
    await app.boot()
    return app
  }

  private async boot(): Promise<void> {
    const started = performance.now()
    const distDir = this.options.distDir ?? path.join(PROJECT_DIR, `dist/${this.platform}`)
    // The .env files of the checkout the build came from (dist/weapp sits two levels below it).
    const compiled = this.options.compiledApiBaseUrl ?? compiledApiBaseUrl(path.resolve(distDir, '../..'))
    this.routing = routingFor(compiled, this.options.apiBaseUrl)
    const timers = new Timers((error) => this.recordError(error))
    this.timers = timers
    const log =
      (level: string) =>
      (...args: unknown[]) => {
        this.logs.push({ level, args })
        if (level === 'error' || process.env.WEAPP_CONSOLE) console.error(`[weapp ${level}]`, ...args)
      }
    const runtime = new WeappRuntime({
      distDir,
      timers,
      console: Object.fromEntries(['log', 'info', 'warn', 'error', 'debug'].map((l) => [l, log(l)])),
      reportError: (error) => this.recordError(error),
      now: () => Date.now() + (this.device.clockOffsetMs ?? 0),
    })
    this.runtime = runtime
    const later = timers.globals().setTimeout
    const host: WxHost = {
      later: (fn, ms) => {
        if (!runtime.closed) later(fn, ms ?? 0)
      },
      reportError: (error) => this.recordError(error),
      intoRuntime: (value) => runtime.intoRuntime(value),
    }
    const parseJson = vm.runInContext('JSON.parse', runtime.context) as (text: string) => unknown
    const fakeOf = { weapp: createWx, alipay: createMy, tt: createTt }[this.platform]
    this.fake = fakeOf({
      host,
      storage: this.storage,
      device: this.device,
      routing: this.routing,
      navigator: runtime,
      parseJson,
    })
    runtime.install(this.fake.wx, this.platform)
    this.view = viewFor(wxmlMirror(distDir, this.platform))
    process.on('unhandledRejection', this.onRejection)
    try {
      await runtime.start(this.options.entry ?? runtime.appJson.pages[0] ?? '', this.options.query ?? {})
      this.bootMs = performance.now() - started
      this.assertHealthy()
    } catch (error) {
      await this.close()
      throw error
    }
  }

  private recordError(error: unknown): void {
    this.errors.push(error)
    const onError = this.runtime?.app?.onError
    if (typeof onError === 'function') {
      try {
        onError.call(this.runtime.app, error instanceof Error ? (error.stack ?? error.message) : String(error))
      } catch (nested) {
        this.errors.push(nested)
      }
    }
  }

  /** Throws the first error the app reported, unless failOnError is false. */
  assertHealthy(): void {
    if (this.options.failOnError === false || this.errors.length === 0) return
    const first = this.errors[0]
    throw new Error(
      `the mini program reported an error: ${first instanceof Error ? (first.stack ?? first.message) : String(first)}`,
    )
  }

  /** Runs `code` in this launch's runtime (its globals, `wx`, `getApp()`), for probing from a test. */
  evaluate(code: string): unknown {
    return vm.runInContext(code, this.runtime.context)
  }

  /** Every wx call the app made in this launch (ui, login, request, navigation). */
  get calls(): WxCalls {
    return this.fake.calls
  }

  /** The loading or toast on screen now. */
  get overlay(): Overlay {
    return this.fake.overlay()
  }

  /** The visible page: its route, instance and data. */
  get page(): { route: string; instance: PageInstance; data: Record<string, unknown> } {
    const instance = this.runtime.stack.at(-1)
    if (!instance) throw new Error('no page is open')
    return { route: instance.route, instance, data: instance.data }
  }

  /** App and page lifecycle calls in order, e.g. `pages/mine/index.onShow`. */
  get lifecycle(): readonly string[] {
    return this.runtime.lifecycle
  }

  /** Routes of the page stack, bottom first (getCurrentPages). */
  get pageStack(): string[] {
    return this.runtime.stack.map((p) => p.route)
  }

  /** The visible page's tree as WeChat's template engine renders it from the page's data. */
  root(): WxNode {
    const { route, data } = this.page
    return this.view.render(route, data)
  }

  /** Every non-empty text on the visible page, in document order. */
  queryAllText(): string[] {
    return allTexts(this.root())
  }

  /** The innermost elements whose text matches. */
  queryAllByText(text: TextMatcher): WxNode[] {
    return queryAllByText(this.root(), text)
  }

  /** The first element whose text matches, or null. */
  queryByText(text: TextMatcher): WxNode | null {
    return this.queryAllByText(text)[0] ?? null
  }

  /** The element whose text matches; throws (showing the page) when there is none. */
  getByText(text: TextMatcher): WxNode {
    const node = this.queryByText(text)
    if (!node) throw new Error(`no element with text ${String(text)} on ${this.page.route}:\n${outline(this.root())}`)
    return node
  }

  /** Waits for an element with this text to render. */
  findByText(text: TextMatcher, options: { timeout?: number } = {}): Promise<WxNode> {
    return this.waitFor(() => this.getByText(text), options)
  }

  /** Alias of findByText. */
  waitForText(text: TextMatcher, options: { timeout?: number } = {}): Promise<WxNode> {
    return this.findByText(text, options)
  }

  /** Waits until `check` returns a truthy value without throwing (an error the app reports fails it at once). */
  waitFor<T>(check: () => T, options: { timeout?: number } = {}): Promise<Truthy<T>> {
    return waitUntil(
      () => {
        this.assertHealthy()
        return check()
      },
      { ...options, message: () => `page ${this.page.route}:\n${outline(this.root())}` },
    )
  }

  /** Whether the element (or the element with this text) has `disabled` set. */
  isDisabled(target: TextMatcher | WxNode): boolean {
    return this.resolve(target).props.disabled === true
  }

  private resolve(target: TextMatcher | WxNode): WxNode {
    return typeof target === 'string' || target instanceof RegExp ? this.getByText(target) : target
  }

  /**
   * Taps an element (or the element with this text) like a finger: the native tap bubbles from it
   * through every ancestor bound to `tap`, calling the page's `eh` for each. A disabled button still
   * receives it, as in WeChat; a loading or toast shown with `mask: true` lets nothing through, so
   * tapping under one throws. The dispatch is synchronous: `void app.tap(x); await app.tap(x)` is a
   * double tap. Resolves once the resulting render was flushed.
   */
  async tap(target: TextMatcher | WxNode): Promise<void> {
    this.assertHealthy()
    const overlay = this.overlay
    const node = this.resolve(target)
    if (overlay?.mask)
      throw new Error(`cannot tap "${node.text}": a masked ${overlay.kind} "${overlay.title}" covers the page`)
    const events = tapEvents(node).map(({ handler, event }) => ({ handler, event: this.platformEvent(event) }))
    if (events.length === 0) throw new Error(`nothing handles a tap on <${node.tag}> "${node.text}"`)
    // The handler named by the binding, looked up on the page (custom components are not instantiated
    // here; Taro's `comp` binds the same `eh` dispatcher as the page).
    const page = this.page.instance
    for (const { handler, event } of events) {
      const method = page[handler] as ((event: unknown) => unknown) | undefined
      if (typeof method !== 'function') {
        throw new Error(`${this.page.route} has no method "${handler}" for the tap bound on <${node.tag}>`)
      }
      try {
        method.call(page, this.runtime.intoRuntime(event))
      } catch (error) {
        this.recordError(error)
      }
    }
    this.openTypeAction(node)
    await this.settle()
  }

  /**
   * A native event as this platform's view layer hands it over. Alipay's elements carry `tagName` and the
   * target `targetDataset`, and its tap names no `mut`; WeChat's and Douyin's are the shared shape.
   */
  private platformEvent(event: Record<string, unknown>): Record<string, unknown> {
    if (this.platform !== 'alipay') return event
    const { mut: _mut, ...rest } = event
    const target = event.target as Record<string, unknown>
    const currentTarget = event.currentTarget as Record<string, unknown>
    return {
      ...rest,
      target: { ...target, tagName: 'view', targetDataset: target.dataset },
      currentTarget: { ...currentTarget, tagName: 'view' },
    }
  }

  /**
   * What WeChat does for a tap on a button with `open-type` (not when disabled): `agreePrivacyAuthorization`
   * fires at once and lets the app agree; `chooseAvatar` and `getPhoneNumber` pass the privacy guide, then
   * the user's sheet, and fire their event later (the privacy popup may be waiting in between).
   */
  private openTypeAction(tapped: WxNode): void {
    // WeChat's open types mean nothing to Alipay's or Douyin's button: the tap alone reaches the app.
    if (this.platform !== 'weapp') return
    let button: WxNode | null = tapped
    while (button && button.tag !== 'button') button = button.parent
    if (!button || button.props.disabled === true) return
    const openType = String(button.props.openType ?? button.props['open-type'] ?? '')
    const identity = this.fake.identity
    const page = this.page.instance
    const target = button
    if (openType.split('|').includes('agreePrivacyAuthorization')) {
      identity.duringAgreeTap(target.id, () => this.fire(page, target, 'agreeprivacyauthorization', {}))
    }
    const later = (work: Promise<Record<string, unknown> | null>, event: string) => {
      this.pendingActions.add(work)
      work.then(
        (detail) => {
          this.pendingActions.delete(work)
          if (detail && !this.runtime.closed) this.fire(page, target, event, detail)
        },
        (error: unknown) => this.recordError(error),
      )
    }
    if (openType === 'chooseAvatar') later(identity.chooseAvatar(), 'chooseavatar')
    if (openType === 'getPhoneNumber') later(identity.getPhoneNumber(), 'getphonenumber')
  }

  // Open-type actions still waiting (on the privacy popup or the user's sheet).
  private readonly pendingActions = new Set<Promise<unknown>>()

  /** A component event (not bubbling) on `node` as rendered now, if it is still on the page and bound. */
  private fire(page: PageInstance, node: WxNode, type: string, detail: Record<string, unknown>): void {
    const current = [...walk(this.view.render(page.route, page.data))].find((n) => n.sid !== '' && n.sid === node.sid)
    const handler = current?.bound.get(type) ?? current?.caught.get(type)
    if (!current || !handler) return
    const element = { id: current.id, offsetLeft: 0, offsetTop: 0, dataset: { ...current.dataset } }
    const event = { type, timeStamp: Math.round(performance.now()), target: element, currentTarget: element, detail }
    const method = page[handler] as ((event: unknown) => unknown) | undefined
    if (typeof method !== 'function') throw new Error(`${page.route} has no method "${handler}" for ${type}`)
    try {
      method.call(page, this.runtime.intoRuntime(event))
    } catch (error) {
      this.recordError(error)
    }
  }

  /**
   * Types `value` into an input the way a user does: focus (an `<input type="nickname">` first passes the
   * privacy guide, so the popup may show and this waits for its answer), then input and blur events.
   */
  async fillIn(target: WxNode, value: string): Promise<void> {
    this.assertHealthy()
    const page = this.page.instance
    if (target.props.type === 'nickname' && this.platform === 'weapp') {
      // Refused or not declared, the field still takes typed text; only WeChat's suggestion is withheld.
      await this.fake.identity.gate('nickname').catch(() => {})
    }
    this.fire(page, target, 'focus', { value: '', height: 0 })
    this.fire(page, target, 'input', { value, cursor: value.length, keyCode: 0 })
    this.fire(page, target, 'blur', { value, cursor: value.length })
    await this.settle()
  }

  /** The first rendered element `match` accepts (e.g. `(n) => n.props.openType === 'chooseAvatar'`); throws when none. */
  getBy(match: (node: WxNode) => boolean, what = 'matching element'): WxNode {
    const found = [...walk(this.root())].find((n) => !n.hidden && match(n))
    if (!found) throw new Error(`no ${what} on ${this.page.route}:\n${outline(this.root())}`)
    return found
  }

  /** The privacy guide's events (asked, resolved, official popup, contract opened), in order. */
  get privacyEvents() {
    return this.fake.identity.events
  }

  /** Lets queued timers, setData and promise callbacks run (two turns: Taro renders in a setTimeout). */
  async settle(): Promise<void> {
    await tick()
    await tick()
    this.assertHealthy()
  }

  /** Taps a tab of the tab bar: onHide on the old page, onShow (or first load) on the new, then its onTabItemTap. */
  async switchTab(route: string): Promise<void> {
    this.assertHealthy()
    await this.runtime.tapTab(route.replace(/^\//, ''))
    await this.settle()
  }

  /** Opens a page on top, as `wx.navigateTo` does (not for tab pages). */
  async navigateTo(url: string): Promise<void> {
    this.assertHealthy()
    await this.runtime.navigateTo(url.startsWith('/') ? url : `/${url}`)
    await this.settle()
  }

  /** Closes the top page, as the back button does. */
  async navigateBack(): Promise<void> {
    this.assertHealthy()
    await this.runtime.navigateBack(1)
    await this.settle()
  }

  /** Puts the app in the background (App.onHide, page onHide), as when the user leaves WeChat. */
  async background(): Promise<void> {
    this.runtime.background()
    this.fake.emit('appHide')
    await this.settle()
  }

  /** Brings the app back (App.onShow, page onShow). */
  async foreground(): Promise<void> {
    this.runtime.foreground()
    this.fake.emit('appShow', this.runtime.launchOptions())
    await this.settle()
  }

  /**
   * Time passes on the device without waiting: its clock moves `ms` ahead and every timer the app set
   * that would fire within `ms` runs now, in order. Resolves once the resulting render was flushed.
   */
  async passTime(ms: number): Promise<void> {
    this.device.clockOffsetMs = (this.device.clockOffsetMs ?? 0) + ms
    this.timers.advance(ms)
    await this.settle()
  }

  /** Sets how far the device clock is ahead of real time (kept by relaunch(), like the device). */
  setClockOffset(ms: number): void {
    this.device.clockOffsetMs = ms
  }

  /** From now on every storage write fails with `message` (e.g. a full storage); undefined writes again. */
  setStorageWriteFault(message: string | undefined): void {
    this.device.storageWriteFault = message
  }

  /** Holds back what loading and toast calls do to the screen until the returned function is called. */
  holdOverlay(): () => void {
    return this.fake.holdOverlay()
  }

  /** Listeners the app registered with wx.onAppShow / wx.onAppHide and has not removed. */
  wxListeners(): Record<string, number> {
    return this.fake.listenerCounts()
  }

  /** Ends this launch (its timers and open requests die with it) and cold-launches again with the same storage and device. */
  async relaunch(options: Partial<LaunchOptions> = {}): Promise<WeappApp> {
    await this.close()
    return WeappApp.launch({ ...this.options, ...options, storage: this.storage }, this.device)
  }

  /** Ends this launch: cancels its timers, cuts its open requests, and stops lifecycles and setData. */
  async close(): Promise<void> {
    if (this.runtime.closed) return
    this.runtime.close()
    process.off('unhandledRejection', this.onRejection)
    for (const req of this.routing.live) req.destroy()
    this.routing.agent.http.destroy()
    this.routing.agent.https.destroy()
  }
}

const views = new Map<string, WxmlView>()

/** One view layer per build folder and process; a rebuilt WXML set gets a new one. */
function viewFor(distDir: string): WxmlView {
  const cached = views.get(distDir)
  if (cached?.isCurrent()) return cached
  const view = new WxmlView(distDir)
  views.set(distDir, view)
  return view
}

/** Launches the build in a fresh runtime; see LaunchOptions. */
export function launchWeapp(options: LaunchOptions = {}): Promise<WeappApp> {
  return WeappApp.launch(options)
}
