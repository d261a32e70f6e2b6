import { startApiServer } from './api-server.mjs'
import { launchBrowser, newPhoneContext } from './browser.mjs'
import { watchConsole } from './console-watch.mjs'
import { freePort } from './free-port.mjs'
import { API_BASE_URL_PLACEHOLDER, buildH5 } from './h5-build.mjs'
import { startStaticServer } from './static-server.mjs'

/**
 * @typedef {object} Environment
 * @property {string} root the repository
 * @property {string} apiBaseUrl the reference server
 * @property {string} webOrigin the static server with the H5 app
 * @property {import('./h5-build.mjs').H5Build} build
 * @property {(options?: { expectedConsoleErrors?: RegExp[] }) => Promise<{ context: import('playwright-core').BrowserContext, external: string[] }>} newContext
 *   a fresh, empty phone-sized browser profile (closed by `stop` if the test does not); its console
 *   errors and uncaught exceptions, except the `expectedConsoleErrors`, go to `consoleProblems`
 * @property {import('./console-watch.mjs').ConsoleProblem[]} consoleProblems what every context logged
 * @property {Record<string, number>} seconds how long each part took to start
 * @property {() => Promise<void>} stop stops everything started here, in reverse order
 */

/**
 * Starts what the end-to-end run needs, all on loopback with ports the kernel picks: the reference
 * server (dev mode, memory store), the production H5 bundle pointed at it, a static server for the
 * bundle and headless Chromium. Whatever started is stopped again if a later part fails.
 * @param {{ root: string, rebuild?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<Environment>}
 */
export async function startEnvironment({ root, rebuild = false, log = () => {} }) {
  /** @type {(() => Promise<void>)[]} */
  const stops = []
  const stop = async () => {
    for (const fn of stops.splice(0).reverse()) {
      try {
        await fn()
      } catch (error) {
        console.error('e2e: could not stop a part of the environment:', error)
      }
    }
  }
  /** @type {Record<string, number>} */
  const seconds = {}
  const timed = async (/** @type {string} */ name, /** @type {() => Promise<any>} */ fn) => {
    const started = Date.now()
    const result = await fn()
    seconds[name] = (Date.now() - started) / 1000
    return result
  }

  try {
    const apiPort = await freePort()
    let webPort = await freePort()
    while (webPort === apiPort) webPort = await freePort()
    const webOrigin = `http://127.0.0.1:${webPort}`

    // The build is the slow part; the server and the browser start while it runs. The first failure
    // stops the build, so a broken server is reported at once rather than after a 30 s build.
    const giveUp = new AbortController()
    const failFast = (/** @type {Promise<any>} */ promise) =>
      promise.catch((error) => {
        giveUp.abort()
        throw error
      })
    const settled = await Promise.allSettled([
      failFast(timed('build', () => buildH5({ root, rebuild, log, signal: giveUp.signal }))),
      failFast(timed('server', () => startApiServer({ root, port: apiPort, corsOrigin: webOrigin }))),
      failFast(timed('browser', () => launchBrowser())),
    ])
    const [built, api, browser] = settled
    if (api.status === 'fulfilled') stops.push(api.value.stop)
    if (browser.status === 'fulfilled') stops.push(() => browser.value.close())
    // The first reason, not "the build was stopped" that it caused.
    const failure = settled.find((r) => r.status === 'rejected' && !/build was stopped/.test(String(r.reason)))
    if (failure || built.status !== 'fulfilled' || api.status !== 'fulfilled' || browser.status !== 'fulfilled') {
      throw failure?.status === 'rejected' ? failure.reason : new Error('the environment did not start')
    }

    const web = await startStaticServer({
      dir: built.value.dir,
      port: webPort,
      replace: { [API_BASE_URL_PLACEHOLDER]: api.value.baseUrl },
    })
    stops.push(web.stop)

    /** @type {import('./console-watch.mjs').ConsoleProblem[]} */
    const consoleProblems = []
    return {
      root,
      apiBaseUrl: api.value.baseUrl,
      webOrigin: web.origin,
      build: built.value,
      newContext: async ({ expectedConsoleErrors = [] } = {}) => {
        const made = await newPhoneContext(browser.value)
        watchConsole(made.context, { expected: expectedConsoleErrors, into: consoleProblems })
        stops.push(() => made.context.close())
        return made
      },
      consoleProblems,
      seconds,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
