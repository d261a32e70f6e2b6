// Which folder may depend on which: the generic client knows nothing of this API, production code never
// reaches a test double, and the content both the mocks and the server serve belongs to neither.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { importsOf, isTestFile, ROOT, reachableFrom, specifiersOf } from './import-graph'

/** Every code file git knows of (tracked, or new and not ignored). */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
  .toString()
  .split('\n')
  .filter((f) => /\.(ts|tsx|mjs|cjs|js)$/.test(f) && !f.startsWith('node_modules/'))

const under =
  (...folders: string[]) =>
  (file: string) =>
    folders.some((folder) => file.startsWith(folder))
const isTestDouble = under('sdk/testing/', 'mocks/', 'tests/', 'server/test/')
const isProduction = (file: string) =>
  under('src/', 'server/', 'sdk/', 'fixtures/', 'config/')(file) && !isTestDouble(file) && !isTestFile(file)

/** `file → reached file` for each file of `from` that reaches a file `forbidden` names. */
function violations(from: (file: string) => boolean, forbidden: (file: string, origin: string) => boolean): string[] {
  const checked = files.filter(from)
  expect(checked.length).toBeGreaterThan(0)
  return checked.flatMap((file) =>
    [...reachableFrom(file)].filter((reached) => forbidden(reached, file)).map((reached) => `${file} → ${reached}`),
  )
}

it('reads static, type-only, re-exported, required and dynamic imports', () => {
  const text = `import a from './a'
import type { B } from '../b'
export { c } from './c'
const d = require('./d')
const e = await import('./e')
import 'pkg'`
  expect(specifiersOf(text)).toEqual(['./a', '../b', './c', './d', './e', 'pkg'])
})

it('follows imports across folders to the files they name', () => {
  expect(importsOf('sdk/index.ts')).toEqual(expect.arrayContaining(['sdk/api/api-client.ts', 'sdk/client/index.ts']))
  expect(reachableFrom('sdk/api/api-client.ts')).toContain('sdk/client/shape.ts')
})

it('keeps the generic client free of this API: nothing under sdk/client reaches sdk/api, the product entry or the spec', () => {
  const allowed = (file: string, origin: string) =>
    file.startsWith('sdk/client/') || (isTestFile(origin) && file.startsWith('sdk/testing/'))
  expect(violations(under('sdk/client/'), (file, origin) => !allowed(file, origin))).toEqual([])
  const readsSpec = files
    .filter(under('sdk/client/'))
    .filter((file) => /openapi\.ya?ml|schema\.d\.ts|operations\.gen/.test(readFileSync(path.join(ROOT, file), 'utf8')))
  expect(readsSpec).toEqual([])
})

it('keeps test doubles out of production code: src, server, sdk and fixtures never reach sdk/testing, mocks or tests', () => {
  expect(violations(isProduction, isTestDouble)).toEqual([])
})

it('keeps the SDK independent of the app, the server and the mocks', () => {
  expect(violations(under('sdk/'), under('src/', 'server/', 'mocks/', 'fixtures/'))).toEqual([])
})

// The mocks judge input with the server's own rules, so the two cannot disagree on what is valid. Content
// they both serve is not a rule: it lives in fixtures/.
const SERVER_RULES_THE_MOCKS_SHARE = [
  'server/avatar-image.ts',
  'server/avatar-store.ts',
  'server/bearer.ts',
  'server/errors.ts',
  'server/nickname.ts',
  'server/phone.ts',
]

it('keeps shared content in fixtures/, which depends on neither the mocks nor the server', () => {
  expect(violations(under('fixtures/'), under('mocks/', 'server/', 'src/', 'tests/'))).toEqual([])
  expect(violations(under('server/'), under('mocks/'))).toEqual([])
  const fromMocks = files
    .filter((file) => file.startsWith('mocks/') && !isTestFile(file))
    .flatMap((file) => importsOf(file).filter(under('server/')))
  expect([...new Set(fromMocks)].filter((file) => !SERVER_RULES_THE_MOCKS_SHARE.includes(file))).toEqual([])
  expect(reachableFrom('server/routes.ts')).toContain('fixtures/feed.ts')
  expect(reachableFrom('mocks/handlers.ts')).toContain('fixtures/feed.ts')
})
