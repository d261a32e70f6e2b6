// Every WXSS file of the production build goes through WeChat's own style compiler (wcsc).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
  // wcsc prints each file's compiled style function under its path.
  for (const file of list.files) expect(run.stdout).toContain(`${file}=`)
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
