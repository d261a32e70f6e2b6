// How many bytes the SDK adds to a mini program: each bundle minified and gzipped the way a
// production build ships it, with `@tarojs/taro` left out because the app bundles it anyway.

import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The gzip budget for client + taroTransport + errors, in bytes. */
export const SDK_CORE_GZIP_BUDGET_BYTES = 3 * 1024

/** What each measured bundle contains, as the source of an entry module inside `sdk/`. */
const bundles = [
  {
    name: 'client + taroTransport + errors',
    budgetBytes: SDK_CORE_GZIP_BUDGET_BYTES,
    source: `export { createClient } from './client/client'
export { taroTransport } from './client/taro-transport'
export * from './client/errors'`,
  },
  {
    name: '+ authMiddleware',
    source: `export { createClient } from './client/client'
export { taroTransport } from './client/taro-transport'
export * from './client/errors'
export { authMiddleware } from './api/auth-middleware'`,
  },
  {
    name: '+ generated metadata (createApiClient)',
    source: `export { createApiClient } from './api/api-client'
export { taroTransport } from './client/taro-transport'
export * from './client/errors'
export { authMiddleware } from './api/auth-middleware'`,
  },
  { name: 'generated metadata alone (operations.gen.ts)', source: `export * from './api/operations.gen'` },
  { name: 'everything sdk/index.ts exports', source: `export * from './index'` },
]

async function measure(bundle, resolveDir = `${root}sdk`) {
  const result = await build({
    stdin: { contents: bundle.source, resolveDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    // The mini program's own build targets old WeChat engines: syntax is lowered the same way.
    target: 'es2017',
    external: ['@tarojs/taro'],
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].contents
  return {
    name: bundle.name,
    minifiedBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    budgetBytes: bundle.budgetBytes ?? null,
  }
}

/** Measures every SDK bundle; resolves to one row per bundle with its minified and gzipped size in bytes. */
export async function measureSdkSize() {
  const rows = []
  for (const bundle of bundles) rows.push(await measure(bundle))
  return rows
}

/** openapi-fetch's published bundle from node_modules, measured exactly like the SDK bundles: the baseline. */
export async function measureOpenapiFetch() {
  const version = JSON.parse(readFileSync(`${root}node_modules/openapi-fetch/package.json`, 'utf8')).version
  const source = `export { default } from 'openapi-fetch'
export * from 'openapi-fetch'`
  return measure({ name: `openapi-fetch ${version} (whole package)`, source }, root)
}

function printTable(rows) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`
  const width = Math.max(...rows.map((row) => row.name.length))
  console.log(`${'bundle'.padEnd(width)}  ${'minified'.padStart(9)}  ${'gzip'.padStart(8)}  budget`)
  for (const row of rows) {
    const budget =
      row.budgetBytes === null ? '' : `${kb(row.budgetBytes)} ${row.gzipBytes <= row.budgetBytes ? '✔' : '✘'}`
    console.log(
      `${row.name.padEnd(width)}  ${kb(row.minifiedBytes).padStart(9)}  ${kb(row.gzipBytes).padStart(8)}  ${budget}`,
    )
  }
}

// `--json` prints the figures for other scripts (the benchmark runner, the size budget test).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await measureSdkSize()
  const baseline = await measureOpenapiFetch()
  if (process.argv.includes('--json')) console.log(JSON.stringify({ sdk: rows, openapiFetch: baseline }))
  else printTable([...rows, baseline])
}
