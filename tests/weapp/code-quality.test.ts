// DevTools' code-quality panel and code analysis, run offline with miniprogram-ci on the production build.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ensureWeappBuild } from './build'

interface QualityReport {
  checks: Array<{ name: string; success: boolean; text: string; detail?: unknown }>
  analysed: boolean
  moduleErrors: string[]
  mainPackageBytes: number
  fileCount: number
  checkMs: number
  analyseMs: number
}

let report: QualityReport
beforeAll(async () => {
  const { distDir } = await ensureWeappBuild()
  const run = spawnSync(process.execPath, [path.join(__dirname, 'code-quality-run.cjs'), distDir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const line = /^@@result (.*)$/m.exec(run.stdout)?.[1]
  if (run.status !== 0 || !line) throw new Error(`miniprogram-ci failed (exit ${run.status}):\n${run.stderr}`)
  report = JSON.parse(line)
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  process.stdout.write(
    `miniprogram-ci: main package ${kb(report.mainPackageBytes)} in ${report.fileCount} files; ` +
      `checkCodeQuality ${Math.round(report.checkMs)} ms, analyseCode ${Math.round(report.analyseMs)} ms\n`,
  )
}, 300_000)

it('passes every check of DevTools’ code-quality panel (compression, lazy code loading, sizes, unused code)', () => {
  expect(report.checks.length).toBeGreaterThanOrEqual(11)
  expect(report.checks.filter((c) => !c.success).map((c) => `${c.name}: ${c.text}`)).toEqual([])
  expect(report.checks.map((c) => c.name)).toEqual(
    expect.arrayContaining(['JS_COMPRESS_OPEN', 'WXML_COMPRESS_OPEN', 'WXSS_COMPRESS_OPEN', 'LAZYCODE_LOADING_OPEN']),
  )
})

it('analyses the code without an error in any module or dependency', () => {
  expect(report.analysed).toBe(true)
  expect(report.moduleErrors).toEqual([])
})

it('measures a main package under WeChat’s 2 MB limit', () => {
  expect(report.mainPackageBytes).toBeGreaterThan(0)
  expect(report.mainPackageBytes).toBeLessThan(2 * 1024 * 1024)
})
