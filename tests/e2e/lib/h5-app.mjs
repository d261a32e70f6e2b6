/**
 * The miniauth H5 app as a user drives it: open a tab, tap what is on screen, read what is shown.
 * Taro keeps every visited tab page in the DOM and hides the others, so lookups are scoped to the
 * page on screen; otherwise a hidden 首页 could answer for the visible 我的.
 */

/** The routes of the two tab pages (the H5 router is in hash mode). */
export const ROUTES = { home: '/pages/index/index', mine: '/pages/mine/index' }
/** Tab bar labels. */
export const TABS = { home: '首页', mine: '我的' }
/** The storage key of the session (Taro H5 storage is localStorage). */
export const AUTH_STORAGE_KEY = 'miniauth:auth'
/** Texts the pages show. */
export const TEXT = {
  login: '微信登录',
  logout: '退出登录',
  refresh: '刷新',
  loggedOutHint: '登录后可查看你的个人内容',
  nickname: '微信用户',
  greeting: '你好，微信用户',
  personalBadge: '仅自己可见',
  sessionReplaced: '你的账号已在其他设备登录',
}

const STEP_TIMEOUT_MS = 10_000

export class H5App {
  /**
   * @param {import('playwright-core').Page} page
   * @param {{ webOrigin: string, apiBaseUrl: string, devUser: string }} options `devUser` picks the
   *   user the dev login code stands for (`?devUser=`), so scenarios never share a user by accident
   */
  constructor(page, { webOrigin, apiBaseUrl, devUser }) {
    this.page = page
    this.webOrigin = webOrigin
    this.apiBaseUrl = apiBaseUrl
    this.devUser = devUser
    /** @type {{ method: string, path: string, authorization: string | undefined }[]} every API request, in order */
    this.apiRequests = []
    page.on('request', (request) => {
      if (!request.url().startsWith(`${apiBaseUrl}/`) || request.method() === 'OPTIONS') return
      const path = new URL(request.url()).pathname
      this.apiRequests.push({ method: request.method(), path, authorization: request.headers().authorization })
    })
  }

  /**
   * API requests so far to `path` (e.g. `/auth/login`), CORS preflights left out.
   * @param {string} path
   */
  requestsTo(path) {
    return this.apiRequests.filter((r) => r.path === path)
  }

  /**
   * Opens a tab page by its URL, as a fresh page load.
   * @param {keyof typeof ROUTES} tab
   */
  async open(tab) {
    await this.page.goto(`${this.webOrigin}/?devUser=${encodeURIComponent(this.devUser)}#${ROUTES[tab]}`)
    await this.screen().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
  }

  /**
   * Taps a tab in the tab bar and waits for its page.
   * @param {keyof typeof TABS} tab
   */
  async switchTab(tab) {
    await this.page.locator('.taro-tabbar__tabbar').getByText(TABS[tab], { exact: true }).click()
    await this.page.waitForFunction((route) => location.hash.startsWith(`#${route}`), ROUTES[tab])
    await this.page.locator(`.taro_page[id^="${ROUTES[tab]}"]`).filter({ visible: true }).waitFor()
  }

  /** Reloads the page (F5): the app starts again from what is in storage. */
  async reload() {
    await this.page.reload()
    await this.screen().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
  }

  /** The tab page on screen. */
  screen() {
    return this.page.locator('.taro_page').filter({ visible: true })
  }

  /**
   * Something on the visible page with exactly this text.
   * @param {string} text
   */
  text(text) {
    return this.screen().getByText(text, { exact: true }).first()
  }

  /**
   * Waits until the visible page shows `text`.
   * @param {string} text
   */
  async waitForText(text) {
    await this.text(text).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
  }

  /**
   * Whether the visible page shows `text` right now.
   * @param {string} text
   */
  isShowing(text) {
    return this.text(text).isVisible()
  }

  /**
   * Taps the button labelled `label` on the visible page.
   * @param {string} label
   */
  async tap(label) {
    await this.text(label).click({ timeout: STEP_TIMEOUT_MS })
  }

  /** Taps 微信登录 on 我的 and waits until the page shows the signed-in user. */
  async loginOnMine() {
    await this.tap(TEXT.login)
    await this.waitForText(TEXT.logout)
  }

  /** Waits until 首页 has loaded the personal feed of a signed-in user. */
  async waitForPersonalFeed() {
    await this.waitForText(TEXT.greeting)
    await this.waitForText(TEXT.personalBadge)
  }

  /** Waits until 首页 shows the public feed and the hint to log in. */
  async waitForPublicFeed() {
    await this.waitForText(TEXT.loggedOutHint)
    await this.screen().locator('.feed__item').first().waitFor({ timeout: STEP_TIMEOUT_MS })
  }

  /** The feed items on the visible 首页: title and whether it is marked personal. */
  async feedItems() {
    return this.screen()
      .locator('.feed__item')
      .evaluateAll((items) =>
        items.map((item) => ({
          title: item.querySelector('.feed__title')?.textContent ?? '',
          personal: item.textContent?.includes('仅自己可见') ?? false,
        })),
      )
  }

  /** What is stored under `miniauth:auth` in localStorage, parsed (null when absent). */
  async storedAuth() {
    const raw = await this.page.evaluate((key) => localStorage.getItem(key), AUTH_STORAGE_KEY)
    return raw === null ? null : JSON.parse(raw)
  }

  /** The session token the app keeps in storage (Taro wraps values as `{ data }`; zustand adds `{ state }`). */
  async storedToken() {
    const stored = await this.storedAuth()
    let value = stored?.data
    if (typeof value === 'string') value = JSON.parse(value)
    return value?.state?.token ?? null
  }
}
