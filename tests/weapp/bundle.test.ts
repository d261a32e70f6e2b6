// What ships to WeChat: no server secrets, no session_key, no console.log left in the project's own code,
// no test double.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { ensureWeappBuild, PROJECT_DIR } from './build'
import {
  appChunks,
  appModules,
  buildFiles,
  carriesModule,
  chunkModules,
  consoleLogCalls,
  survivingNames,
  VENDOR_CHUNKS,
} from './bundle-scan'

let distDir: string
beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
}, 300_000)

/** Text that must never reach the client, whatever file of the build it would be in. */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['session_key', /session_?key/i],
  ['an AppSecret query parameter', /[?&]secret=|\bsecret=/i],
  ['the WECHAT_SECRET variable', /WECHAT_SECRET/],
  ['an AppSecret name', /app_?secret/i],
]

it('contains no session_key and nothing AppSecret-like in any file', () => {
  const found: string[] = []
  for (const file of buildFiles(distDir)) {
    if (!/\.(js|json|wxml|wxss|wxs)$/.test(file)) continue
    const text = readFileSync(path.join(distDir, file), 'utf8')
    for (const [what, pattern] of FORBIDDEN) {
      const match = pattern.exec(text)
      if (match) found.push(`${file}: ${what}: …${text.slice(Math.max(0, match.index - 40), match.index + 40)}…`)
    }
  }
  expect(found).toEqual([])
})

it('has no 32-hex-digit literal (the shape of an AppSecret) in the app chunks', () => {
  const found = appModules(distDir).flatMap((m) =>
    [...m.source.matchAll(/["'`]([0-9a-fA-F]{32})["'`]/g)].map((hit) => `${m.chunk} module ${m.id}: ${hit[1]}`),
  )
  expect(found).toEqual([])
})

it('has no console.log in the project’s own modules', () => {
  const chunks = appChunks(distDir)
  // The entry and every page are checked; vendor chunks are not the project's code.
  expect(chunks).toEqual(expect.arrayContaining(['app.js', 'pages/index/index.js', 'pages/mine/index.js']))
  expect(chunks.some((c) => VENDOR_CHUNKS.has(c))).toBe(false)
  const found = appModules(distDir).flatMap((m) =>
    consoleLogCalls(m).map((call) => `${m.chunk} module ${m.id}: ${call}`),
  )
  expect(found).toEqual([])
})

it('the scanner finds a console.log call in a module but not the same text in a string', () => {
  const chunk = `(wx["webpackJsonp"]=wx["webpackJsonp"]||[]).push([[1],{
    11:function(e,t,n){var s="console.log(x)";console.error(s)},
    12:function(e,t,n){console.log("token",t)},
    13:function(e,t,n){console["log"](1)}
  }]);`
  const modules = chunkModules('pages/x/index.js', chunk)
  expect(modules.map((m) => m.id)).toEqual(['11', '12', '13'])
  expect(modules.map((m) => consoleLogCalls(m).length)).toEqual([0, 1, 1])
})

/** Each module of `sdk/testing/` with run-time code, and the names its minified form keeps. */
const TEST_DOUBLES = readdirSync(path.join(PROJECT_DIR, 'sdk/testing'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
  .map((f) => ({
    file: `sdk/testing/${f}`,
    names: survivingNames(f, readFileSync(path.join(PROJECT_DIR, 'sdk/testing', f), 'utf8')),
  }))
  .filter((double) => double.names.length > 0)

/** `source` bundled and minified from inside `sdk/` the way a production build ships code, as one module. */
async function minified(source: string): Promise<{ source: string }> {
  const result = await build({
    stdin: { contents: source, resolveDir: path.join(PROJECT_DIR, 'sdk'), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2017',
    external: ['@tarojs/taro'],
    write: false,
    logLevel: 'silent',
  })
  return { source: result.outputFiles[0]?.text ?? '' }
}

it('contains none of the test doubles of sdk/testing', () => {
  expect(TEST_DOUBLES.map((d) => d.file)).toEqual(
    expect.arrayContaining(['sdk/testing/fake-transport.ts', 'sdk/testing/fetch-transport.ts']),
  )
  const found = appModules(distDir).flatMap((m) =>
    TEST_DOUBLES.filter((d) => carriesModule(m, d.names)).map((d) => `${m.chunk} module ${m.id}: ${d.file}`),
  )
  expect(found).toEqual([])
})

it('the scanner finds each test double in a minified bundle using it, and none in the SDK itself', async () => {
  for (const double of TEST_DOUBLES) {
    const module = await minified(`export * from './${double.file.replace(/^sdk\//, '').replace(/\.ts$/, '')}'`)
    expect({ file: double.file, found: carriesModule(module, double.names) }).toEqual({
      file: double.file,
      found: true,
    })
  }
  const sdk = await minified(`export * from './index'`)
  expect(TEST_DOUBLES.filter((d) => carriesModule(sdk, d.names)).map((d) => d.file)).toEqual([])
})
