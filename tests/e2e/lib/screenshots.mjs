import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** The pictures the README shows, in its order. */
export const SCREENSHOTS = [
  'home-logged-out',
  'home-logged-in',
  'mine-logged-out',
  'mine-logged-in',
  'home-profile',
  'mine-profile',
]

/**
 * Where screenshots go: every run writes to `tests/e2e/screenshots-tmp/` (ignored by git);
 * `--update-screenshots` then copies them to `docs/screenshots/`, which is committed.
 * @param {string} root
 */
export function screenshotDirs(root) {
  return { run: join(root, 'tests', 'e2e', 'screenshots-tmp'), published: join(root, 'docs', 'screenshots') }
}

/**
 * Forgets the screenshots of earlier runs, so only this run's can be published.
 * @param {string} root
 */
export function clearScreenshots(root) {
  rmSync(screenshotDirs(root).run, { recursive: true, force: true })
}

/**
 * Captures the page as the user sees it, once no toast or loading overlay is left on screen.
 * @param {import('playwright-core').Page} page
 * @param {string} root
 * @param {string} name one of SCREENSHOTS
 */
export async function takeScreenshot(page, root, name) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.taro__toast')].every((toast) => getComputedStyle(toast).display === 'none'),
  )
  const { run } = screenshotDirs(root)
  mkdirSync(run, { recursive: true })
  await page.screenshot({ path: join(run, `${name}.png`), animations: 'disabled', caret: 'hide' })
}

/**
 * Copies this run's screenshots to `docs/screenshots/`; returns the names that were missing.
 * @param {string} root
 * @returns {string[]}
 */
export function publishScreenshots(root) {
  const { run, published } = screenshotDirs(root)
  mkdirSync(published, { recursive: true })
  const missing = []
  for (const name of SCREENSHOTS) {
    const file = join(run, `${name}.png`)
    if (existsSync(file)) copyFileSync(file, join(published, `${name}.png`))
    else missing.push(name)
  }
  return missing
}
