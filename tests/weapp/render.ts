// The rendered page as the WeChat view layer would see it: Taro's compressed `data.root` tree,
// read through the templates the build emitted in base.wxml (so node names, attributes and
// event bindings come from the real build, not from a guess of Taro's internals).
import { readFileSync } from 'node:fs'
import path from 'node:path'

/** What base.wxml declares for one compressed node name (`nn`). */
export interface NodeTemplate {
  tag: string
  /** Attribute name → how it reads the node data (`i.p2`, with the template's default). */
  attrs: Record<string, AttrBinding>
  /** Events bound with `bind<event>="eh"` (they bubble on). */
  bound: Set<string>
  /** Events bound with `catch<event>="eh"` (they stop bubbling). */
  caught: Set<string>
}

/** How a template attribute reads node data: `{{i.p2}}`, `{{xs.b(i.p9,!1)}}` (default when undefined), `{{i.p4||'x'}}` (when falsy). */
export interface AttrBinding {
  key: string
  fallback: unknown
  whenFalsy: boolean
}

/** One node of the rendered tree. */
export interface WxNode {
  /** WXML tag (`view`, `button`, `text`, `image`...), or `#text` for a text node. */
  tag: string
  nn: string
  sid: string
  /** The WXML `id` attribute: `uid` when React gave one, else `sid`. */
  id: string
  className: string
  /** Text content: a text node's own text, an element's descendants' text joined. */
  text: string
  /** Template attributes with their defaults applied, by WXML name (`disabled`, `loading`, `open-type`...). */
  props: Record<string, unknown>
  bound: ReadonlySet<string>
  caught: ReadonlySet<string>
  children: WxNode[]
  parent: WxNode | null
}

/** A text to look for: exact (after trimming and collapsing whitespace) or a RegExp. */
export type TextMatcher = string | RegExp

const templateCache = new Map<string, Map<string, NodeTemplate>>()

/** Parses every `tmpl_<level>_<nn>` template of a build's base.wxml (cached per file content). */
export function loadTemplates(distDir: string): Map<string, NodeTemplate> {
  const wxml = readFileSync(path.join(distDir, 'base.wxml'), 'utf8')
  const cached = templateCache.get(wxml)
  if (cached) return cached
  const templates = new Map<string, NodeTemplate>()
  const templateRe = /<template name="tmpl_\d+_(\d+)">([\s\S]*?)<\/template>/g
  for (const [, nn, body] of wxml.matchAll(templateRe)) {
    if (!nn || !body || templates.has(nn)) continue
    templates.set(nn, parseTemplate(body))
  }
  templateCache.set(wxml, templates)
  return templates
}

function parseTemplate(body: string): NodeTemplate {
  const template: NodeTemplate = { tag: '#text', attrs: {}, bound: new Set(), caught: new Set() }
  const open = /<([a-z][a-z-]*)\s([^>]*)>/.exec(body)
  // A template without an element of its own (`<block>{{i.v}}</block>`) is the text node.
  if (!open?.[1] || open[1] === 'block' || open[1] === 'template') return template
  template.tag = open[1]
  for (const [, name, value] of (open[2] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) {
    if (!name || value === undefined) continue
    const event = /^(bind|catch):?(\w+)$/.exec(name)
    if (event?.[2] && value === 'eh') {
      ;(event[1] === 'catch' ? template.caught : template.bound).add(event[2])
      continue
    }
    const read = parseBinding(value)
    if (read && !['id', 'class', 'style', 'data-sid'].includes(name)) template.attrs[name] = read
  }
  return template
}

function parseBinding(value: string): AttrBinding | null {
  const direct = /^\{\{i\.(\w+)\}\}$/.exec(value)
  if (direct?.[1]) return { key: direct[1], fallback: undefined, whenFalsy: false }
  const withDefault = /^\{\{xs\.b\(i\.(\w+),(.+)\)\}\}$/.exec(value)
  if (withDefault?.[1] && withDefault[2] !== undefined) {
    return { key: withDefault[1], fallback: literal(withDefault[2]), whenFalsy: false }
  }
  const withOr = /^\{\{i\.(\w+)\|\|(.+)\}\}$/.exec(value)
  if (withOr?.[1] && withOr[2] !== undefined) return { key: withOr[1], fallback: literal(withOr[2]), whenFalsy: true }
  return null
}

function literal(source: string): unknown {
  if (source === '!1') return false
  if (source === '!0') return true
  try {
    return JSON.parse(source.replace(/'/g, '"'))
  } catch {
    // A bare identifier in WXML (e.g. `en`) is an undefined variable there.
    return undefined
  }
}

/** Builds the node tree from a page's `data.root`. */
export function buildTree(root: unknown, templates: Map<string, NodeTemplate>): WxNode {
  const top = toNode(
    { nn: '#root', sid: 'root', cn: (root as { cn?: unknown[] } | undefined)?.cn ?? [] },
    null,
    templates,
  )
  top.tag = '#root'
  return top
}

function toNode(raw: Record<string, unknown>, parent: WxNode | null, templates: Map<string, NodeTemplate>): WxNode {
  const nn = String(raw.nn)
  const template = templates.get(nn)
  const props: Record<string, unknown> = {}
  for (const [name, { key, fallback, whenFalsy }] of Object.entries(template?.attrs ?? {})) {
    props[name] = raw[key] === undefined || (whenFalsy && !raw[key]) ? fallback : raw[key]
  }
  const node: WxNode = {
    tag: template?.tag ?? `nn:${nn}`,
    nn,
    sid: String(raw.sid ?? ''),
    id: String(raw.uid ?? raw.sid ?? ''),
    className: typeof raw.cl === 'string' ? raw.cl : '',
    text: '',
    props,
    bound: template?.bound ?? new Set(),
    caught: template?.caught ?? new Set(),
    children: [],
    parent,
  }
  const children = Array.isArray(raw.cn) ? raw.cn : []
  node.children = children.map((child) => toNode(child as Record<string, unknown>, node, templates))
  node.text = node.tag === '#text' ? String(raw.v ?? '') : node.children.map((c) => c.text).join('')
  return node
}

/** Every node below `node`, depth first in document order. */
export function* walk(node: WxNode): Generator<WxNode> {
  for (const child of node.children) {
    yield child
    yield* walk(child)
  }
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** Whether a text matches: exact after normalizing whitespace, or by RegExp. */
export function matchesText(text: string, matcher: TextMatcher): boolean {
  const normalized = normalize(text)
  if (typeof matcher === 'string') return normalized === normalize(matcher)
  matcher.lastIndex = 0
  return matcher.test(normalized)
}

/** The innermost elements whose text matches (an element is skipped when a child element matches too). */
export function queryAllByText(root: WxNode, matcher: TextMatcher): WxNode[] {
  const found: WxNode[] = []
  for (const node of walk(root)) {
    if (node.tag === '#text' || !matchesText(node.text, matcher)) continue
    const childMatches = node.children.some((c) => c.tag !== '#text' && matchesText(c.text, matcher))
    if (!childMatches) found.push(node)
  }
  return found
}

/** The text of every non-empty text node, in document order. */
export function allTexts(root: WxNode): string[] {
  return [...walk(root)].filter((n) => n.tag === '#text' && normalize(n.text) !== '').map((n) => normalize(n.text))
}

/** The nodes that receive a native event dispatched at `target`, in bubbling order (a `catch` binding ends it). */
export function bubblePath(target: WxNode, event: string): WxNode[] {
  const handlers: WxNode[] = []
  for (let node: WxNode | null = target; node && node.tag !== '#root'; node = node.parent) {
    if (node.caught.has(event)) {
      handlers.push(node)
      break
    }
    if (node.bound.has(event)) handlers.push(node)
  }
  return handlers
}

/**
 * The native events WeChat delivers to the page's `eh` for a tap on `node`: one per element on the
 * bubbling path, each with that element as currentTarget (a text node's touch lands on its element).
 */
export function tapEvents(node: WxNode): Array<Record<string, unknown>> {
  let target = node
  while (target.tag === '#text' && target.parent) target = target.parent
  const element = (n: WxNode) => ({ id: n.id, offsetLeft: 0, offsetTop: 0, dataset: { sid: n.sid } })
  const timeStamp = Math.round(performance.now())
  return bubblePath(target, 'tap').map((current) => ({
    type: 'tap',
    timeStamp,
    target: element(target),
    currentTarget: element(current),
    detail: { x: 0, y: 0 },
    touches: [],
    changedTouches: [],
    mut: false,
  }))
}

/** A short outline of the tree for failure messages. */
export function outline(root: WxNode, depth = 0): string {
  const lines: string[] = []
  for (const child of root.children) {
    if (child.tag === '#text') {
      lines.push(`${'  '.repeat(depth)}"${normalize(child.text)}"`)
      continue
    }
    const flags = child.props.disabled === true ? ' disabled' : ''
    const cls = child.className ? `.${child.className.split(/\s+/).join('.')}` : ''
    lines.push(`${'  '.repeat(depth)}<${child.tag}${cls}${flags}>`)
    const inner = outline(child, depth + 1)
    if (inner) lines.push(inner)
  }
  return lines.join('\n')
}

/** Applies a `setData` payload the way WeChat does: keys are paths (`root.cn.[0].v`, `list[1].x`). */
export function applySetData(target: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) {
    const tokens: Array<string | number> = []
    for (const [, name, index] of key.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
      tokens.push(index !== undefined ? Number(index) : String(name))
    const last = tokens.pop()
    if (last === undefined) continue
    let cursor = target as Record<string | number, unknown>
    tokens.forEach((token, i) => {
      if (cursor[token] === null || typeof cursor[token] !== 'object') {
        cursor[token] = typeof (tokens[i + 1] ?? last) === 'number' ? [] : {}
      }
      cursor = cursor[token] as Record<string | number, unknown>
    })
    // The view layer receives data serialized: only JSON survives the trip.
    cursor[last] = value === undefined ? undefined : JSON.parse(JSON.stringify(value))
  }
}
