// The measuring tools stay smaller than what they measure, and their modules import each other one way only.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.join(__dirname, '..', '..')
const BENCH = path.join(ROOT, 'bench')
const SOURCE = /\.(ts|tsx|mjs)$/

/** Every file below `dir`, skipping dot folders (bench/.tmp holds build output). */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return []
    const file = path.join(dir, entry.name)
    return entry.isDirectory() ? filesBelow(file) : [file]
  })
}

const lineCount = (files: string[]) => files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length, 0)

/** Relative imports (type-only ones included) of a module, as files of bench/. */
function benchImports(file: string, modules: Set<string>): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)]
  return specifiers.flatMap(([, specifier]) => {
    const base = path.resolve(path.dirname(file), specifier ?? '')
    const found = [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`].find((candidate) => modules.has(candidate))
    return found ? [found] : []
  })
}

/** One import cycle among `modules`, as the files along it, or null. */
function findImportCycle(modules: string[]): string[] | null {
  const known = new Set(modules)
  const state = new Map<string, 'visiting' | 'done'>()
  const trail: string[] = []
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null
    if (state.get(file) === 'visiting') return [...trail.slice(trail.indexOf(file)), file]
    state.set(file, 'visiting')
    trail.push(file)
    for (const next of benchImports(file, known)) {
      const cycle = visit(next)
      if (cycle) return cycle
    }
    trail.pop()
    state.set(file, 'done')
    return null
  }
  for (const file of modules) {
    const cycle = visit(file)
    if (cycle) return cycle
  }
  return null
}

describe('the bench folder', () => {
  const benchModules = filesBelow(BENCH).filter((f) => SOURCE.test(f))

  it('has no import cycle between its modules', () => {
    const cycle = findImportCycle(benchModules)
    expect(cycle?.map((file) => path.relative(ROOT, file)) ?? null).toBeNull()
  })

  it('is smaller than src/, notes and results included', () => {
    expect(lineCount(filesBelow(BENCH))).toBeLessThan(lineCount(filesBelow(path.join(ROOT, 'src'))))
  })
})
