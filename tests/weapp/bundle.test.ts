// What ships to WeChat: no server secrets, no session_key, no console.log left in the project's own code.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ensureWeappBuild } from './build'
import { appChunks, appModules, buildFiles, chunkModules, consoleLogCalls, VENDOR_CHUNKS } from './bundle-scan'

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
