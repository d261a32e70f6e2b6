// Generates everything derived from sdk/openapi.yaml. `--check` compares instead of writing,
// so `npm test` fails when a committed generated file is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'
import { parse } from 'yaml'
import { banner, renderOperations } from './sdk-operations.mjs'

const root = new URL('..', import.meta.url)
const specUrl = new URL('sdk/openapi.yaml', root)

/** Each generated file: its path and a function producing its text. */
const outputs = [
  {
    path: 'sdk/api/schema.d.ts',
    async render() {
      const ast = await openapiTS(specUrl)
      return banner + astToString(ast)
    },
  },
  {
    path: 'sdk/api/operations.gen.ts',
    async render() {
      return renderOperations(parse(readFileSync(specUrl, 'utf8')))
    },
  },
]

const check = process.argv.includes('--check')
const stale = []
for (const output of outputs) {
  const file = fileURLToPath(new URL(output.path, root))
  const text = await output.render()
  let current = null
  try {
    current = readFileSync(file, 'utf8')
  } catch {}
  if (current === text) continue
  if (check) stale.push(output.path)
  else writeFileSync(file, text)
}
if (stale.length > 0) {
  process.stderr.write(
    `${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} out of date with sdk/openapi.yaml.\n` +
      'Run `npm run sdk:generate` and commit the result.\n',
  )
  process.exit(1)
}
if (!check) process.stdout.write(`generated ${outputs.map((o) => o.path).join(', ')}\n`)
