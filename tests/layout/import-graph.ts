// The repository's own import graph, read from the sources: which file imports which, relative imports only.
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** The repository root. */
export const ROOT = path.resolve(__dirname, '../..')

const CODE = /\.(ts|tsx|mjs|cjs|js)$/
const CANDIDATES = ['', '.ts', '.tsx', '.d.ts', '.mjs', '.js', '/index.ts', '/index.tsx']

/** Whether a repository path is a test or a type-level test, which may use what production code may not. */
export function isTestFile(file: string): boolean {
  return /\.test(-d)?\.tsx?$/.test(file)
}

/** The module specifiers a source text imports, re-exports, requires or loads with `import()`. */
export function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)
}

/** The repository file a relative specifier in `from` names, or null for a package; throws when no file matches. */
export function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null
  const base = path.join(path.dirname(path.join(ROOT, from)), specifier)
  for (const suffix of CANDIDATES) {
    const file = base + suffix
    if (existsSync(file) && statSync(file).isFile()) return path.relative(ROOT, file).split(path.sep).join('/')
  }
  // An import this reader cannot follow would hide whatever lies behind it.
  throw new Error(`${from}: cannot resolve ${specifier}`)
}

/** Files of the repository a file imports directly (repository paths with forward slashes). */
export function importsOf(file: string, read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8')): string[] {
  if (!CODE.test(file)) return []
  return specifiersOf(read(file))
    .map((s) => resolveImport(file, s))
    .filter((f): f is string => f !== null)
}

/** Every repository file `file` reaches through imports, itself included. */
export function reachableFrom(file: string, imports: (f: string) => string[] = importsOf): Set<string> {
  const seen = new Set<string>()
  const visit = (f: string) => {
    if (seen.has(f)) return
    seen.add(f)
    for (const next of imports(f)) visit(next)
  }
  visit(file)
  return seen
}
