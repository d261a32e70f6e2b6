import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { H5App, TEXT } from '../lib/h5-app.mjs'
import { installProbe, readProbe } from '../lib/page-probe.mjs'
import { takeScreenshot } from '../lib/screenshots.mjs'

/**
 * One user's session from login to logout, in order: each step starts where the previous one left
 * the app, so after a failed step the rest are skipped rather than failing for the same reason.
 * @param {() => import('../lib/environment.mjs').Environment} env
 */
export function sessionLifecycleScenario(env) {
  describe('session lifecycle: login, reload, single sign-on, login again, logout', () => {
    // One WeChat user for this scenario only: the server's single sign-on is per user.
    const devUser = `e2e-${randomUUID().slice(0, 8)}`
    /** @type {{ app: H5App, context: import('playwright-core').BrowserContext, external: string[] } | undefined} */
    let first
    let broken = false

    /**
     * @param {string} name
     * @param {(t: import('node:test').TestContext) => Promise<void>} fn
     */
    const step = (name, fn) =>
      it(name, async (t) => {
        if (broken) return t.skip('an earlier step failed')
        try {
          await fn(t)
        } catch (error) {
          broken = true
          throw error
        }
      })

    /** The first device: a phone-sized browser with an empty profile. */
    const openDevice = async () => {
      // A replaced session answers 401 on purpose here; the browser logs each such response.
      const { context, external } = await env().newContext({
        expectedConsoleErrors: [/status of 401 \(Unauthorized\) \(http:\/\/127\.0\.0\.1:\d+\/(feed|profile):/],
      })
      await installProbe(context, [TEXT.loggedOutHint, TEXT.greeting, TEXT.personalBadge])
      const page = await context.newPage()
      return { app: new H5App(page, { ...env(), devUser }), context, external }
    }

    after(() => first?.context.close())

    step('logs in with 微信登录 on 我的', async () => {
      first = await openDevice()
      const { app } = first
      await app.open('mine')
      await app.waitForText(TEXT.login)
      await app.loginOnMine()
      await app.waitForText(TEXT.nickname)
      assert.equal(app.requestsTo('/auth/login').length, 1, 'one POST /auth/login')
      const overlays = (await readProbe(app.page)).toasts.map((toast) => toast.text)
      assert.ok(overlays.includes('登录中'), `登录中 was shown while logging in (shown: ${overlays.join(', ')})`)
      assert.ok(await app.storedToken(), 'the session is stored under miniauth:auth')
      await takeScreenshot(app.page, env().root, 'mine-logged-in')
    })

    step('首页 greets the user and shows the personal feed', async () => {
      const { app } = need(first)
      await app.switchTab('home')
      await app.waitForPersonalFeed()
      const items = await app.feedItems()
      assert.ok(
        items.some((item) => !item.personal),
        'public items are still there',
      )
      assert.equal(await app.isShowing(TEXT.loggedOutHint), false)
      const token = await app.storedToken()
      const feedWithToken = app.requestsTo('/feed').filter((r) => r.authorization === `Bearer ${token}`)
      assert.ok(feedWithToken.length > 0, 'GET /feed carries the session token')
      await takeScreenshot(app.page, env().root, 'home-logged-in')
    })

    step('a reload keeps the session without logging in again, and never shows the logged-out state', async () => {
      const { app } = need(first)
      const loginsBefore = app.requestsTo('/auth/login').length
      await app.reload()
      await app.waitForPersonalFeed()
      await app.switchTab('mine')
      await app.waitForText(TEXT.logout)
      assert.equal(app.requestsTo('/auth/login').length, loginsBefore, 'no POST /auth/login after the reload')
      const probe = await readProbe(app.page)
      assert.equal(probe.firstSeen[TEXT.loggedOutHint], undefined, 'the logged-out hint never flashed')
      await app.switchTab('home')
    })

    step('a login of the same user on another device ends this session, with one toast', async () => {
      const { app } = need(first)
      const staleToken = await app.storedToken()

      // The second device: its own empty profile, the same WeChat user.
      const second = await openDevice()
      await second.app.open('mine')
      await second.app.loginOnMine()
      await second.app.switchTab('home')
      await second.app.waitForPersonalFeed()
      await second.context.close()

      // The first device learns at its next request.
      await app.tap(TEXT.refresh)
      await app.page.getByText(TEXT.sessionReplaced, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 })
      await app.waitForPublicFeed()
      assert.deepEqual(
        (await app.feedItems()).filter((item) => item.personal),
        [],
        'no personal item is left on 首页',
      )
      assert.equal(await app.isShowing(TEXT.greeting), false)
      assert.equal(await app.storedAuth(), null, 'miniauth:auth is gone from localStorage')

      // Moving around afterwards must not repeat the message: the session is already cleared.
      await app.switchTab('mine')
      await app.waitForText(TEXT.login)
      await app.switchTab('home')
      await app.tap(TEXT.refresh)
      await app.waitForPublicFeed()
      await sleep(300)
      const toasts = (await readProbe(app.page)).toasts.filter((toast) => toast.text === TEXT.sessionReplaced)
      assert.equal(toasts.length, 1, `the replaced-session toast is shown once (shown ${toasts.length} times)`)

      const stale = await fetch(`${env().apiBaseUrl}/profile`, { headers: { Authorization: `Bearer ${staleToken}` } })
      assert.equal(stale.status, 401, 'the server no longer accepts the replaced token')
    })

    step('logs in again', async () => {
      const { app } = need(first)
      await app.switchTab('mine')
      await app.loginOnMine()
      await app.switchTab('home')
      await app.waitForPersonalFeed()
    })

    step('logs out with 退出登录: public feed, and nothing left in storage or on the server', async () => {
      const { app, external } = need(first)
      const token = await app.storedToken()
      assert.ok(token, 'logged in before logging out')
      const expiredToasts = async () =>
        (await readProbe(app.page)).toasts.filter((toast) => toast.text === TEXT.sessionReplaced).length
      const expiredToastsBefore = await expiredToasts()
      await app.switchTab('mine')
      const logoutResponse = app.page.waitForResponse(
        (response) => response.url() === `${env().apiBaseUrl}/auth/logout` && response.request().method() === 'POST',
      )
      await app.tap(TEXT.logout)
      assert.equal((await logoutResponse).status(), 204, 'POST /auth/logout answered 204')
      await app.waitForText(TEXT.login)
      assert.equal(await app.isShowing(TEXT.nickname), false)
      const overlays = (await readProbe(app.page)).toasts.map((toast) => toast.text)
      assert.ok(
        overlays.includes('退出登录中'),
        `退出登录中 was shown while logging out (shown: ${overlays.join(', ')})`,
      )

      await app.switchTab('home')
      await app.waitForPublicFeed()
      assert.deepEqual(
        (await app.feedItems()).filter((item) => item.personal),
        [],
        'no personal item is left on 首页',
      )
      assert.equal(await app.storedAuth(), null, 'miniauth:auth is gone from localStorage')

      const revoked = await fetch(`${env().apiBaseUrl}/profile`, { headers: { Authorization: `Bearer ${token}` } })
      assert.equal(revoked.status, 401, 'the server no longer accepts the token')
      assert.equal(await expiredToasts(), expiredToastsBefore, 'logging out is not reported as a lost session')
      assert.ok(
        external.every((url) => /\.(png|jpe?g|gif|webp|svg)(\?|$)/i.test(url)),
        `nothing but images was asked for outside loopback: ${external.join(', ')}`,
      )
    })
  })
}

/**
 * @template T
 * @param {T | undefined} value
 * @returns {T}
 */
function need(value) {
  if (value === undefined) throw new Error('the first step did not run')
  return value
}
