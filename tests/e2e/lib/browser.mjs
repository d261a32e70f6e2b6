import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

/** Debian's Chromium; the run never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Phone-sized, like the screenshots in the README: an iPhone SE class screen at 2x. */
export const PHONE = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }

/**
 * Launches headless Chromium. Contexts made from it start with an empty profile (no storage, no cache).
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install Debian's browser and CJK fonts with\n` +
        '  apt-get install -y chromium fonts-noto-cjk\n' +
        '(or point CHROMIUM_PATH at a Chromium binary).',
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/**
 * A fresh phone-sized context whose requests never leave loopback: anything else (an avatar on a CDN,
 * say) is answered here, so the run needs no network and screenshots do not depend on one.
 * @param {import('playwright-core').Browser} browser
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, external: string[] }>}
 */
export async function newPhoneContext(browser) {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  /** @type {string[]} */
  const external = []
  await context.route(
    (url) => url.hostname !== '127.0.0.1' && url.protocol !== 'data:' && url.protocol !== 'blob:',
    async (route) => {
      const request = route.request()
      external.push(request.url())
      if (request.resourceType() === 'image') {
        await route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PLACEHOLDER_AVATAR })
      } else {
        await route.abort('internetdisconnected')
      }
    },
  )
  return { context, external }
}

/** Stands in for avatar images hosted elsewhere: a grey head and shoulders, like WeChat's default avatar. */
const PLACEHOLDER_AVATAR = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" fill="#dcdfe6"/>
<circle cx="50" cy="38" r="18" fill="#fff"/>
<path d="M16 100c0-22 15-34 34-34s34 12 34 34z" fill="#fff"/>
</svg>`
