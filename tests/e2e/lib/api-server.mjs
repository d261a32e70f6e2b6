import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startChild } from './child-process.mjs'

const require = createRequire(import.meta.url)

/**
 * @typedef {object} ApiServer
 * @property {string} baseUrl e.g. `http://127.0.0.1:41234`
 * @property {() => string} output what the server logged so far
 * @property {() => Promise<void>} stop
 */

/**
 * Starts the reference server (`server/main.ts`) the way `npm run server` does, in dev mode with the
 * default SQLite store in a folder of its own, removed on stop: every variable that would select WeChat,
 * Alipay, Douyin or Redis is removed from its environment, so a developer's shell cannot turn the test run
 * into one against real services, and the run never touches the checkout's own `.data/`.
 * @param {{ root: string, port: number, corsOrigin: string }} options
 * @returns {Promise<ApiServer>}
 */
export async function startApiServer({ root, port, corsOrigin }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'miniauth-e2e-data-'))
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', CORS_ORIGIN: corsOrigin, NODE_ENV: 'test' }
  for (const name of Object.keys(env)) {
    if (/^(REDIS_|WECHAT_|WX_|ALIPAY_|DOUYIN_|SQLITE_)/.test(name)) delete env[name]
  }
  env.DATA_DIR = dataDir
  const stop = async () => {
    await child.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const tsx = require.resolve('tsx/cli', { paths: [root] })
  const child = startChild(process.execPath, [tsx, 'server/main.ts'], { cwd: root, env })
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(baseUrl, child.exited, 30_000)
  } catch (error) {
    await stop()
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`the reference server did not start: ${reason}\n--- server output ---\n${child.output()}`)
  }
  return { baseUrl, output: child.output, stop }
}

/**
 * Polls `GET /health` until it answers 200, the process exits, or the time is up.
 * @param {string} baseUrl
 * @param {Promise<number | null>} exited
 * @param {number} timeoutMs
 */
async function waitForHealth(baseUrl, exited, timeoutMs) {
  let exitCode
  void exited.then((code) => {
    exitCode = code
  })
  const deadline = Date.now() + timeoutMs
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`it exited with code ${exitCode}`)
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1000) })
      if (response.ok) return
      last = `GET /health answered ${response.status}`
    } catch (error) {
      last = error instanceof Error ? error.message : String(error)
    }
    await sleep(100)
  }
  throw new Error(`no healthy answer within ${timeoutMs / 1000} s (${last})`)
}
