import assert from 'node:assert/strict'
import { it } from 'node:test'
import { H5App, TEXT } from '../lib/h5-app.mjs'

/** The login prompt's confirm button (Taro's H5 showModal), not 我的's own 微信登录. */
const PROMPT_CONFIRM = '.taro-modal__foot >> text=微信登录'

/**
 * Login on demand in the browser: a visitor on 我的 taps 账号与安全, a page that needs an account; the
 * app asks to log in, logs in, then opens the page they asked for.
 * @param {() => import('../lib/environment.mjs').Environment} env
 */
export function loginOnDemandScenario(env) {
  it('a page behind a login: 账号与安全 asks to log in, then opens after the login', async () => {
    const { context } = await env().newContext()
    const page = await context.newPage()
    const app = new H5App(page, { ...env(), devUser: 'e2e-on-demand' })

    await app.open('mine')
    await app.waitForText(TEXT.login)
    await app.tap('账号与安全')
    await page.locator('.taro-modal__content').getByText('登录后才能继续').waitFor({ state: 'visible' })
    await page.locator(PROMPT_CONFIRM).click()
    await page.waitForFunction(() => location.hash.startsWith('#/pages/account/index'))
    await page.getByText('用户 ID', { exact: true }).first().waitFor({ state: 'visible' })
    assert.equal(app.requestsTo('/auth/login').length, 1, 'one login, after the user agreed')
    assert.ok(await app.storedToken(), 'the session is stored')
    await context.close()
  })
}
