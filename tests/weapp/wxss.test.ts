// Every WXSS file of the production build goes through WeChat's own style compiler (wcsc).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ensureWeappBuild } from './build'
import { compileWxss, wxssFiles } from './wcc'

let distDir: string
beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
}, 300_000)

it('wcsc compiles every WXSS file of the build, the app’s and each page’s', () => {
  const list = wxssFiles(distDir)
  expect(list.files).toEqual(expect.arrayContaining(['app.wxss', 'pages/index/index.wxss', 'pages/mine/index.wxss']))
  const run = compileWxss(distDir, list)
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  // wcsc prints each file's compiled style function under its path; a file another one @imports (Taro's
  // common.wxss, app-origin.wxss) is compiled into its importer, which must then be there.
  const importers = new Map<string, string>()
  for (const file of list.files) {
    const text = readFileSync(path.join(distDir, file), 'utf8')
    for (const [, imported] of text.matchAll(/@import\s+["']\.?\/?([^"']+)["']/g))
      importers.set(imported as string, file)
  }
  for (const file of list.files) expect(run.stdout).toContain(`${importers.get(file) ?? file}=`)
  for (const [imported] of importers) expect(list.files).toContain(imported)
})

it('wcsc rejects a WXSS file WeChat cannot parse, naming the file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'miniauth-wxss-'))
  try {
    mkdirSync(path.join(dir, 'pages/x'), { recursive: true })
    writeFileSync(path.join(dir, 'app.wxss'), '.ok { color: #07c160; }\n')
    writeFileSync(path.join(dir, 'pages/x/index.wxss'), '.broken { color: red\n')
    const run = compileWxss(dir)
    expect(run.status).not.toBe(0)
    expect(run.stderr).toMatch(/pages\/x\/index\.wxss/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** Whether a `#rrggbb` / `#rgb` colour reads as green (green well above red and blue). */
function isGreen(hex: string): boolean {
  const full = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1)
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [number, number, number]
  return g - r > 60 && g - b > 60
}

it('uses one green, WeChat’s #07c160, in every style and in the tab bar', () => {
  const sources = [...wxssFiles(distDir).files, 'app.json']
  const greens = sources.flatMap((file) =>
    [...readFileSync(path.join(distDir, file), 'utf8').matchAll(/#(?:[0-9a-f]{6}|[0-9a-f]{3})\b/gi)]
      .map(([hex]) => hex.toLowerCase())
      .filter(isGreen)
      .map((hex) => `${file}: ${hex}`),
  )
  expect(greens.length).toBeGreaterThan(0)
  expect(greens.filter((g) => !g.endsWith('#07c160'))).toEqual([])
  expect(isGreen('#1aad19')).toBe(true)
})
