// `npm run build:server`: the API server as plain JavaScript for `node`, in build/ (ignored by git):
//   build/server/main.js   the entry (`node build/server/main.js`), one bundle of server/ with a source map
//   build/sdk/openapi.yaml the contract it loads at start, at the same place relative to the code as in the sources
// Packages stay outside the bundle and come from `npm ci --omit=dev`; the build fails when the server
// imports a package that is not in `dependencies`, since a production install would not have it.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'build')
const entry = join(root, 'server', 'main.ts')
const contract = ['sdk', 'openapi.yaml']

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

const started = Date.now()
rmSync(outDir, { recursive: true, force: true })
const result = await build({
  entryPoints: [entry],
  outfile: join(outDir, 'server', 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The oldest Node the package supports (engines); nothing newer is assumed.
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
})
mkdirSync(join(outDir, ...contract.slice(0, -1)), { recursive: true })
copyFileSync(join(root, ...contract), join(outDir, ...contract))

const builtins = new Set(builtinModules)
const imported = new Set()
for (const input of Object.values(result.metafile.inputs)) {
  for (const edge of input.imports) {
    if (!edge.external || edge.path.startsWith('node:') || builtins.has(edge.path)) continue
    imported.add(packageName(edge.path))
  }
}
const { dependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const missing = [...imported].filter((name) => !(name in dependencies)).sort()
if (missing.length > 0) {
  console.error(
    `build:server: the server imports ${missing.join(', ')} at run time, but package.json lists ` +
      `${missing.length === 1 ? 'it' : 'them'} under devDependencies or not at all; a production install ` +
      `(npm ci --omit=dev) would not have ${missing.length === 1 ? 'it' : 'them'}. Move ` +
      `${missing.length === 1 ? 'it' : 'them'} to "dependencies".`,
  )
  process.exit(1)
}
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
console.log(
  `build:server: ${relative(root, join(outDir, 'server', 'main.js'))} and ${contract.join('/')} in ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s (${Math.round(bytes / 1024)} KB with the source map); ` +
    `packages it loads: ${[...imported].sort().join(', ')}. Start it with: node build/server/main.js`,
)
