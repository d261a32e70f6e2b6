// `npm test`: every check the project has, in order, with one summary at the end.
// Static checks run first because they are fast; a failing step does not hide the others.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const jestReport = join(mkdtempSync(join(tmpdir(), 'miniauth-test-')), 'jest.json')

/** Each step: a name and the command that checks it. */
const steps = [
  { name: 'spec lint (redocly)', cmd: ['npx', 'redocly', 'lint', '--format', 'summary', 'sdk/openapi.yaml'] },
  { name: 'generated SDK types are fresh', cmd: ['node', 'scripts/generate-sdk.mjs', '--check'] },
  { name: 'lint and format (biome)', cmd: ['npx', 'biome', 'check', '.'] },
  { name: 'types (tsc --noEmit)', cmd: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'unit, component and server tests (jest)', cmd: ['npx', 'jest', '--json', `--outputFile=${jestReport}`] },
]

const results = []
for (const step of steps) {
  process.stdout.write(`\n▶ ${step.name}\n`)
  const started = Date.now()
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '1' } })
  results.push({ name: step.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 })
}

let passed = 0
let failed = 0
try {
  const report = JSON.parse(readFileSync(jestReport, 'utf8'))
  passed = report.numPassedTests
  failed = report.numFailedTests
} catch {
  // jest did not write a report: its step already failed and says why.
}

process.stdout.write('\nSummary\n')
for (const r of results) process.stdout.write(`  ${r.ok ? '✔' : '✘'} ${r.name} (${r.seconds.toFixed(1)} s)\n`)
const failedSteps = results.filter((r) => !r.ok).length
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`)
process.exit(failedSteps === 0 && passed > 0 ? 0 : 1)
