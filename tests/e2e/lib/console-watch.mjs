/**
 * Records every console error and uncaught exception of every page in a browser context, so the run
 * can fail on them: an app that works but logs errors is not done. Failed requests the browser itself
 * reports (`Failed to load resource`) are left to the scenarios that provoke them on purpose.
 */

/**
 * @typedef {object} ConsoleProblem
 * @property {'console.error' | 'uncaught'} kind
 * @property {string} text
 * @property {string} url the page's URL when it happened
 */

/**
 * Starts recording in `context` (pages opened later included).
 * @param {import('playwright-core').BrowserContext} context
 * @param {{ expected?: RegExp[], into?: ConsoleProblem[] }} [options] `expected`: messages a scenario
 *   provokes on purpose; `into`: the list to add to (default a new one)
 * @returns {ConsoleProblem[]} `into`, filled as problems happen
 */
export function watchConsole(context, { expected = [], into = [] } = {}) {
  const problems = into
  const record = (/** @type {ConsoleProblem} */ problem) => {
    if (!expected.some((pattern) => pattern.test(problem.text))) problems.push(problem)
  }
  const watch = (/** @type {import('playwright-core').Page} */ page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return
      const where = message.location()
      const at = where?.url ? ` (${where.url}:${where.lineNumber})` : ''
      record({ kind: 'console.error', text: `${message.text()}${at}`, url: page.url() })
    })
    page.on('pageerror', (error) => {
      record({ kind: 'uncaught', text: error.stack ?? `${error.name}: ${error.message}`, url: page.url() })
    })
  }
  for (const page of context.pages()) watch(page)
  context.on('page', watch)
  return problems
}

/**
 * One line per problem, for an assertion message.
 * @param {ConsoleProblem[]} problems
 */
export function describeProblems(problems) {
  return problems.map((p) => `${p.kind} on ${p.url}: ${p.text.split('\n').slice(0, 4).join('\n    ')}`).join('\n')
}
