// One mini program launch: a fresh V8 context (its own globals, module registry and Promise),
// the build's files evaluated in it the way WeChat's app service does, App/Page lifecycles and
// the page stack with tab bar rules. Nothing of a previous launch survives except what the caller passes in.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import type { MiniPlatform } from './build'
import { CLOCK_SOURCE, CLONE_SOURCE, compiled, type Timers, tick } from './realm'
import { applySetData } from './render'
import type { WxNavigator } from './wx-fake'

/** A page instance as WeChat hands it to the Page config's methods. */
export interface PageInstance {
  route: string
  data: Record<string, unknown>
  [key: string]: unknown
}

type AnyFn = (...args: unknown[]) => unknown

/** A page that has not called setData by then is reported as broken. */
const FIRST_RENDER_TIMEOUT_MS = 5000
type AppJson = {
  pages: string[]
  // WeChat and Douyin list tabs as `list` (`text`); Alipay as `items` (`name`).
  tabBar?: {
    list?: Array<{ pagePath: string; text?: string }>
    items?: Array<{ pagePath: string; name?: string }>
  }
  [key: string]: unknown
}

/** Options of one runtime. */
export interface RuntimeOptions {
  distDir: string
  timers: Timers
  console: Record<string, AnyFn>
  reportError: (error: unknown) => void
  /** The device clock in epoch ms (default: the host's); the context's `Date` reads it. */
  now?: () => number
}

/** Loads a build into a fresh context and drives App and Page lifecycles like WeChat does. */
export class WeappRuntime implements WxNavigator {
  readonly appJson: AppJson
  readonly context: vm.Context
  app: Record<string, AnyFn> | null = null
  /** Lifecycle calls in order, e.g. `app.onLaunch`, `pages/index/index.onShow`. */
  readonly lifecycle: string[] = []
  /** The page stack, bottom first (what getCurrentPages returns). */
  stack: PageInstance[] = []
  private readonly tabPages = new Map<string, PageInstance>()
  private readonly pageConfigs = new Map<string, Record<string, unknown>>()
  private readonly modules = new Map<string, { exports: unknown }>()
  private loading: string | null = null
  private launch: Record<string, unknown> = {}
  private nextWebviewId = 1
  private readonly rendered = new WeakMap<PageInstance, () => void>()
  private readonly setTimeout: (fn: AnyFn, ms?: number) => number
  private readonly clone: (value: unknown) => unknown
  closed = false

  constructor(private readonly options: RuntimeOptions) {
    this.appJson = JSON.parse(readFileSync(path.join(options.distDir, 'app.json'), 'utf8')) as AppJson
    this.context = vm.createContext({}, { name: 'weapp' })
    this.setTimeout = options.timers.globals().setTimeout
    this.clone = vm.runInContext(CLONE_SOURCE, this.context) as (value: unknown) => unknown
  }

  /** A copy of `value` made of this context's objects. */
  intoRuntime<T>(value: T): T {
    return this.clone(value) as T
  }

  /**
   * Installs the globals the platform's app service has (and nothing more: no window, process, fetch):
   * its API object as `wx` (WeChat), `my` (Alipay) or `tt` (Douyin), and what else that platform defines.
   */
  install(api: Record<string, unknown>, platform: MiniPlatform = 'weapp'): void {
    const own: Record<MiniPlatform, Record<string, unknown>> = {
      weapp: {
        wx: api,
        __wxConfig: { pages: this.appJson.pages, tabBar: this.appJson.tabBar, envVersion: 'develop', platform: 'ios' },
      },
      // Alipay's service worker has a `navigator`; on phones only `swuserAgent` is set (Taro reads both).
      alipay: { my: api, navigator: { swuserAgent: 'Mozilla/5.0 (iPhone) AlipayClient/10.6.0 ChannelId(1)' } },
      tt: { tt: api },
    }
    const globals: Record<string, unknown> = {
      ...own[platform],
      console: this.options.console,
      ...this.options.timers.globals(),
      App: (config: Record<string, AnyFn>) => {
        this.app = config
      },
      Page: (config: Record<string, unknown>) => {
        if (!this.loading) throw new Error('Page() called outside a page file')
        this.pageConfigs.set(this.loading, config)
      },
      Component: () => {},
      Behavior: (config: unknown) => config,
      getApp: () => this.app ?? undefined,
      getCurrentPages: () => [...this.stack],
      requirePlugin: (name: string) => {
        throw new Error(`not faked: requirePlugin(${name})`)
      },
    }
    for (const [key, value] of Object.entries(globals)) this.context[key] = value
    const { now } = this.options
    if (now) {
      const makeDate = vm.runInContext(CLOCK_SOURCE, this.context) as (real: unknown, now: () => number) => unknown
      this.context.Date = makeDate(vm.runInContext('Date', this.context), now)
    }
  }

  /** Evaluates app.js, every page and its components (as WeChat injects them), then launches `entry`. */
  async start(entry: string, query: Record<string, string>): Promise<void> {
    this.require(path.join(this.options.distDir, 'app.js'))
    if (!this.app) throw new Error('app.js did not call App()')
    for (const route of this.appJson.pages) {
      const pageJson = path.join(this.options.distDir, `${route}.json`)
      const using = (JSON.parse(readFileSync(pageJson, 'utf8')).usingComponents ?? {}) as Record<string, string>
      for (const component of Object.values(using)) this.require(path.resolve(path.dirname(pageJson), component))
      this.loading = route
      try {
        this.require(path.join(this.options.distDir, `${route}.js`))
      } finally {
        this.loading = null
      }
    }
    this.launch = { path: entry, query, scene: 1001, referrerInfo: {}, apiCategory: 'default' }
    this.callApp('onLaunch', this.launch)
    this.callApp('onShow', this.launch)
    await this.open(entry, query)
  }

  private require(file: string): unknown {
    const resolved = file.endsWith('.js') ? file : `${file}.js`
    const cached = this.modules.get(resolved)
    if (cached) return cached.exports
    const module = { exports: {} }
    this.modules.set(resolved, module)
    const fn = compiled(resolved).runInContext(this.context) as AnyFn
    const dir = path.dirname(resolved)
    fn.call(module.exports, (request: string) => this.require(path.resolve(dir, request)), module, module.exports)
    return module.exports
  }

  private callApp(name: string, ...args: unknown[]): void {
    this.invoke(this.app, name, args)
  }

  private invoke(target: Record<string, unknown> | null, name: string, args: unknown[]): void {
    const fn = target?.[name]
    if (this.closed || typeof fn !== 'function') return
    this.lifecycle.push(`${target === this.app ? 'app' : (target as PageInstance).route}.${name}`)
    try {
      fn.apply(target, args)
    } catch (error) {
      this.options.reportError(error)
    }
  }

  /** WeChat's launch options (also what getLaunchOptionsSync answers). */
  launchOptions(): Record<string, unknown> {
    return this.launch
  }

  /** The tab bar's items as `{ pagePath, text }`, whichever platform's spelling app.json uses. */
  private tabs(): Array<{ pagePath: string; text: string }> {
    const { list, items } = this.appJson.tabBar ?? {}
    if (list) return list.map((item) => ({ pagePath: item.pagePath, text: item.text ?? '' }))
    return (items ?? []).map((item) => ({ pagePath: item.pagePath, text: item.name ?? '' }))
  }

  private isTab(route: string): boolean {
    return this.tabs().some((item) => item.pagePath === route)
  }

  private parse(url: string): { route: string; query: Record<string, string> } {
    const [pathname = '', search = ''] = url.split('?')
    const current = this.stack.at(-1)?.route ?? ''
    const route = pathname.startsWith('/')
      ? pathname.slice(1)
      : path.posix.normalize(path.posix.join(path.posix.dirname(current), pathname))
    if (!this.appJson.pages.includes(route)) throw new Error(`page "${route}" is not found`)
    const query: Record<string, string> = {}
    for (const pair of search.split('&').filter(Boolean)) {
      const [key = '', value = ''] = pair.split('=')
      query[key] = value
    }
    return { route, query }
  }

  private create(route: string, query: Record<string, string>): PageInstance {
    const config = this.pageConfigs.get(route)
    if (!config) throw new Error(`no Page() registered for ${route}`)
    const id = this.nextWebviewId++
    const page: PageInstance = {
      ...config,
      data: JSON.parse(JSON.stringify(config.data ?? {})),
      route,
      __route__: route,
      options: query,
      __wxWebviewId__: id,
      getPageId: () => `pageId:${id}`,
      selectComponent: () => null,
      selectAllComponents: () => [],
      getTabBar: () => undefined,
      getOpenerEventChannel: () => ({ emit() {}, on() {}, once() {}, off() {} }),
    }
    page.setData = (update: Record<string, unknown>, callback?: AnyFn) => {
      if (this.closed) return
      applySetData(page.data, update)
      this.rendered.get(page)?.()
      // The view layer renders, then the callback runs: a turn later.
      if (callback) this.setTimeout(() => callback.call(page), 0)
    }
    return page
  }

  private async open(route: string, query: Record<string, string>): Promise<PageInstance> {
    const page = this.create(route, query)
    let timer: NodeJS.Timeout | undefined
    const firstRender = new Promise<boolean>((resolve) => {
      this.rendered.set(page, () => resolve(true))
      timer = setTimeout(() => resolve(false), FIRST_RENDER_TIMEOUT_MS)
    })
    if (this.isTab(route)) this.tabPages.set(route, page)
    this.stack.push(page)
    this.invoke(page, 'onLoad', [query])
    this.invoke(page, 'onShow', [])
    // WeChat calls onReady once the view layer has rendered the page for the first time.
    const didRender = await firstRender
    clearTimeout(timer)
    this.rendered.delete(page)
    if (!didRender && !this.closed)
      this.options.reportError(new Error(`${route} did not render within ${FIRST_RENDER_TIMEOUT_MS} ms`))
    await tick()
    this.invoke(page, 'onReady', [])
    return page
  }

  private unload(page: PageInstance): void {
    this.invoke(page, 'onUnload', [])
    if (this.tabPages.get(page.route) === page) this.tabPages.delete(page.route)
  }

  async switchTab(url: string): Promise<void> {
    const { route } = this.parse(url)
    if (!this.isTab(route)) throw new Error('can not switch to no-tabBar page')
    await tick()
    const visible = this.stack.at(-1)
    if (visible?.route === route && this.stack.length === 1) return
    if (visible && this.isTab(visible.route) && visible.route !== route) this.invoke(visible, 'onHide', [])
    // Every page that is not a tab page closes; tab pages stay alive in the background.
    for (const page of [...this.stack].reverse()) if (!this.isTab(page.route)) this.unload(page)
    this.stack = []
    const alive = this.tabPages.get(route)
    if (!alive) {
      await this.open(route, {})
      return
    }
    this.stack = [alive]
    this.invoke(alive, 'onShow', [])
  }

  /** The user taps a tab bar item: the switch, then the page's onTabItemTap (also for the current tab). */
  async tapTab(route: string): Promise<void> {
    const list = this.tabs()
    const index = list.findIndex((item) => item.pagePath === route)
    if (index < 0) throw new Error(`${route} is not in the tab bar`)
    await this.switchTab(`/${route}`)
    this.invoke(this.stack.at(-1) ?? null, 'onTabItemTap', [{ index, pagePath: route, text: list[index]?.text ?? '' }])
  }

  async navigateTo(url: string): Promise<void> {
    const { route, query } = this.parse(url)
    if (this.isTab(route)) throw new Error('can not navigateTo a tabbar page')
    if (this.stack.length >= 10) throw new Error('webview count limit exceed')
    await tick()
    const visible = this.stack.at(-1)
    if (visible) this.invoke(visible, 'onHide', [])
    await this.open(route, query)
  }

  async redirectTo(url: string): Promise<void> {
    const { route, query } = this.parse(url)
    if (this.isTab(route)) throw new Error('can not redirectTo a tabbar page')
    await tick()
    const visible = this.stack.pop()
    if (visible) this.unload(visible)
    await this.open(route, query)
  }

  async navigateBack(delta: number): Promise<void> {
    if (this.stack.length <= 1) throw new Error('cannot navigate back at first page.')
    await tick()
    for (let i = 0; i < Math.max(1, delta) && this.stack.length > 1; i++) {
      const page = this.stack.pop()
      if (page) this.unload(page)
    }
    this.invoke(this.stack.at(-1) ?? null, 'onShow', [])
  }

  async reLaunch(url: string): Promise<void> {
    const { route, query } = this.parse(url)
    await tick()
    for (const page of [...this.stack].reverse()) this.unload(page)
    for (const page of [...this.tabPages.values()]) this.unload(page)
    this.stack = []
    await this.open(route, query)
  }

  /** The user leaves WeChat or the app goes to the background. */
  background(): void {
    this.invoke(this.stack.at(-1) ?? null, 'onHide', [])
    this.callApp('onHide')
  }

  /** The user comes back: App.onShow, then the visible page's onShow. */
  foreground(): void {
    this.callApp('onShow', { ...this.launch, scene: 1089 })
    this.invoke(this.stack.at(-1) ?? null, 'onShow', [])
  }

  /** Stops the launch: no lifecycle or setData reaches the app any more. */
  close(): void {
    this.closed = true
    this.options.timers.clearAll()
  }
}
