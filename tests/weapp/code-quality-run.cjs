// Runs DevTools' code-quality check and code analysis (miniprogram-ci, offline: no upload key is
// needed for these two) on a build folder and prints one JSON line. A child process of its own,
// because miniprogram-ci leaves a file watcher running that would keep a test worker alive.
const ci = require('miniprogram-ci')

async function main(projectPath) {
  const started = performance.now()
  // The key is never used by these two calls; the project constructor only insists on one.
  const project = new ci.Project({ appid: 'touristappid', type: 'miniProgram', projectPath, privateKey: 'unused' })
  const checks = await ci.checkCodeQuality(project)
  const checkedAt = performance.now()
  const analysis = await ci.analyseCode(project, { silent: true })
  const moduleErrors = []
  for (const module of analysis?.modules ?? []) {
    for (const error of module.errors ?? []) moduleErrors.push(`${module.id}: ${error}`)
    if (module.buildError) moduleErrors.push(`${module.id}: ${module.buildError}`)
    for (const dep of module.deps ?? []) if (dep.error) moduleErrors.push(`${module.id} → ${dep.request}: ${dep.error}`)
  }
  const files = analysis?.files ?? []
  return {
    checks: checks.map(({ name, success, text, detail }) => ({ name, success, text, detail })),
    analysed: analysis !== undefined,
    moduleErrors,
    mainPackageBytes: files.filter((f) => !f.subPackage).reduce((sum, f) => sum + f.size, 0),
    fileCount: files.length,
    checkMs: checkedAt - started,
    analyseMs: performance.now() - checkedAt,
  }
}

main(process.argv[2]).then(
  (result) => {
    process.stdout.write(`\n@@result ${JSON.stringify(result)}\n`)
    process.exit(0)
  },
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`)
    process.exit(1)
  },
)
