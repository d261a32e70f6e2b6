import { createHash } from 'node:crypto'
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { startChild } from './child-process.mjs'

/**
 * What the bundle is built with instead of the API server's address. The port is only known at run
 * time, so the static server swaps this for the real base URL as it serves the JS; one build can then
 * serve any port, and an unchanged app is not rebuilt on the next run.
 */
export const API_BASE_URL_PLACEHOLDER = 'http://miniauth-e2e-api-base-url.invalid'

/** What goes into the bundle; a change to any of these means a new build. */
const INPUTS = [
  'src',
  'sdk',
  'config',
  'types',
  'babel.config.js',
  'tsconfig.json',
  'package-lock.json',
  'project.config.json',
  '.env',
  '.env.local',
  '.env.production',
  '.env.production.local',
]

/** The variables the bundle is compiled with (the dev login code provider, and where the API is). */
const BUILD_ENV = {
  NODE_ENV: 'production',
  TARO_APP_DEV_LOGIN: 'true',
  TARO_APP_API_BASE_URL: API_BASE_URL_PLACEHOLDER,
  // A test build: the production guard against non-HTTPS API addresses does not apply.
  MINIAUTH_LOCAL_BUILD: '1',
}

/**
 * @typedef {object} H5Build
 * @property {string} dir the built app (index.html, js/, css/)
 * @property {boolean} reused whether an earlier build of the same inputs was reused
 * @property {number} seconds how long building took (0 when reused)
 */

/**
 * The production H5 bundle with the dev login compiled in, built once per set of inputs and kept under
 * `node_modules/.cache/miniauth-e2e/`. Taro always writes to `dist/h5`, which anyone may rebuild at
 * any time, so the result is copied away at once and checked to be this build.
 * @param {{ root: string, rebuild?: boolean, log?: (line: string) => void, signal?: AbortSignal }} options
 *   `signal` stops the build (the run gives up when another part of it failed to start)
 * @returns {Promise<H5Build>}
 */
export async function buildH5({ root, rebuild = false, log = () => {}, signal }) {
  const key = inputsHash(root)
  const cacheRoot = join(root, 'node_modules', '.cache', 'miniauth-e2e')
  const dir = join(cacheRoot, `h5-${key}`)
  if (!rebuild && existsSync(join(dir, 'index.html'))) return { dir, reused: true, seconds: 0 }

  log(`building the H5 bundle (taro build --type h5, production, dev login, inputs ${key})`)
  const started = Date.now()
  const taro = join(root, 'node_modules', '@tarojs', 'cli', 'bin', 'taro')
  const child = startChild(process.execPath, [taro, 'build', '--type', 'h5'], {
    cwd: root,
    env: { ...process.env, ...BUILD_ENV, FORCE_COLOR: '0' },
  })
  const abort = () => void child.stop()
  signal?.addEventListener('abort', abort, { once: true })
  const code = await child.exited
  signal?.removeEventListener('abort', abort)
  if (signal?.aborted) throw new Error('the build was stopped')
  const output = join(root, 'dist', 'h5')
  if (code !== 0 || !existsSync(join(output, 'index.html'))) {
    throw new Error(
      `taro build --type h5 failed (exit code ${code})\n--- build output ---\n${buildErrors(child.output())}`,
    )
  }

  // Copy first, then check the copy: a concurrent build into dist/h5 cannot change it any more.
  rmSync(cacheRoot, { recursive: true, force: true })
  const staging = `${dir}.partial`
  cpSync(output, staging, { recursive: true })
  try {
    checkBuild(staging)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
  renameSync(staging, dir)
  return { dir, reused: false, seconds: (Date.now() - started) / 1000 }
}

/**
 * Fails unless the build in `dir` is this run's and has its variables compiled in.
 * @param {string} dir
 */
function checkBuild(dir) {
  const js = listFiles(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(file, 'utf8'))
  if (!js.some((code) => code.includes(API_BASE_URL_PLACEHOLDER))) {
    throw new Error(
      'dist/h5 does not contain this build (the API base URL placeholder is missing): ' +
        'another build wrote there at the same time, or TARO_APP_API_BASE_URL no longer reaches the app',
    )
  }
  // Taro defines only the TARO_APP_ variables named in a .env file; any other is left as a
  // `process.env` lookup, which throws in the browser before the app renders anything.
  const leftOver = new Set(js.flatMap((code) => [...code.matchAll(/process\.env\.(TARO_APP_\w+)/g)].map((m) => m[1])))
  if (leftOver.size > 0) {
    throw new Error(
      `the H5 bundle still reads ${[...leftOver].map((name) => `process.env.${name}`).join(', ')} at run time ` +
        '("process is not defined" in the browser): Taro compiles in only the TARO_APP_ variables that a .env file ' +
        'names, so each needs a default in .env (or config env/defineConstants) for the build variable to reach the app',
    )
  }
}

/**
 * The part of Taro's output that says what went wrong, without the progress bar's redraws.
 * @param {string} output
 */
function buildErrors(output) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are what is removed.
  const lines = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split(/\r?\n/)
  const first = lines.findIndex((line) => /✖|\bError\b|ERROR/.test(line))
  const relevant = first >= 0 ? lines.slice(first) : lines.slice(-60)
  return relevant
    .filter((line) => line.trim() !== '')
    .join('\n')
    .slice(0, 8000)
}

/**
 * A short hash of every input file's path and contents, and of the build variables.
 * @param {string} root
 */
function inputsHash(root) {
  const hash = createHash('sha256')
  hash.update(JSON.stringify(BUILD_ENV))
  for (const input of INPUTS) {
    const path = join(root, input)
    if (!existsSync(path)) continue
    for (const file of listFiles(path)) {
      // Tests sit beside the code but never reach the bundle.
      if (/\.test\.[jt]sx?$/.test(file)) continue
      hash.update(relative(root, file))
      hash.update('\0')
      hash.update(readFileSync(file))
      hash.update('\0')
    }
  }
  return hash.digest('hex').slice(0, 16)
}

/**
 * Every file under `path` (or `path` itself), in a stable order.
 * @param {string} path
 * @returns {string[]}
 */
export function listFiles(path) {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => listFiles(join(path, entry.name)))
}
