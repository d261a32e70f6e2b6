// WeChat package size: our production weapp build against a blank Taro 4 React app (one page, one Text)
// built with the same config and toolchain in the same run.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { ensureWeappBuild, PROJECT_DIR } from '../tests/weapp/build'

/** WeChat's limit for the main package. */
export const WEAPP_MAIN_PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024

/** Where the blank comparison app is written and built. */
export const BLANK_APP_DIR = path.join(PROJECT_DIR, 'bench/.tmp/blank')

// Written by the build helper next to the output; WeChat never sees it.
const NOT_SHIPPED = new Set(['.weapp-build.json'])
const BLANK_BUILD_TIMEOUT_MS = 240_000

/** One file of a build. */
export interface FileSize {
  file: string
  raw: number
  gzip: number
}

/** Raw and gzip bytes. */
export interface Bytes {
  raw: number
  gzip: number
}

/** Every file of a build with its sizes, the totals, and the main package (everything outside subpackages). */
export interface BuildSize {
  files: FileSize[]
  total: Bytes
  js: Bytes
  mainPackage: Bytes
  /** Subpackage roots from app.json; none means the main package is the whole build. */
  subpackageRoots: string[]
}

function sum(files: FileSize[]): Bytes {
  return files.reduce((n, f) => ({ raw: n.raw + f.raw, gzip: n.gzip + f.gzip }), { raw: 0, gzip: 0 })
}

/** Subpackage roots declared in app.json (WeChat accepts both spellings); the rest is the main package. */
function subpackageRoots(dir: string): string[] {
  const appJson = path.join(dir, 'app.json')
  if (!existsSync(appJson)) return []
  const app = JSON.parse(readFileSync(appJson, 'utf8')) as Record<string, unknown>
  const list = [app.subPackages, app.subpackages].flatMap((v) => (Array.isArray(v) ? v : []))
  return list.map((p) => String((p as { root?: unknown }).root ?? '').replace(/\/?$/, '/')).filter((r) => r !== '/')
}

/** Measures every shipped file of a mini program build (any platform), raw and gzip (level 9). */
export function measureBuild(dir: string): BuildSize {
  const files: FileSize[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = path.join(d, name)
      if (statSync(file).isDirectory()) walk(file)
      else if (!NOT_SHIPPED.has(name)) {
        const bytes = readFileSync(file)
        const relative = path.relative(dir, file).split(path.sep).join('/')
        files.push({ file: relative, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length })
      }
    }
  }
  walk(dir)
  files.sort((a, b) => a.file.localeCompare(b.file))
  const roots = subpackageRoots(dir)
  return {
    files,
    total: sum(files),
    js: sum(files.filter((f) => f.file.endsWith('.js'))),
    mainPackage: sum(files.filter((f) => !roots.some((root) => f.file.startsWith(root)))),
    subpackageRoots: roots,
  }
}

/** The environment of `npm run build:<platform>`: no TARO_* settings leak in from the caller. */
function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' }
  for (const key of Object.keys(env)) if (key.startsWith('TARO_')) delete env[key]
  env.MINIAUTH_LOCAL_BUILD = '1' // a measurement build, never released
  return env
}

/** Writes a blank one-page Taro React app sharing our config, toolchain and node_modules (found by walking up). */
export function writeBlankApp(dir = BLANK_APP_DIR): void {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(path.join(dir, 'src/pages/index'), { recursive: true })
  // src/sitemap.json too: the shared config copies it into every weapp build. Every platform's DevTools
  // project file too, so each blank build ships the same project file as ours.
  for (const entry of [
    'config',
    'babel.config.js',
    'tsconfig.json',
    'package.json',
    'project.config.json',
    'project.alipay.json',
    'project.tt.json',
    'types',
    'src/sitemap.json',
  ]) {
    cpSync(path.join(PROJECT_DIR, entry), path.join(dir, entry), { recursive: true })
  }
  const files: Record<string, string> = {
    'src/app.config.ts':
      "export default defineAppConfig({ pages: ['pages/index/index'], window: { navigationBarTitleText: 'blank' } })\n",
    'src/app.tsx':
      "import type { PropsWithChildren } from 'react'\nexport default function App({ children }: PropsWithChildren) {\n  return children\n}\n",
    'src/pages/index/index.config.ts': "export default definePageConfig({ navigationBarTitleText: 'blank' })\n",
    'src/pages/index/index.tsx':
      "import { Text } from '@tarojs/components'\nexport default function Index() {\n  return <Text>Hello</Text>\n}\n",
  }
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text)
}

/** Builds the blank app for production with our Taro CLI for `target`; resolves to the seconds it took. */
export function buildBlankApp(dir = BLANK_APP_DIR, target = 'weapp'): Promise<number> {
  return taroBuild(dir, target, `dist/${target}`, 'blank app')
}

/**
 * Runs `taro build --type <target>` for production in `dir`, writing to `outputRoot` (relative to `dir`);
 * resolves to the seconds it took.
 */
export function taroBuild(dir: string, target: string, outputRoot: string, what: string): Promise<number> {
  const started = Date.now()
  const taro = path.join(PROJECT_DIR, 'node_modules/.bin/taro')
  const env = { ...buildEnv(), MINIAUTH_OUTPUT_ROOT: outputRoot }
  return new Promise((resolve, reject) => {
    const child = spawn(taro, ['build', '--type', target], { cwd: dir, env })
    let output = ''
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000)
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    const timer = setTimeout(() => child.kill('SIGKILL'), BLANK_BUILD_TIMEOUT_MS)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const ok = code === 0 && existsSync(path.join(dir, outputRoot, 'app.js')) && !/Failed to compile/.test(output)
      if (ok) resolve((Date.now() - started) / 1000)
      else reject(new Error(`${what} build for ${target} failed (exit ${code}):\n${output.slice(-3000)}`))
    })
  })
}

/** Result of `measureWeappSizes`. */
export interface WeappSizes {
  ours: BuildSize & { buildSeconds: number | null }
  blank: BuildSize & { buildSeconds: number }
}

/** Builds our app (reusing a fresh production build) and the blank app, and measures both. */
export async function measureWeappSizes(): Promise<WeappSizes> {
  const ours = await ensureWeappBuild()
  writeBlankApp()
  const blankSeconds = await buildBlankApp()
  return {
    ours: { ...measureBuild(ours.distDir), buildSeconds: ours.built ? ours.ms / 1000 : null },
    blank: { ...measureBuild(path.join(BLANK_APP_DIR, 'dist/weapp')), buildSeconds: blankSeconds },
  }
}
