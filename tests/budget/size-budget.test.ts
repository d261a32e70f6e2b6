// Size budgets, checked on every test run. Sizes, never timings: timings belong in `npm run bench`.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { measureBuild, WEAPP_MAIN_PACKAGE_LIMIT_BYTES } from '../../bench/weapp-size'
import { ensureWeappBuild, PROJECT_DIR } from '../weapp/build'

interface SdkBundle {
  name: string
  gzipBytes: number
  budgetBytes: number | null
}

/** The SDK bundles as bench/sdk-size.mjs measures them (esbuild, minified, gzip), so test and bench agree. */
function measureSdkBundles(): SdkBundle[] {
  const run = spawnSync(process.execPath, [path.join(PROJECT_DIR, 'bench/sdk-size.mjs'), '--json'], {
    cwd: PROJECT_DIR,
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (run.status !== 0) throw new Error(`bench/sdk-size.mjs failed (exit ${run.status}):\n${run.stderr}`)
  return (JSON.parse(run.stdout) as { sdk: SdkBundle[] }).sdk
}

let distDir: string
beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
}, 300_000)

it('keeps the weapp main package under WeChat’s 2 MB limit', () => {
  const { mainPackage } = measureBuild(distDir)
  expect(mainPackage.raw).toBeGreaterThan(0)
  expect(mainPackage.raw).toBeLessThan(WEAPP_MAIN_PACKAGE_LIMIT_BYTES)
})

it('keeps client + taroTransport + errors within the SDK’s gzip budget', () => {
  const bundles = measureSdkBundles()
  const budgeted = bundles.filter((b) => b.budgetBytes !== null)
  expect(budgeted.map((b) => b.name)).toContain('client + taroTransport + errors')
  const over = budgeted
    .filter((b) => b.gzipBytes > (b.budgetBytes ?? 0))
    .map((b) => `${b.name}: ${b.gzipBytes} B gzip, budget ${b.budgetBytes} B`)
  expect(over).toEqual([])
})
