// `npm test`: every check the project has, in order, with one summary at the end.
// Static checks run first because they are fast; a failing step does not hide the others.
import { spawn } from 'node:child_process'
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
  {
    name: 'unit, component, server, contract and weapp bundle tests (jest)',
    cmd: ['npx', 'jest', '--json', `--outputFile=${jestReport}`],
  },
  { name: 'H5 end to end in Chromium (node:test)', cmd: ['node', 'tests/e2e/run.mjs'], countsFromOutput: true },
]

/** Runs a command with its output shown live; returns its exit status and, if asked, what it printed. */
function run(cmd, keepOutput) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), {
      stdio: ['ignore', keepOutput ? 'pipe' : 'inherit', keepOutput ? 'pipe' : 'inherit'],
      env: { ...process.env, FORCE_COLOR: '1' },
    })
    let output = ''
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk) => {
        output += chunk
        ;(stream === child.stdout ? process.stdout : process.stderr).write(chunk)
      })
    }
    child.on('close', (status) => resolve({ status, output }))
  })
}

/** node:test's closing counts (`ℹ pass 3` with the spec reporter, `# pass 3` with TAP). */
function nodeTestCounts(output) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colour codes FORCE_COLOR adds.
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '')
  const count = (word) => Number(new RegExp(`^(?:ℹ|#) ${word} (\\d+)`, 'm').exec(plain)?.[1] ?? 0)
  return { passed: count('pass'), failed: count('fail') }
}

const results = []
let passed = 0
let failed = 0
for (const step of steps) {
  process.stdout.write(`\n▶ ${step.name}\n`)
  const started = Date.now()
  const { status, output } = await run(step.cmd, step.countsFromOutput)
  results.push({ name: step.name, ok: status === 0, seconds: (Date.now() - started) / 1000 })
  if (step.countsFromOutput) {
    const counts = nodeTestCounts(output)
    passed += counts.passed
    failed += counts.failed
  }
}

try {
  const report = JSON.parse(readFileSync(jestReport, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
} catch {
  // jest did not write a report: its step already failed and says why.
}

process.stdout.write('\nSummary\n')
for (const r of results) process.stdout.write(`  ${r.ok ? '✔' : '✘'} ${r.name} (${r.seconds.toFixed(1)} s)\n`)
const failedSteps = results.filter((r) => !r.ok).length
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`)
process.exit(failedSteps === 0 && passed > 0 ? 0 : 1)
