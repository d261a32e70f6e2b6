import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { it } from 'node:test'
import { H5App, TEXT } from '../lib/h5-app.mjs'

/**
 * 退出登录 while the server cannot be reached: the user is logged out at once anyway, and the token
 * is revoked on the server as soon as it answers again, so it does not stay valid unnoticed.
 * @param {() => import('../lib/environment.mjs').Environment} env
 */
export function offlineLogoutScenario(env) {
  it('logout while the server is unreachable: logged out at once, the token revoked once it is reachable', async () => {
    // The dropped logout request is logged by the browser; nothing else may be.
    const { context } = await env().newContext({
      expectedConsoleErrors: [/net::ERR_INTERNET_DISCONNECTED \(http:\/\/127\.0\.0\.1:\d+\/auth\/logout:/],
    })
    const page = await context.newPage()
    const app = new H5App(page, { ...env(), devUser: `e2e-${randomUUID().slice(0, 8)}` })
    const { apiBaseUrl } = env()
    const profileStatus = async (/** @type {string} */ token) =>
      (await fetch(`${apiBaseUrl}/profile`, { headers: { Authorization: `Bearer ${token}` } })).status

    await app.open('home')
    await app.waitForPublicFeed()
    await app.switchTab('mine')
    await app.loginOnMine()
    const token = await app.storedToken()
    assert.ok(token, 'logged in')

    // Only the logout request fails, as if the network dropped just then.
    const logoutUrl = `${apiBaseUrl}/auth/logout`
    await context.route(logoutUrl, (route) => route.abort('internetdisconnected'))
    await app.tap(TEXT.logout)
    await app.waitForText(TEXT.login)
    assert.equal(await app.storedToken(), null, 'the session is gone from storage')
    assert.equal(await profileStatus(token), 200, 'the server has not heard of the logout yet')

    // The next request that gets through (首页 reloading its feed for the new state) sends it again.
    await context.unroute(logoutUrl)
    const retried = page.waitForResponse((response) => response.url() === logoutUrl, { timeout: 10_000 })
    await app.switchTab('home')
    await app.waitForPublicFeed()
    assert.equal((await retried).status(), 204, 'the revocation was sent again and accepted')
    assert.equal(await profileStatus(token), 401, 'the server no longer accepts the token')
    await page.waitForFunction(() => localStorage.getItem('miniauth:auth') === null)
    await context.close()
  })
}
