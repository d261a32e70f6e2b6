// What ships to WeChat, Alipay and Douyin: no server secrets, no session_key, no console.log left in the
// project's own code, no test double; and on Alipay and Douyin nothing of the WeChat-only capabilities (config/platforms.ts).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import ts from 'typescript'
import { ensureWeappBuild, type MiniPlatform, PROJECT_DIR } from './build'
import {
  appChunks,
  appModules,
  type BundleModule,
  buildFiles,
  carriesModule,
  chunkModules,
  consoleLogCalls,
  survivingNames,
  VENDOR_CHUNKS,
} from './bundle-scan'

/** Text that must never reach the client, whatever file of the build it would be in. */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['session_key', /session_?key/i],
  ['an AppSecret query parameter', /[?&]secret=|\bsecret=/i],
  ['the WECHAT_SECRET variable', /WECHAT_SECRET/],
  ['an AppSecret name', /app_?secret/i],
  ['a platform secret or private key variable', /(ALIPAY|DOUYIN)_[A-Z_]*(SECRET|KEY)/],
  ['a PEM key', /-----BEGIN [A-Z ]*KEY-----/],
  ['a test double of the tests', /fake-(wx|my|tt|wechat|alipay|douyin)|stub-server|fault-proxy/i],
]

/** Every text file a platform's build ships: scripts, templates, styles, template scripts and JSON. */
const SHIPPED_TEXT: Record<MiniPlatform, RegExp> = {
  weapp: /\.(js|json|wxml|wxss|wxs)$/,
  alipay: /\.(js|json|axml|acss|sjs)$/,
  tt: /\.(js|json|ttml|ttss|sjs)$/,
}

/** Calls of `<anything>.<api>(…)` in a module, as source snippets. */
function apiCalls(module: BundleModule, apis: ReadonlySet<string>): string[] {
  const hits: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isElementAccessExpression(callee) && ts.isStringLiteral(callee.argumentExpression)
          ? callee.argumentExpression.text
          : null
      if (name !== null && apis.has(name)) hits.push(node.getText().slice(0, 120))
    }
    ts.forEachChild(node, visit)
  }
  visit(module.node)
  return hits
}

/** WeChat's privacy APIs: Alipay has none, and the app calls none on Douyin (config/platforms.ts). */
const PRIVACY_APIS = new Set(['onNeedPrivacyAuthorization', 'getPrivacySetting', 'openPrivacyContract'])

/** Component props that exist for WeChat's identity capabilities only. */
const WECHAT_ONLY_PROPS = /openType:\s*"(chooseAvatar|getPhoneNumber|agreePrivacyAuthorization)"|type:\s*"nickname"/

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

describe.each(['weapp', 'alipay', 'tt'] as const)('the %s build', (platform) => {
  let distDir: string
  beforeAll(async () => {
    distDir = (await ensureWeappBuild({ platform })).distDir
  }, 300_000)

  it('contains no session_key, nothing secret-like and no test double in any file', () => {
    const found: string[] = []
    for (const file of buildFiles(distDir)) {
      if (!SHIPPED_TEXT[platform].test(file)) continue
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

  it('contains none of the test doubles of sdk/testing', () => {
    expect(TEST_DOUBLES.map((d) => d.file)).toEqual(
      expect.arrayContaining(['sdk/testing/fake-transport.ts', 'sdk/testing/fetch-transport.ts']),
    )
    const found = appModules(distDir).flatMap((m) =>
      TEST_DOUBLES.filter((d) => carriesModule(m, d.names)).map((d) => `${m.chunk} module ${m.id}: ${d.file}`),
    )
    expect(found).toEqual([])
  })

  it('has every APP_PLATFORM field compiled to a literal: a name left over would throw at launch', () => {
    const found = appModules(distDir).filter((m) => /\bAPP_PLATFORM\b/.test(m.source))
    expect(found.map((m) => `${m.chunk} module ${m.id}`)).toEqual([])
  })
})

describe.each(['alipay', 'tt'] as const)('the %s build, without WeChat’s identity capabilities', (platform) => {
  let distDir: string
  beforeAll(async () => {
    distDir = (await ensureWeappBuild({ platform })).distDir
  }, 300_000)

  it('calls none of the privacy APIs and renders no avatar, nickname, phone or privacy-consent control', () => {
    const found = appModules(distDir).flatMap((m) => [
      ...apiCalls(m, PRIVACY_APIS).map((call) => `${m.chunk} module ${m.id}: ${call}`),
      ...[...m.source.matchAll(new RegExp(WECHAT_ONLY_PROPS, 'g'))].map(
        (hit) => `${m.chunk} module ${m.id}: ${hit[0]}`,
      ),
    ])
    expect(found).toEqual([])
  })

  it('declares none of WeChat’s own app.json keys', () => {
    const app = JSON.parse(readFileSync(path.join(distDir, 'app.json'), 'utf8')) as Record<string, unknown>
    expect(Object.keys(app)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(__usePrivacyCheck__|sitemapLocation|lazyCodeLoading)$/)]),
    )
    expect(buildFiles(distDir)).not.toContain('sitemap.json')
  })
})

it('the WeChat build still renders those controls and registers the privacy listener (what the check looks for)', async () => {
  const { distDir } = await ensureWeappBuild()
  const modules = appModules(distDir)
  expect(modules.some((m) => apiCalls(m, PRIVACY_APIS).length > 0)).toBe(true)
  const props = modules.flatMap((m) => [...m.source.matchAll(new RegExp(WECHAT_ONLY_PROPS, 'g'))].map((hit) => hit[0]))
  expect(props).toEqual(
    expect.arrayContaining(['openType:"chooseAvatar"', 'openType:"getPhoneNumber"', 'type:"nickname"']),
  )
}, 300_000)

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

it('the scanner finds a privacy API call but not its name in a string', () => {
  const [module] = chunkModules(
    'common.js',
    `(my["webpackJsonp"]=my["webpackJsonp"]||[]).push([[2],{
      21:function(e,t,n){var a={openPrivacyContract:"x"};n(1).default.onNeedPrivacyAuthorization(function(){})}
    }]);`,
  )
  expect(module && apiCalls(module, PRIVACY_APIS)).toEqual(['n(1).default.onNeedPrivacyAuthorization(function(){})'])
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
