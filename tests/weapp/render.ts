// The rendered page as the WeChat view layer produces it: the build's WXML compiled by WeChat's own
// `wcc` into its template engine (`$gwx`), called with the page's data. Texts, attributes (`disabled`,
// `hidden`, classes) and event bindings are read from that virtual tree, never from the raw setData
// data, so a template that drops or misreads a field shows here as it would on a phone.
import path from 'node:path'
import vm from 'node:vm'
import { compileWxml, usingComponents } from './wcc'

/** One node of the rendered tree. */
export interface WxNode {
  /** WXML tag (`view`, `button`, `text`, `image`, a custom component's name), or `#text` for a text node. */
  tag: string
  /** `data-sid` (Taro's node id), or '' when the template sets none. */
  sid: string
  /** The rendered `id` attribute. */
  id: string
  className: string
  /** Text content: a text node's own text, an element's descendants' text joined. */
  text: string
  /** Rendered attributes as the component receives them (WeChat camel-cases `hover-class` to `hoverClass`). */
  props: Record<string, unknown>
  /** `data-*` attributes, camel-cased, as `event.currentTarget.dataset` carries them. */
  dataset: Record<string, unknown>
  /** Whether the node or an ancestor is hidden (`hidden` attribute or `display: none`), so the user cannot see it. */
  hidden: boolean
  /** Events bound with `bind<event>` / `bind:<event>` / `mut-bind:<event>`: event → handler method name. */
  bound: ReadonlyMap<string, string>
  /** Which of the bound events are `mut-bind` (only the first on a bubbling path runs). */
  mutual: ReadonlySet<string>
  /** Events bound with `catch<event>` (they stop bubbling): event → handler method name. */
  caught: ReadonlyMap<string, string>
  /** Capture-phase bindings (`capture-bind:` / `capture-catch:`): event → handler and whether it stops the event. */
  captured: ReadonlyMap<string, { handler: string; stops: boolean }>
  children: WxNode[]
  parent: WxNode | null
}

/** A text to look for: exact (after trimming and collapsing whitespace) or a RegExp. */
export type TextMatcher = string | RegExp

/** A node of wcc's virtual tree: `{tag: 'wx-view', attr, children}`, text nodes are strings. */
interface GwxNode {
  tag: string
  attr?: Record<string, unknown>
  children?: Array<GwxNode | string | number>
}

type PageGenerator = (data: unknown, dd: unknown, global?: unknown) => GwxNode
type Gwx = (file: string, global?: unknown) => PageGenerator | undefined

/** Deeper than this, a custom component rendering itself is taken as endless recursion. */
const MAX_COMPONENT_DEPTH = 64

/** WeChat's view layer for one build: the wcc-compiled templates, evaluated in a context of their own. */
export class WxmlView {
  /** Milliseconds wcc took (0 when its output was reused). */
  readonly compileMs: number
  private readonly compiled: ReturnType<typeof compileWxml>
  private readonly gwx: Gwx
  // The view realm's own JSON.parse: wcc's runtime hands data objects to WXS only when they are its own Objects.
  private readonly parseInView: (text: string) => unknown
  private readonly warnings: string[] = []
  /** `usingComponents` per WXML file, read once: every rendered element looks its tag up here. */
  private readonly components = new Map<string, Record<string, string>>()

  constructor(readonly distDir: string) {
    const compiled = compileWxml(distDir)
    this.compiled = compiled
    this.compileMs = compiled.ms
    const record = (...args: unknown[]) => {
      this.warnings.push(args.map(String).join(' '))
    }
    // The view layer is a webview of its own in WeChat: no app globals, only `window`.
    const context = vm.createContext({
      window: {},
      __WXML_GLOBAL__: {},
      console: { log: record, warn: record, error: record, info: record, debug: record },
    })
    vm.runInContext(compiled.script, context, { filename: 'wcc-$gwx.js' })
    this.gwx = vm.runInContext('$gwx', context) as Gwx
    this.parseInView = vm.runInContext('JSON.parse', context) as (text: string) => unknown
  }

  /** Whether the build's WXML is still what this view compiled (false once it was rebuilt differently). */
  isCurrent(): boolean {
    return compileWxml(this.distDir) === this.compiled
  }

  /**
   * Renders a page (`pages/index/index`) from its data, expanding custom components with their own
   * templates. A template that is missing, throws or warns (WeChat logs `Template ... not found`) fails.
   */
  render(route: string, data: Record<string, unknown>): WxNode {
    const file = `${route.replace(/^\//, '')}.wxml`
    const raw = this.generate(file, data)
    const top = this.toNode({ tag: 'wx-#root', attr: {}, children: raw.children ?? [] }, null, file, 0)
    return top
  }

  private generate(file: string, data: unknown): GwxNode {
    const generator = this.gwx(file)
    if (typeof generator !== 'function') throw new Error(`wcc compiled no template for ${file}`)
    this.warnings.length = 0
    let tree: GwxNode
    try {
      // WeChat hands the view layer a serialized copy of the data.
      tree = generator(this.parseInView(JSON.stringify(data ?? {})), {}, undefined)
    } catch (error) {
      throw new Error(`WeChat's template engine failed on ${file}: ${error instanceof Error ? error.message : error}`)
    }
    if (this.warnings.length > 0) {
      throw new Error(`WeChat's template engine warned while rendering ${file}:\n${this.warnings.join('\n')}`)
    }
    return tree
  }

  private componentsOf(file: string): Record<string, string> {
    let found = this.components.get(file)
    if (!found) {
      found = usingComponents(this.distDir, file)
      this.components.set(file, found)
    }
    return found
  }

  private toNode(raw: GwxNode | string | number, parent: WxNode | null, owner: string, depth: number): WxNode {
    if (typeof raw !== 'object' || raw === null) return textNode(String(raw), parent)
    const attr = raw.attr ?? {}
    const tag = raw.tag.replace(/^wx-/, '')
    const node: WxNode = {
      tag: tag === '#root' ? '#root' : tag,
      sid: String(attr['data-sid'] ?? ''),
      id: attr.id === undefined ? '' : String(attr.id),
      className: typeof attr.class === 'string' ? attr.class : '',
      text: '',
      props: {},
      dataset: {},
      hidden: (parent?.hidden ?? false) || isHidden(attr),
      bound: new Map(),
      mutual: new Set(),
      caught: new Map(),
      captured: new Map(),
      children: [],
      parent,
    }
    readAttributes(attr, node)
    let children = raw.children ?? []
    let childOwner = owner
    const component = this.componentsOf(owner)[tag]
    if (component) {
      // A custom component renders its own template with its properties as data (its shadow tree).
      if (depth >= MAX_COMPONENT_DEPTH) throw new Error(`custom component <${tag}> nested deeper than ${depth}`)
      childOwner = `${path.posix.join(path.posix.dirname(owner), component)}.wxml`
      children = this.generate(childOwner, attr).children ?? []
    }
    const nextDepth = component ? depth + 1 : depth
    node.children = children.map((child) => this.toNode(child, node, childOwner, nextDepth))
    node.text = node.children.map((c) => c.text).join('')
    return node
  }
}

function textNode(text: string, parent: WxNode | null): WxNode {
  return {
    tag: '#text',
    sid: '',
    id: '',
    className: '',
    text,
    props: {},
    dataset: {},
    hidden: parent?.hidden ?? false,
    bound: new Map(),
    mutual: new Set(),
    caught: new Map(),
    captured: new Map(),
    children: [],
    parent,
  }
}

function isHidden(attr: Record<string, unknown>): boolean {
  if (attr.hidden === true || attr.hidden === 'true') return true
  return typeof attr.style === 'string' && /(^|;)\s*display\s*:\s*none\s*(;|$)/.test(attr.style)
}

const BINDING = /^(bind|catch|mut-bind|capture-bind|capture-catch):?([a-z][\w-]*)$/

function readAttributes(attr: Record<string, unknown>, node: WxNode): void {
  const bound = node.bound as Map<string, string>
  const caught = node.caught as Map<string, string>
  const captured = node.captured as Map<string, { handler: string; stops: boolean }>
  for (const [name, value] of Object.entries(attr)) {
    const binding = BINDING.exec(name)
    if (binding?.[1] && binding[2] && typeof value === 'string' && value !== '') {
      const [, kind, event] = binding
      if (kind === 'catch') caught.set(event, value)
      else if (kind.startsWith('capture')) captured.set(event, { handler: value, stops: kind === 'capture-catch' })
      else {
        bound.set(event, value)
        if (kind === 'mut-bind') (node.mutual as Set<string>).add(event)
      }
      continue
    }
    if (name.startsWith('data-')) {
      node.dataset[name.slice(5).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value
      continue
    }
    if (name !== 'class' && name !== 'id') node.props[name] = value
  }
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

/** The visible text of a node: hidden descendants do not count, as the user cannot read them. */
function visibleText(node: WxNode): string {
  if (node.hidden) return ''
  if (node.tag === '#text') return node.text
  return node.children.map(visibleText).join('')
}

/** The innermost visible elements whose visible text matches (an element is skipped when a child element matches too). */
export function queryAllByText(root: WxNode, matcher: TextMatcher): WxNode[] {
  const found: WxNode[] = []
  for (const node of walk(root)) {
    if (node.tag === '#text' || node.hidden || !matchesText(visibleText(node), matcher)) continue
    const childMatches = node.children.some((c) => c.tag !== '#text' && matchesText(visibleText(c), matcher))
    if (!childMatches) found.push(node)
  }
  return found
}

/** The text of every visible, non-empty text node, in document order. */
export function allTexts(root: WxNode): string[] {
  return [...walk(root)]
    .filter((n) => n.tag === '#text' && !n.hidden && normalize(n.text) !== '')
    .map((n) => normalize(n.text))
}

/** One handler call a native event causes: the method named in the binding, on the node it is bound to. */
export interface Dispatch {
  handler: string
  currentTarget: WxNode
}

/**
 * The handler calls WeChat makes for a native event dispatched at `target`: capture bindings from the
 * root down, then bubble bindings from the target up. `catch` and `capture-catch` end the event;
 * among `mut-bind` bindings only the first on the path runs.
 */
export function dispatchPath(target: WxNode, event: string): Dispatch[] {
  const path: WxNode[] = []
  for (let node: WxNode | null = target; node && node.tag !== '#root'; node = node.parent) path.push(node)
  const calls: Dispatch[] = []
  for (const node of [...path].reverse()) {
    const capture = node.captured.get(event)
    if (!capture) continue
    calls.push({ handler: capture.handler, currentTarget: node })
    if (capture.stops) return calls
  }
  let mutDone = false
  for (const node of path) {
    const caught = node.caught.get(event)
    if (caught) {
      calls.push({ handler: caught, currentTarget: node })
      return calls
    }
    const bound = node.bound.get(event)
    if (!bound) continue
    if (node.mutual.has(event)) {
      if (mutDone) continue
      mutDone = true
    }
    calls.push({ handler: bound, currentTarget: node })
  }
  return calls
}

/**
 * The native tap WeChat delivers for a touch on `node`: each handler call with its event (a text
 * node's touch lands on its element; `target` is that element, `currentTarget` the bound one).
 */
export function tapEvents(node: WxNode): Array<{ handler: string; event: Record<string, unknown> }> {
  let target = node
  while (target.tag === '#text' && target.parent) target = target.parent
  const element = (n: WxNode) => ({ id: n.id, offsetLeft: 0, offsetTop: 0, dataset: { ...n.dataset } })
  const timeStamp = Math.round(performance.now())
  return dispatchPath(target, 'tap').map(({ handler, currentTarget }) => ({
    handler,
    event: {
      type: 'tap',
      timeStamp,
      target: element(target),
      currentTarget: element(currentTarget),
      detail: { x: 0, y: 0 },
      touches: [],
      changedTouches: [],
      mut: false,
    },
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
    const flags = `${child.props.disabled === true ? ' disabled' : ''}${child.hidden && !child.parent?.hidden ? ' hidden' : ''}`
    const cls = child.className ? `.${child.className.trim().split(/\s+/).join('.')}` : ''
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
