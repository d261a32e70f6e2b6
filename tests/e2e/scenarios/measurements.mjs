import assert from 'node:assert/strict'
import { it } from 'node:test'
import { bundleSize, kb } from '../lib/bundle-size.mjs'
import { H5App, TEXT } from '../lib/h5-app.mjs'
import { installProbe, readProbe } from '../lib/page-probe.mjs'
import { median, note } from '../lib/summary.mjs'

/** How many reloads the start-up time is the median of. */
const RELOADS = 5

/**
 * Figures, not thresholds: timings on a shared CI machine vary too much to fail a build on, so they
 * are printed for people to compare.
 * @param {() => import('../lib/environment.mjs').Environment} env
 */
export function measurementScenarios(env) {
  it(`start-up with a stored session: navigation to the logged-in 首页 (median of ${RELOADS} reloads)`, async (t) => {
    const { context } = await env().newContext()
    await installProbe(context, [TEXT.loggedOutHint, TEXT.greeting, TEXT.personalBadge])
    const page = await context.newPage()
    const app = new H5App(page, { ...env(), devUser: 'e2e-timing' })
    await app.open('mine')
    await app.loginOnMine()
    await app.switchTab('home')
    await app.waitForPersonalFeed()

    const greeting = []
    const feed = []
    for (let i = 0; i < RELOADS; i++) {
      await app.reload()
      await app.waitForPersonalFeed()
      // The probe stamps the frame after the text appears; give that frame a moment to run.
      await page.waitForFunction(
        (badge) => /** @type {any} */ (window.__e2eProbe?.firstSeen[badge] ?? -1) > 0,
        TEXT.personalBadge,
      )
      const { firstSeen } = await readProbe(page)
      assert.equal(firstSeen[TEXT.loggedOutHint], undefined, 'the logged-out state never showed')
      greeting.push(/** @type {number} */ (firstSeen[TEXT.greeting]))
      feed.push(/** @type {number} */ (firstSeen[TEXT.personalBadge]))
    }
    assert.equal(app.requestsTo('/auth/login').length, 1, 'the reloads did not log in again')
    const ms = (/** @type {number[]} */ values) => `${median(values).toFixed(0)} ms`
    const all = (/** @type {number[]} */ values) => values.map((v) => v.toFixed(0)).join(', ')
    note(t, `H5 start-up, stored session, warm HTTP cache (median of ${RELOADS} reloads, ms since navigation):`)
    note(t, `  greeting 你好，微信用户 on screen  ${ms(greeting)}  (${all(greeting)})`)
    note(t, `  personal feed on screen         ${ms(feed)}  (${all(feed)})`)
    await context.close()
  })

  it('H5 bundle size (all JS of the production build)', (t) => {
    const js = bundleSize(env().build.dir, '.js')
    const css = bundleSize(env().build.dir, '.css')
    assert.ok(js.files > 0 && js.raw > 0, 'the build has JavaScript')
    note(
      t,
      `H5 bundle: JS ${kb(js.raw)} raw, ${kb(js.gzip)} gzip in ${js.files} files; CSS ${kb(css.raw)} raw, ${kb(css.gzip)} gzip`,
    )
    for (const file of js.largest)
      note(t, `  ${file.file.padEnd(24)} ${kb(file.raw).padStart(9)} raw ${kb(file.gzip).padStart(9)} gzip`)
  })
}
