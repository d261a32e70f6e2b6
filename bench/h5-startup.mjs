// H5 start-up to the logged-in 首页 in headless Chromium, against the logged-out 首页 in the same run.
// Reuses the end-to-end environment (cached production H5 build, reference server, static server,
// Chromium, all on loopback) and its page probe; prints one JSON object.
//   node bench/h5-startup.mjs
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEnvironment } from '../tests/e2e/lib/environment.mjs'
import { H5App, TEXT } from '../tests/e2e/lib/h5-app.mjs'
import { installProbe, readProbe } from '../tests/e2e/lib/page-probe.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** How many reloads each figure is the median of. */
const RELOADS = 5
/** The first public feed item: on screen once the feed has loaded, logged in or not. */
const PUBLIC_TITLE = '欢迎使用 miniauth'
const WATCHED = [TEXT.loggedOutHint, TEXT.greeting, TEXT.personalBadge, PUBLIC_TITLE]
// The whole measurement is a few page loads; anything slower than this is stuck.
const DEADLINE_MS = 240_000

/**
 * One page kept at one session state: reloading it times when each text first reached the screen.
 * @param {import('playwright-core').Page} page
 * @param {H5App} app
 * @param {string[]} texts the texts to time; the last one marks the page as ready
 * @param {string} never a text that must not show (the other session state)
 */
function reloader(page, app, texts, never) {
  /** @type {Record<string, number[]>} */
  const times = Object.fromEntries(texts.map((text) => [text, []]))
  const last = texts[texts.length - 1]
  return {
    times,
    async reload() {
      await app.reload()
      // The probe stamps the frame after the text appears; wait for that frame.
      await page.waitForFunction((text) => (window.__e2eProbe?.firstSeen[text] ?? -1) > 0, last, { timeout: 10_000 })
      const { firstSeen } = await readProbe(page)
      if (firstSeen[never] !== undefined) throw new Error(`"${never}" showed during start-up`)
      for (const text of texts) times[text]?.push(firstSeen[text] ?? Number.NaN)
    },
  }
}

async function measure() {
  const env = await startEnvironment({ root, log: (line) => console.error(`h5: ${line}`) })
  try {
    // Logged in: log in once, then every reload starts from the stored session.
    const signedIn = await env.newContext()
    await installProbe(signedIn.context, WATCHED)
    const page = await signedIn.context.newPage()
    const app = new H5App(page, { ...env, devUser: 'bench-h5' })
    await app.open('mine')
    await app.loginOnMine()
    await app.switchTab('home')
    await app.waitForPersonalFeed()
    const loggedIn = reloader(page, app, [TEXT.greeting, TEXT.personalBadge], TEXT.loggedOutHint)

    // Logged out, the baseline: the same page and the same one /feed request, without a session.
    const visitor = await env.newContext()
    await installProbe(visitor.context, WATCHED)
    const visitorPage = await visitor.context.newPage()
    const visitorApp = new H5App(visitorPage, { ...env, devUser: 'bench-h5-visitor' })
    await visitorApp.open('home')
    await visitorApp.waitForPublicFeed()
    const loggedOut = reloader(visitorPage, visitorApp, [TEXT.loggedOutHint, PUBLIC_TITLE], TEXT.greeting)

    // Alternating reloads, so a busy moment on the machine slows both sides alike.
    for (let i = 0; i < RELOADS; i++) {
      await loggedIn.reload()
      await loggedOut.reload()
    }
    if (app.requestsTo('/auth/login').length !== 1) throw new Error('a reload logged in again')

    return {
      reloads: RELOADS,
      build: { reused: env.build.reused, seconds: env.build.seconds },
      loggedIn: { greeting: loggedIn.times[TEXT.greeting], feed: loggedIn.times[TEXT.personalBadge] },
      loggedOut: { hint: loggedOut.times[TEXT.loggedOutHint], feed: loggedOut.times[PUBLIC_TITLE] },
    }
  } finally {
    await env.stop()
  }
}

const deadline = setTimeout(() => {
  console.error(`h5 start-up: no result after ${DEADLINE_MS / 1000} s`)
  process.exit(1)
}, DEADLINE_MS)
try {
  console.log(JSON.stringify(await measure()))
} catch (error) {
  console.error('h5 start-up failed:', error)
  process.exitCode = 1
} finally {
  clearTimeout(deadline)
}
