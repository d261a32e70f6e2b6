// The H5 end-to-end run: the production H5 bundle in headless Chromium against the reference server.
//   node tests/e2e/run.mjs                       run the scenarios
//   node tests/e2e/run.mjs --update-screenshots  also copy the screenshots to docs/screenshots/
//   node tests/e2e/run.mjs --rebuild             build the bundle even if an identical build is cached

import assert from 'node:assert/strict'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { describeProblems } from './lib/console-watch.mjs'
import { startEnvironment } from './lib/environment.mjs'
import { clearScreenshots, publishScreenshots } from './lib/screenshots.mjs'
import { note, printSummary } from './lib/summary.mjs'
import { enabledButtonsScenario, loggedOutScenario } from './scenarios/logged-out.mjs'
import { loginOnDemandScenario } from './scenarios/login-on-demand.mjs'
import { measurementScenarios } from './scenarios/measurements.mjs'
import { offlineLogoutScenario } from './scenarios/offline-logout.mjs'
import { profileScenario } from './scenarios/profile.mjs'
import { sessionLifecycleScenario } from './scenarios/session-lifecycle.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { values: flags } = parseArgs({
  options: { 'update-screenshots': { type: 'boolean' }, rebuild: { type: 'boolean' } },
})

/** @type {import('./lib/environment.mjs').Environment | undefined} */
let environment
/** Why the environment did not start, if it did not. */
let startFailure = ''

/**
 * The running environment; scenarios call this inside their tests, after `before` has started it.
 * A start-up failure fails every test (rather than failing the hook, which node:test reports as
 * cancelled tests and `fail 0`), so no summary can read as a pass.
 */
function env() {
  if (!environment) throw new Error(`the end-to-end environment did not start: ${startFailure}`)
  return environment
}

describe('miniauth H5 end to end', { timeout: 300_000 }, () => {
  before(
    async () => {
      clearScreenshots(root)
      try {
        environment = await startEnvironment({
          root,
          rebuild: flags.rebuild,
          log: (line) => console.log(`e2e: ${line}`),
        })
      } catch (error) {
        // The reason without the attached build or server output (printed in full just below).
        const message = error instanceof Error ? error.message : String(error)
        startFailure = (message.split('\n--- ')[0] ?? '').replace(/\s*\n\s*/g, ' ')
        console.error('e2e: the environment did not start:', error)
        return
      }
      const { seconds, build } = environment
      note(
        undefined,
        `start-up: build ${build.reused ? 'reused (inputs unchanged)' : `${seconds.build?.toFixed(1)} s`}, ` +
          `server ${seconds.server?.toFixed(1)} s, browser ${seconds.browser?.toFixed(1)} s`,
      )
    },
    { timeout: 240_000 },
  )

  after(async () => {
    await environment?.stop()
    printSummary()
    if (flags['update-screenshots']) {
      const missing = publishScreenshots(root)
      if (missing.length > 0) {
        console.error(`e2e: screenshots not taken, not updated: ${missing.join(', ')}`)
        process.exitCode = 1
      } else console.log('e2e: docs/screenshots/ updated')
    }
  })

  loggedOutScenario(env)
  enabledButtonsScenario(env)
  sessionLifecycleScenario(env)
  offlineLogoutScenario(env)
  profileScenario(env)
  loginOnDemandScenario(env)
  measurementScenarios(env)

  // Last, so it sees every page every scenario opened.
  it('no page logged a console error or threw an uncaught exception', () => {
    const problems = env().consoleProblems
    assert.equal(problems.length, 0, `console errors and uncaught exceptions:\n${describeProblems(problems)}`)
  })
})
