// Alipay's AXML and Douyin's TTML are WXML with other spellings. No Alipay or Douyin template compiler
// runs here, so a build's templates are rewritten into WXML by a fixed, small mapping and rendered by
// WeChat's `wcc` like the weapp build. The mapping knows each dialect's own spellings only: anything of
// another dialect (a `wx:if` in AXML, `onTap` in TTML) is refused, as the platform would not understand it.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { MiniPlatform } from './build'
import { buildFiles } from './bundle-scan'

/** How a platform spells templates, their script modules and directives. */
export interface TemplateDialect {
  /** Template file extension: `wxml`, `axml`, `ttml`. */
  template: string
  /** Script module extension: `wxs`, `sjs`. */
  script: string
  /** Directive prefix: `wx:`, `a:`, `tt:`. */
  directive: string
}

/** The dialect of each platform's build. */
export const DIALECTS: Record<MiniPlatform, TemplateDialect> = {
  weapp: { template: 'wxml', script: 'wxs', directive: 'wx:' },
  alipay: { template: 'axml', script: 'sjs', directive: 'a:' },
  tt: { template: 'ttml', script: 'sjs', directive: 'tt:' },
}

/** A template the mapping refuses, with where and why. */
export class DialectError extends Error {}

const DIRECTIVE = /^(wx|a|tt|s|qq|jd):([\w-]+)$/
const DIRECTIVES = new Set(['if', 'elif', 'else', 'for', 'for-item', 'for-index', 'key'])
// Alipay binds events as `on<Event>` / `catch<Event>` with a capital letter (onTap, catchTouchMove);
// Taro also emits the lower-case `onagreeprivacyauthorization`, which Alipay reads the same way.
const ALIPAY_EVENT = /^(on|catch)([A-Za-z][A-Za-z]*)$/
// WeChat's and Douyin's bindings: bindtap, bind:tap, catchtap, catch:tap, capture-bind:tap...
const WX_EVENT = /^(bind|catch|mut-bind|capture-bind|capture-catch):?([a-z][\w-]*)$/
/** Alipay's `longTap` is WeChat's `longpress` (the rest only change case: `touchStart` → `touchstart`). */
const ALIPAY_EVENT_NAMES: Record<string, string> = { longtap: 'longpress' }

function fail(file: string, message: string): never {
  throw new DialectError(`${file}: ${message}`)
}

/** Rewrites one attribute name of `dialect` to WXML; refuses another dialect's directive or binding. */
function attributeName(platform: MiniPlatform, file: string, name: string): string {
  const directive = DIRECTIVE.exec(name)
  if (directive) {
    const [, prefix, rest = ''] = directive
    if (`${prefix}:` !== DIALECTS[platform].directive)
      fail(file, `"${name}" is not a ${platform} directive (${DIALECTS[platform].directive}${rest} is)`)
    if (!DIRECTIVES.has(rest)) fail(file, `unknown directive "${name}"`)
    return `wx:${rest}`
  }
  if (platform === 'alipay') {
    if (WX_EVENT.test(name) && !ALIPAY_EVENT.test(name))
      fail(file, `"${name}" binds nothing on Alipay (events are on<Event> / catch<Event>)`)
    const event = ALIPAY_EVENT.exec(name)
    if (event) {
      const [, kind, rawEvent = ''] = event
      const lower = rawEvent.toLowerCase()
      return `${kind === 'on' ? 'bind' : 'catch'}${ALIPAY_EVENT_NAMES[lower] ?? lower}`
    }
    return name
  }
  if (/^on[A-Z]/.test(name) || /^catch[A-Z]/.test(name)) fail(file, `"${name}" binds nothing on ${platform}`)
  return name
}

const TAG = /<(\/?)([\w-]+)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(\/?)>/g
const ATTRIBUTE = /([^\s=>/]+)(\s*=\s*(?:"[^"]*"|'[^']*'))?/g

/**
 * One template of `platform` as WXML: directives renamed (`a:if` → `wx:if`), Alipay event attributes
 * turned into bindings (`onTap` → `bindtap`, `catchTap` → `catchtap`), imports and script modules pointed
 * at the rewritten files. Text and expressions are left as they are (the three share `{{ }}`).
 */
export function templateToWxml(platform: MiniPlatform, file: string, source: string): string {
  const { template, script } = DIALECTS[platform]
  return source.replace(TAG, (whole, close: string, tag: string, attrs: string, selfClose: string) => {
    if (close) return whole
    if (platform === 'alipay' && tag === 'import-sjs') {
      const from = /\bfrom\s*=\s*"([^"]+)"/.exec(attrs)?.[1]
      const name = /\bname\s*=\s*"([^"]+)"/.exec(attrs)?.[1]
      if (!from || !name) fail(file, '<import-sjs> needs name and from')
      return `<wxs module="${name}" src="${from.replace(/\.sjs$/, '.wxs')}" />`
    }
    if (platform === 'tt' && tag === 'sjs') {
      const src = /\bsrc\s*=\s*"([^"]+)"/.exec(attrs)?.[1]
      const module = /\bmodule\s*=\s*"([^"]+)"/.exec(attrs)?.[1]
      if (!src || !module) fail(file, '<sjs> needs module and src')
      return `<wxs module="${module}" src="${src.replace(/\.sjs$/, '.wxs')}" />`
    }
    if (tag === 'wxs' || tag === 'import-sjs' || tag === 'sjs')
      fail(file, `<${tag}> is not how ${platform} loads a ${script} module`)
    let out = ''
    for (const [, name = '', value = ''] of attrs.matchAll(ATTRIBUTE)) {
      const mapped = attributeName(platform, file, name)
      let mappedValue = value
      if ((tag === 'import' || tag === 'include') && name === 'src') {
        if (!new RegExp(`\\.${template}"$`).test(value)) fail(file, `<${tag} src${value}> is not a .${template} file`)
        mappedValue = value.replace(new RegExp(`\\.${template}"$`), '.wxml"')
      }
      out += ` ${mapped}${mappedValue}`
    }
    return `<${tag}${out}${selfClose ? ' /' : ''}>`
  })
}

/**
 * A script module as WXS. Alipay's SJS is an ES module (`export default {...}`), Douyin's is CommonJS
 * like WXS (`module.exports = {...}`); the other form is refused, as that platform rejects it.
 */
export function scriptToWxs(platform: MiniPlatform, file: string, source: string): string {
  if (platform === 'alipay') {
    if (!/^\s*export\s+default\b/m.test(source)) fail(file, 'an Alipay SJS module exports with `export default`')
    if (/\bmodule\.exports\b/.test(source)) fail(file, 'Alipay SJS has no `module.exports`')
    return source.replace(/^(\s*)export\s+default\b/m, '$1module.exports =')
  }
  if (/^\s*export\s+/m.test(source)) fail(file, `${platform} SJS exports with module.exports, not export`)
  return source
}

/** How deep the unrolled templates go: deeper than any page of the app nests its elements. */
export const UNROLLED_DEPTH = 32

/** `is="{{expr}}"` or `is="name"` calling the copy at `depth`. */
function callAtDepth(file: string, value: string, depth: number): string {
  const dynamic = /^\{\{([^{}]*)\}\}$/.exec(value)
  if (dynamic) return `{{(${dynamic[1]}) + '__d${depth}'}}`
  if (/^[\w-]+$/.test(value)) return `${value}__d${depth}`
  fail(file, `<template is="${value}"> mixes text and expressions`)
}

/** Rewrites every `<template is>` in `text` to call copies at `depth`. */
function callsAtDepth(file: string, text: string, depth: number): string {
  return text.replace(
    /(<template\b[^>]*?\bis=")([^"]*)(")/g,
    (_, open: string, value: string, close: string) => `${open}${callAtDepth(file, value, depth)}${close}`,
  )
}

/**
 * Alipay and Douyin let a template call itself (Taro's element templates do, one level per element);
 * WeChat's engine stops recursion. Each `<template name>` becomes numbered copies, `name__d0` to
 * `name__d<depth-1>`, whose calls go one copy deeper; calls outside any definition use copy 0. Deeper
 * than `depth` the call names a copy that does not exist and the render fails loudly.
 */
export function unrollRecursion(file: string, wxml: string, depth = UNROLLED_DEPTH): string {
  const opening = /<template\s+name="([^"]+)"[^>]*>/g
  let out = ''
  let cursor = 0
  for (let match = opening.exec(wxml); match; match = opening.exec(wxml)) {
    // The definition ends at the </template> that balances it (calls inside are self-closing or balanced).
    const tags = /<template\b[^>]*?(\/?)>|<\/template\s*>/g
    tags.lastIndex = match.index + match[0].length
    let open = 1
    let end = -1
    for (let tag = tags.exec(wxml); tag; tag = tags.exec(wxml)) {
      if (tag[0].startsWith('</')) open -= 1
      else if (tag[1] !== '/') open += 1
      if (open === 0) {
        end = tag.index + tag[0].length
        break
      }
    }
    if (end < 0) fail(file, `<template name="${match[1]}"> is never closed`)
    out += callsAtDepth(file, wxml.slice(cursor, match.index), 0)
    const body = wxml.slice(match.index + match[0].length, end)
    for (let level = 0; level < depth; level++) {
      const head = match[0].replace(`name="${match[1]}"`, `name="${match[1]}__d${level}"`)
      out += `${head}${callsAtDepth(file, body, level + 1)}\n`
    }
    cursor = end
    opening.lastIndex = end
  }
  return out + callsAtDepth(file, wxml.slice(cursor), 0)
}

/** A hash of the mapping and of a build's templates, script modules and page JSON: one mirror per content. */
function digest(distDir: string, files: string[]): string {
  const hash = createHash('sha256')
  // The mapping itself is part of the content: a changed mapping makes a new mirror.
  hash.update(readFileSync(__filename))
  for (const file of files) {
    hash.update(`${file}\0`)
    hash.update(readFileSync(path.join(distDir, file)))
  }
  return hash.digest('hex').slice(0, 24)
}

/**
 * A folder holding the build's templates rewritten as WXML (with the JSON beside them), to compile with
 * `wcc`; for weapp the build itself. Made once per content beside the build (`dist/.<platform>-as-wxml/`),
 * written under a temporary name and renamed, so jest workers sharing it never read half a folder.
 */
export function wxmlMirror(distDir: string, platform: MiniPlatform): string {
  if (platform === 'weapp') return distDir
  const { template, script } = DIALECTS[platform]
  const files = buildFiles(distDir).filter(
    (f) => f.endsWith(`.${template}`) || f.endsWith(`.${script}`) || f.endsWith('.json'),
  )
  if (!files.some((f) => f.endsWith(`.${template}`))) throw new Error(`no .${template} template in ${distDir}`)
  const root = path.join(path.dirname(path.resolve(distDir)), `.${path.basename(distDir)}-as-wxml`)
  const target = path.join(root, digest(distDir, files))
  if (existsSync(target)) return target
  const partial = `${target}.${process.pid}.tmp`
  rmSync(partial, { recursive: true, force: true })
  for (const file of files) {
    const source = readFileSync(path.join(distDir, file), 'utf8')
    let out = file
    let text = source
    if (file.endsWith(`.${template}`)) {
      out = file.replace(new RegExp(`\\.${template}$`), '.wxml')
      text = unrollRecursion(file, templateToWxml(platform, file, source))
    } else if (file.endsWith(`.${script}`)) {
      out = file.replace(new RegExp(`\\.${script}$`), '.wxs')
      text = scriptToWxs(platform, file, source)
    }
    mkdirSync(path.dirname(path.join(partial, out)), { recursive: true })
    writeFileSync(path.join(partial, out), text)
  }
  try {
    renameSync(partial, target)
  } catch (error) {
    // Another worker renamed the same content first.
    rmSync(partial, { recursive: true, force: true })
    if (!existsSync(target)) throw error
  }
  return target
}
