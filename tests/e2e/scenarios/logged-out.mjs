import assert from 'node:assert/strict'
import { it } from 'node:test'
import { H5App, TEXT } from '../lib/h5-app.mjs'
import { takeScreenshot } from '../lib/screenshots.mjs'

/** #07c160 as getComputedStyle reports it. */
const WECHAT_GREEN = 'rgb(7, 193, 96)'

/**
 * A first visit, nobody signed in: both tabs show their logged-out state, the feed is public and the
 * app sends no token and stores nothing.
 * @param {() => import('../lib/environment.mjs').Environment} env
 */
export function loggedOutScenario(env) {
  it('logged out: 首页 shows the public feed and the hint, 我的 shows 微信登录', async () => {
    const { context, external } = await env().newContext()
    const page = await context.newPage()
    const app = new H5App(page, { ...env(), devUser: 'e2e-visitor' })

    await app.open('home')
    await app.waitForPublicFeed()
    const items = await app.feedItems()
    assert.ok(items.length > 0, 'the public feed has items')
    assert.deepEqual(
      items.filter((item) => item.personal),
      [],
      'no personal item is shown to a visitor',
    )
    assert.equal(await app.isShowing(TEXT.greeting), false)
    await takeScreenshot(page, env().root, 'home-logged-out')

    await app.switchTab('mine')
    await app.waitForText(TEXT.login)
    assert.equal(await app.isShowing(TEXT.logout), false)
    await app.waitForText('开发模式：以 e2e-visitor 的身份登录')
    await takeScreenshot(page, env().root, 'mine-logged-out')

    const feedRequests = app.requestsTo('/feed')
    assert.ok(feedRequests.length > 0, '首页 asked the server for the feed')
    assert.deepEqual(
      app.apiRequests.filter((r) => r.authorization !== undefined),
      [],
      'a visitor sends no Authorization header',
    )
    assert.equal(await app.storedAuth(), null, 'nothing is stored under miniauth:auth')
    assert.deepEqual(external, [], 'the app asked for nothing outside loopback')
    await context.close()
  })
}

/**
 * Taro's H5 button is styled by `[disabled]`, and React renders `disabled={false}` as the attribute
 * `disabled="false"`: an enabled button then looks disabled (faded text; white on grey for 刷新).
 * @param {() => import('../lib/environment.mjs').Environment} env
 */
export function enabledButtonsScenario(env) {
  it('enabled buttons (微信登录, 刷新) do not look disabled, and the greens are WeChat’s', async () => {
    const { context } = await env().newContext()
    const page = await context.newPage()
    const app = new H5App(page, { ...env(), devUser: 'e2e-visitor' })
    const looks = (/** @type {string} */ label) =>
      app.text(label).evaluate((element) => {
        const button = element.closest('taro-button-core') ?? element
        const style = getComputedStyle(button)
        return { disabled: button.getAttribute('disabled'), color: style.color, background: style.backgroundColor }
      })
    try {
      await app.open('home')
      await app.waitForPublicFeed()
      const refresh = await looks(TEXT.refresh)
      await app.switchTab('mine')
      const login = await looks(TEXT.login)
      for (const [label, seen] of [
        [TEXT.refresh, refresh],
        [TEXT.login, login],
      ]) {
        assert.doesNotMatch(
          seen.color,
          /^rgba\(.*, 0?\.\d+\)$/,
          `${label} is drawn with translucent text (${seen.color}, disabled="${seen.disabled}")`,
        )
      }
      // One green, WeChat's #07c160, for the primary button and the selected tab.
      assert.equal(login.background, WECHAT_GREEN, `微信登录 is WeChat green (${login.background})`)
      const selectedTab = await page
        .locator('.taro-tabbar__tabbar')
        .getByText('我的', { exact: true })
        .evaluate((element) => getComputedStyle(element).color)
      assert.equal(selectedTab, WECHAT_GREEN, `the selected tab is WeChat green (${selectedTab})`)
    } finally {
      await context.close()
    }
  })
}
