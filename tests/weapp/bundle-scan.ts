// Reads a weapp build as webpack modules, to tell the project's own code from the vendor chunks
// and to find real `console.log(...)` calls (not the text inside a string).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** Chunks Taro's split puts third-party code in: node_modules (vendors), @tarojs (taro), the webpack runtime. */
export const VENDOR_CHUNKS = new Set(['vendors.js', 'taro.js', 'runtime.js'])

/** One webpack module of a chunk. */
export interface BundleModule {
  chunk: string
  id: string
  source: string
  node: ts.Node
}

/** Every file of the build, relative to distDir, with forward slashes. */
export function buildFiles(distDir: string): string[] {
  const out: string[] = []
  const visit = (dir: string) => {
    for (const entry of readdirSync(path.join(distDir, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name
      if (entry.isDirectory()) visit(rel)
      else if (!entry.name.startsWith('.')) out.push(rel)
    }
  }
  visit('')
  return out.sort()
}

/**
 * JS chunks that carry the project's code: the app entry, pages, shared `common` chunk and components.
 * app.js also bundles react-reconciler and scheduler (used by the entry only); their production builds
 * contain no console.log, so a hit here is taken as ours until shown otherwise.
 */
export function appChunks(distDir: string): string[] {
  return buildFiles(distDir).filter((f) => f.endsWith('.js') && !VENDOR_CHUNKS.has(f))
}

/** The modules a chunk pushes onto `webpackJsonp`: `push([[chunkIds], { id: function () {...} }, runtime])`. */
export function chunkModules(chunk: string, text: string): BundleModule[] {
  const file = ts.createSourceFile(chunk, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const modules: BundleModule[] = []
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'push' &&
      node.arguments[0] &&
      ts.isArrayLiteralExpression(node.arguments[0])
    ) {
      const table = node.arguments[0].elements[1]
      if (table && ts.isObjectLiteralExpression(table)) {
        for (const prop of table.properties) {
          if (!ts.isPropertyAssignment(prop)) continue
          modules.push({
            chunk,
            id: prop.name.getText(file),
            source: prop.initializer.getText(file),
            node: prop.initializer,
          })
        }
      }
      // The third element is the chunk's startup code, which may call console itself.
      const startup = node.arguments[0].elements[2]
      if (startup) modules.push({ chunk, id: '(startup)', source: startup.getText(file), node: startup })
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  // A file that is not a webpack chunk (e.g. a plain script) is checked as one module.
  return modules.length > 0 ? modules : [{ chunk, id: '(file)', source: text, node: file }]
}

/** `console.log(...)` and `console['log'](...)` calls in a module, as source snippets. */
export function consoleLogCalls(module: BundleModule): string[] {
  const hits: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression
      const isLog =
        (ts.isPropertyAccessExpression(callee) && callee.name.text === 'log') ||
        (ts.isElementAccessExpression(callee) &&
          ts.isStringLiteral(callee.argumentExpression) &&
          callee.argumentExpression.text === 'log')
      if (isLog && ts.isIdentifier(callee.expression) && callee.expression.text === 'console') {
        hits.push(node.getText().slice(0, 120))
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(module.node)
  return hits
}

const parsed = new Map<string, BundleModule[]>()

/** The modules of every app chunk of a build (parsed once per chunk content). */
export function appModules(distDir: string): BundleModule[] {
  return appChunks(distDir).flatMap((chunk) => {
    const text = readFileSync(path.join(distDir, chunk), 'utf8')
    const key = `${chunk}\0${text}`
    let modules = parsed.get(key)
    if (!modules) {
      modules = chunkModules(chunk, text)
      parsed.set(key, modules)
    }
    return modules
  })
}

/**
 * What survives minification of a module's source: its string literals, the property names it reads or
 * writes, and the globals it uses. A bundle module holding all of them very likely holds that module.
 */
export function survivingNames(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const declared = new Set<string>()
  const used = new Set<string>()
  const names = new Set<string>()
  const visit = (node: ts.Node) => {
    // Types, imports and exports leave nothing behind in a bundle.
    if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isTypeAliasDeclaration(node)) return
    if (ts.isInterfaceDeclaration(node)) return
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) names.add(node.text)
    else if (ts.isPropertyAccessExpression(node)) names.add(node.name.text)
    else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name)) names.add(node.name.text)
    else if (ts.isShorthandPropertyAssignment(node)) names.add(node.name.text)
    else if (ts.isBindingElement(node) && node.propertyName && ts.isIdentifier(node.propertyName))
      names.add(node.propertyName.text)
    else if (ts.isBindingElement(node) && ts.isIdentifier(node.name) && ts.isObjectBindingPattern(node.parent))
      names.add(node.name.text)
    if (
      (ts.isVariableDeclaration(node) ||
        ts.isParameter(node) ||
        ts.isFunctionDeclaration(node) ||
        ts.isBindingElement(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    )
      declared.add(node.name.text)
    if (ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node.parent) && !ts.isPropertyAssignment(node.parent))
      used.add(node.text)
    ts.forEachChild(node, visit)
  }
  visit(file)
  // `undefined` minifies to `void 0`.
  for (const name of used) if (!declared.has(name) && name !== 'undefined' && name in globalThis) names.add(name)
  return [...names].filter((name) => name.length > 0).sort()
}

/** Whether a bundle module carries every name that survives minification of a source module. */
export function carriesModule(module: Pick<BundleModule, 'source'>, names: readonly string[]): boolean {
  return names.every((name) => module.source.includes(name))
}
