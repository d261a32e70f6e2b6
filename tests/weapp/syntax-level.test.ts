// The weapp ships ES5 syntax: what babel-preset-taro's targets (iOS 9, Android 5) compile the app and
// Taro's runtime to, and what every WeChat client runs without DevTools' ES6 → ES5 "enhance" transform
// (turned off in project.config.json). Dependencies that ship newer syntax are compiled in config/index.ts.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'acorn'
import { ensureWeappBuild } from './build'
import { buildFiles } from './bundle-scan'

/** The ECMAScript version every script of the weapp must parse at. */
const WEAPP_ECMA_VERSION = 5

/** The first syntax error at that level, with the code around it, or null when the script parses. */
function syntaxAbove(source: string): string | null {
  try {
    parse(source, { ecmaVersion: WEAPP_ECMA_VERSION, sourceType: 'script' })
    return null
  } catch (error) {
    const pos = (error as { pos?: number }).pos ?? 0
    return `${(error as Error).message}: …${source.slice(Math.max(0, pos - 40), pos + 40)}…`
  }
}

let distDir: string
beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
}, 300_000)

it('every script of the build, vendors and pages included, parses as ES5', () => {
  const scripts = buildFiles(distDir).filter((f) => /\.(js|wxs)$/.test(f))
  expect(scripts).toEqual(expect.arrayContaining(['app.js', 'vendors.js', 'taro.js', 'pages/mine/index.js']))
  const above = scripts.flatMap((file) => {
    const error = syntaxAbove(readFileSync(path.join(distDir, file), 'utf8'))
    return error ? [`${file}: ${error}`] : []
  })
  expect(above).toEqual([])
})

it('the check rejects what zustand shipped untranspiled: object spread, const and arrow functions', () => {
  expect(syntaxAbove('var a = { ...b }')).toMatch(/Unexpected token/)
  expect(syntaxAbove('const o = 1')).toMatch(/reserved/)
  expect(syntaxAbove('var f = (e) => e')).toMatch(/Unexpected token/)
  expect(syntaxAbove('var a = Object.assign({}, b); function f(e) { return e }')).toBeNull()
})
