/**
 * Figures the run measured, printed together after the tests so they are easy to find in CI logs
 * (and also attached to their test as diagnostics).
 */
const lines = /** @type {string[]} */ ([])

/**
 * @param {import('node:test').TestContext | undefined} t the test the figure belongs to
 * @param {string} line
 */
export function note(t, line) {
  lines.push(line)
  t?.diagnostic(line)
}

/** Prints what was noted. */
export function printSummary() {
  if (lines.length === 0) return
  console.log(`\nminiauth H5 end to end: measurements\n${lines.map((line) => `  ${line}`).join('\n')}\n`)
}

/**
 * The median of some numbers.
 * @param {number[]} values
 */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? /** @type {number} */ (sorted[middle])
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
