// Every mini program build ships ES5 syntax: what babel-preset-taro's targets (iOS 9, Android 5) compile the
// app and Taro's runtime to, and what every client runs without the DevTools' own ES6 → ES5 step (turned off
// in project.config.json for WeChat and in project.tt.json for Douyin; Alipay's mini.project.json asks for
// none). Dependencies that ship newer syntax are compiled in config/index.ts.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'acorn'
import { ensureWeappBuild, type MiniPlatform } from './build'
import { buildFiles } from './bundle-scan'

/** The ECMAScript version every script of a mini program build must parse at. */
const MINI_PROGRAM_ECMA_VERSION = 5

/** The first syntax error at that level, with the code around it, or null when the script parses. */
function syntaxAbove(source: string): string | null {
  try {
    parse(source, { ecmaVersion: MINI_PROGRAM_ECMA_VERSION, sourceType: 'script' })
    return null
  } catch (error) {
    const pos = (error as { pos?: number }).pos ?? 0
    return `${(error as Error).message}: …${source.slice(Math.max(0, pos - 40), pos + 40)}…`
  }
}

/**
 * An Alipay SJS file is an ES module by definition (`export default`, `import`: Alipay's SJS syntax), whose
 * body must still be ES5: the module statement becomes a plain one and the rest is parsed at ES5.
 */
function sjsModuleBody(source: string): string {
  return source
    .replace(/^\s*export\s+default\s+/m, 'var __sjsDefault = ')
    .replace(/^\s*import\s+(\w+)\s+from\s+(['"][^'"]+['"]);?/gm, 'var $1 = require($2);')
}

/** Script files per platform: webpack chunks, plus the template script modules (WXS, or SJS). */
const SCRIPTS: Record<MiniPlatform, RegExp> = { weapp: /\.(js|wxs)$/, alipay: /\.(js|sjs)$/, tt: /\.(js|sjs)$/ }

describe.each(['weapp', 'alipay', 'tt'] as const)('the %s build', (platform) => {
  let distDir: string
  beforeAll(async () => {
    distDir = (await ensureWeappBuild({ platform })).distDir
  }, 300_000)

  it('parses as ES5 in every script, vendors and pages included', () => {
    const scripts = buildFiles(distDir).filter((f) => SCRIPTS[platform].test(f))
    expect(scripts).toEqual(expect.arrayContaining(['app.js', 'vendors.js', 'taro.js', 'pages/mine/index.js']))
    const above = scripts.flatMap((file) => {
      const text = readFileSync(path.join(distDir, file), 'utf8')
      const error = syntaxAbove(platform === 'alipay' && file.endsWith('.sjs') ? sjsModuleBody(text) : text)
      return error ? [`${file}: ${error}`] : []
    })
    expect(above).toEqual([])
  })
})

it('the check rejects what zustand shipped untranspiled: object spread, const and arrow functions', () => {
  expect(syntaxAbove('var a = { ...b }')).toMatch(/Unexpected token/)
  expect(syntaxAbove('const o = 1')).toMatch(/reserved/)
  expect(syntaxAbove('var f = (e) => e')).toMatch(/Unexpected token/)
  expect(syntaxAbove('var a = Object.assign({}, b); function f(e) { return e }')).toBeNull()
})

it('reads an Alipay SJS module at ES5 once its module statements are plain ones, and still rejects ES6 in it', () => {
  expect(
    syntaxAbove(sjsModuleBody("import tools from './tools.sjs';\nexport default { a: function (n) { return n } }")),
  ).toBeNull()
  expect(syntaxAbove(sjsModuleBody('export default { a: (n) => n }'))).toMatch(/Unexpected token/)
})
