// WeChat's own template and style compilers (npm `miniprogram-compiler`: the Linux/macOS `wcc` and
// `wcsc` binaries DevTools used in 2020). `wcc` turns every WXML file of a build into JavaScript
// defining `$gwx`, the view layer's template engine; `wcsc` compiles WXSS and rejects what WeChat rejects.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { buildFiles } from './bundle-scan'

/** Which compiler: `wcc` (WXML) or `wcsc` (WXSS). */
export type WechatCompiler = 'wcc' | 'wcsc'

/** The path of a compiler binary for this machine (made executable: npm does not always keep the bit). */
export function compilerPath(name: WechatCompiler): string {
  const folder = { linux: 'linux', darwin: 'mac', win32: 'windows' }[process.platform as string]
  if (!folder) throw new Error(`miniprogram-compiler ships no ${name} for ${process.platform}`)
  const root = path.dirname(require.resolve('miniprogram-compiler/package.json'))
  const binary = path.join(root, 'bin', folder, process.platform === 'win32' ? `${name}.exe` : name)
  if (process.platform !== 'win32' && (statSync(binary).mode & 0o111) === 0) chmodSync(binary, 0o755)
  return binary
}

/** A compiler's exit status and output. */
export interface CompilerRun {
  status: number | null
  stdout: string
  stderr: string
  ms: number
}

function run(name: WechatCompiler, args: string[], cwd: string): CompilerRun {
  const started = performance.now()
  const result = spawnSync(compilerPath(name), args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started }
}

/** `usingComponents` of the JSON beside a WXML file, or `{}`. */
export function usingComponents(distDir: string, wxmlFile: string): Record<string, string> {
  const jsonFile = path.join(distDir, wxmlFile.replace(/\.wxml$/, '.json'))
  if (!existsSync(jsonFile)) return {}
  try {
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as { usingComponents?: Record<string, string> }
    return json.usingComponents ?? {}
  } catch {
    return {}
  }
}

/** The arguments DevTools gives wcc for a build: every WXML and WXS file, and each file's custom components (`-cc`). */
export function wccArguments(distDir: string): string[] {
  const files = buildFiles(distDir)
  const wxml = files.filter((f) => f.endsWith('.wxml'))
  const wxs = files.filter((f) => f.endsWith('.wxs'))
  const components: string[] = []
  let count = 0
  for (const file of wxml) {
    const names = Object.keys(usingComponents(distDir, file))
    if (names.length === 0) continue
    count++
    components.push(file, String(names.length), ...names)
  }
  return ['-d', '-cc', [count, ...components].join(' '), ...wxml, ...wxs, '-gn', '$gwx']
}

/** The result of compiling a build's WXML: the `$gwx` script and how long wcc took (0 when cached). */
export interface CompiledWxml {
  script: string
  /** Milliseconds wcc ran for; 0 when the script came from the cache. */
  ms: number
  cached: boolean
}

/** Folder beside the build (not inside it, so it never ships) holding wcc output per build content. */
function cacheDir(distDir: string): string {
  return path.join(path.dirname(path.resolve(distDir)), `.wcc-${path.basename(distDir)}`)
}

/** A hash of what wcc reads: the WXML, WXS and component JSON of the build. */
function wxmlDigest(distDir: string): string {
  const hash = createHash('sha256')
  for (const file of buildFiles(distDir)) {
    if (!/\.(wxml|wxs|json)$/.test(file)) continue
    hash.update(`${file}\0`)
    hash.update(readFileSync(path.join(distDir, file)))
  }
  return hash.digest('hex').slice(0, 32)
}

const compiledInProcess = new Map<string, CompiledWxml>()

/**
 * Compiles every WXML file of the build with wcc, once per build content: the script is kept in
 * memory and beside the build, so other test files (other jest workers) reuse it. Throws wcc's
 * message when a template does not compile.
 */
export function compileWxml(distDir: string): CompiledWxml {
  const digest = wxmlDigest(distDir)
  const inMemory = compiledInProcess.get(digest)
  if (inMemory) return inMemory
  const cacheFile = path.join(cacheDir(distDir), `${digest}.js`)
  if (existsSync(cacheFile)) {
    const cached = { script: readFileSync(cacheFile, 'utf8'), ms: 0, cached: true }
    compiledInProcess.set(digest, cached)
    return cached
  }
  const result = run('wcc', wccArguments(distDir), distDir)
  if (result.status !== 0 || !result.stdout.includes('$gwx')) {
    throw new Error(`wcc could not compile the WXML of ${distDir} (exit ${result.status}):\n${result.stderr}`)
  }
  mkdirSync(path.dirname(cacheFile), { recursive: true })
  // Written under a temporary name then renamed, so a reader in another worker never sees half a file.
  const partial = `${cacheFile}.${process.pid}.tmp`
  writeFileSync(partial, result.stdout)
  renameSync(partial, cacheFile)
  const compiled = { script: result.stdout, ms: result.ms, cached: false }
  compiledInProcess.set(digest, compiled)
  return compiled
}

/** Every WXSS file of a build, in wcsc's order: those of pages and components (a JSON beside them) first. */
export function wxssFiles(distDir: string): { files: string[]; pageCount: number } {
  const all = buildFiles(distDir).filter((f) => f.endsWith('.wxss'))
  const pages = all.filter((f) => existsSync(path.join(distDir, f.replace(/\.wxss$/, '.json'))))
  return { files: [...pages, ...all.filter((f) => !pages.includes(f))], pageCount: pages.length }
}

/** Compiles WXSS with wcsc as DevTools does (default: every file of the build); status 0 means WeChat accepts them. */
export function compileWxss(distDir: string, list = wxssFiles(distDir)): CompilerRun {
  return run('wcsc', ['-db', '-pc', String(list.pageCount), ...list.files], distDir)
}
