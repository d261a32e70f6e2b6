// Makes sure dist/<platform> (weapp, alipay or tt) is a production build of the current sources: reuses
// a build newer than every input, otherwise runs `taro build --type <platform>`. Test files in several jest
// workers may ask at once, so one build runs at a time behind a lock file and the others wait and reuse it.
import { spawn } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'

/** The repository root (where package.json and dist/ are). */
export const PROJECT_DIR = path.resolve(__dirname, '../..')

/** Written next to the output after a build made here: which sources it saw. */
const MARKER = '.weapp-build.json'
const INPUT_DIRS = ['src', 'sdk', 'config']
// Each platform's project config is an input of every build: Taro copies the one of the platform it builds.
const INPUT_FILES = [
  'package.json',
  'babel.config.js',
  'project.config.json',
  'project.tt.json',
  'project.alipay.json',
  'tsconfig.json',
]

/** The mini program platforms Taro builds here: WeChat, Alipay and Douyin. */
export type MiniPlatform = 'weapp' | 'alipay' | 'tt'
/** Tests sit beside the code but never reach the bundle. */
const NOT_AN_INPUT = /\.test\.[jt]sx?$|__tests__/

/** The newest modification time among the build's inputs. */
export function newestInput(projectDir = PROJECT_DIR): number {
  let newest = 0
  const visit = (file: string) => {
    const stat = statSync(file, { throwIfNoEntry: false })
    if (!stat) return
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) if (entry !== 'node_modules') visit(path.join(file, entry))
    } else if (!NOT_AN_INPUT.test(file)) {
      newest = Math.max(newest, stat.mtimeMs)
    }
  }
  for (const dir of INPUT_DIRS) visit(path.join(projectDir, dir))
  for (const file of INPUT_FILES) visit(path.join(projectDir, file))
  for (const entry of readdirSync(projectDir)) if (entry.startsWith('.env')) visit(path.join(projectDir, entry))
  return newest
}

/** A build with other compiled-in settings, in its own folder (`dist/weapp-<name>`), e.g. a build-time option on. */
export interface BuildVariant {
  /** Names the output folder, lock and log. */
  name: string
  /** TARO_APP_ variables that override `.env.production`. */
  env: Record<string, string>
}

/** The output folder, relative to the project, of a platform's default build or of `variant`. */
function outputRootOf(variant?: BuildVariant, platform: MiniPlatform = 'weapp'): string {
  return variant ? `dist/${platform}-${variant.name}` : `dist/${platform}`
}

/** Lock, log and failure files of a platform's build are named after it (weapp keeps its historical names). */
function buildFileStem(platform: MiniPlatform, variant?: BuildVariant): string {
  return `dist/.${platform}-build${variant ? `-${variant.name}` : ''}`
}

/** Whether dist/<platform> (or a variant's folder) is a production build started after the last change to any input. */
export function isBuildFresh(
  projectDir = PROJECT_DIR,
  variant?: BuildVariant,
  platform: MiniPlatform = 'weapp',
): boolean {
  const distDir = path.join(projectDir, outputRootOf(variant, platform))
  const app = statSync(path.join(distDir, 'app.js'), { throwIfNoEntry: false })
  if (!app) return false
  let marker: { startedAt?: number; appMtimeMs?: number; mode?: string }
  try {
    marker = JSON.parse(readFileSync(path.join(distDir, MARKER), 'utf8'))
  } catch {
    // A build made elsewhere (maybe `dev:weapp`, not minified): not known to be production.
    return false
  }
  // app.js rewritten by another build since ours means the marker no longer describes it.
  if (marker.mode !== 'production' || marker.appMtimeMs !== app.mtimeMs) return false
  return (marker.startedAt ?? 0) > newestInput(projectDir)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function withLock<T>(lockFile: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx')
      writeFileSync(fd, String(process.pid))
      closeSync(fd)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let owner = 0
      try {
        owner = Number(readFileSync(lockFile, 'utf8'))
      } catch {
        continue // released in between: try again at once
      }
      // A lock left by a process that died is taken over.
      if (owner && !isAlive(owner)) rmSync(lockFile, { force: true })
      else if (Date.now() > deadline) throw new Error(`timed out waiting for the weapp build lock ${lockFile}`)
      else await sleep(250)
    }
  }
  try {
    return await fn()
  } finally {
    rmSync(lockFile, { force: true })
  }
}

/** The environment for a build exactly like `npm run build:weapp`: jest's TARO_* test settings must not leak in. */
function buildEnv(variant: BuildVariant | undefined, platform: MiniPlatform): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' }
  for (const key of Object.keys(env)) if (key.startsWith('TARO_')) delete env[key]
  env.MINIAUTH_LOCAL_BUILD = '1' // a test build: its loopback API address is intended
  if (variant) Object.assign(env, variant.env, { MINIAUTH_OUTPUT_ROOT: outputRootOf(variant, platform) })
  return env
}

function runBuild(
  projectDir: string,
  logFile: string,
  variant: BuildVariant | undefined,
  platform: MiniPlatform,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const taro = path.join(projectDir, 'node_modules/.bin/taro')
    const child = spawn(taro, ['build', '--type', platform], { cwd: projectDir, env: buildEnv(variant, platform) })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => {
      writeFileSync(logFile, output)
      const ok =
        code === 0 &&
        existsSync(path.join(projectDir, outputRootOf(variant, platform), 'app.js')) &&
        !/Failed to compile|ERROR in /.test(output)
      if (ok) resolve()
      else
        reject(
          new Error(`taro build --type ${platform} failed (exit ${code}); log: ${logFile}\n${output.slice(-3000)}`),
        )
    })
  })
}

function readFailure(file: string): { startedAt: number; message: string } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

/** Result of ensureWeappBuild. */
export interface BuildResult {
  distDir: string
  /** Whether this call ran the build (false: a fresh one was reused). */
  built: boolean
  ms: number
}

/**
 * Builds dist/weapp (or dist/alipay, dist/tt with `platform`) for production unless a build newer than
 * every input exists. Safe to call from several test files at once. Set WEAPP_PROJECT_DIR to build and
 * test another checkout of the project.
 */
export async function ensureWeappBuild(
  options: {
    projectDir?: string
    force?: boolean
    timeoutMs?: number
    variant?: BuildVariant
    platform?: MiniPlatform
  } = {},
): Promise<BuildResult> {
  const projectDir = options.projectDir ?? process.env.WEAPP_PROJECT_DIR ?? PROJECT_DIR
  const { variant } = options
  const platform = options.platform ?? 'weapp'
  const distDir = path.join(projectDir, outputRootOf(variant, platform))
  const started = Date.now()
  if (!options.force && isBuildFresh(projectDir, variant, platform)) return { distDir, built: false, ms: 0 }
  const stem = buildFileStem(platform, variant)
  const lockFile = path.join(projectDir, `${stem}.lock`)
  mkdirSync(path.dirname(lockFile), { recursive: true })
  const failureFile = path.join(projectDir, `${stem}-failed.json`)
  return withLock(lockFile, options.timeoutMs ?? 300_000, async () => {
    // Someone else may have built while this call waited for the lock.
    if (!options.force && isBuildFresh(projectDir, variant, platform))
      return { distDir, built: false, ms: Date.now() - started }
    // Or failed to, from the same sources: the same error, without another 20 s build per test file.
    const failure = readFailure(failureFile)
    if (!options.force && failure && failure.startedAt > newestInput(projectDir)) throw new Error(failure.message)
    const startedAt = Date.now()
    try {
      await runBuild(projectDir, path.join(projectDir, `${stem}.log`), variant, platform)
    } catch (error) {
      writeFileSync(failureFile, JSON.stringify({ startedAt, message: (error as Error).message }))
      throw error
    }
    rmSync(failureFile, { force: true })
    const appMtimeMs = statSync(path.join(distDir, 'app.js')).mtimeMs
    writeFileSync(path.join(distDir, MARKER), JSON.stringify({ startedAt, appMtimeMs, mode: 'production' }))
    return { distDir, built: true, ms: Date.now() - started }
  })
}
