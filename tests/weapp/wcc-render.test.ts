// WeChat's template engine (the build's WXML compiled by wcc) is what the weapp tests read: a small
// hand-written project pins down how it renders, and a broken copy of the real build fails its queries.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ensureWeappBuild } from './build'
import { launchWeapp, type WeappApp } from './harness'
import { allTexts, dispatchPath, queryAllByText, WxmlView, type WxNode } from './render'
import { compiledApiBaseUrl } from './routing'
import { compileWxml } from './wcc'

const scratch: string[] = []
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
})

/** A folder laid out like a build (`<root>/dist/weapp`) holding `files`. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'miniauth-wcc-'))
  scratch.push(root)
  const distDir = path.join(root, 'dist/weapp')
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(distDir, file)), { recursive: true })
    writeFileSync(path.join(distDir, file), text)
  }
  return distDir
}

function find(root: WxNode, test: (n: WxNode) => boolean): WxNode {
  const stack = [...root.children]
  while (stack.length > 0) {
    const node = stack.shift() as WxNode
    if (test(node)) return node
    stack.unshift(...node.children)
  }
  throw new Error('no such node')
}

describe('the wcc view of a page', () => {
  const distDir = project({
    'pages/x/index.json': JSON.stringify({ usingComponents: { badge: '../../components/badge' } }),
    'pages/x/index.wxml': [
      '<view class="card {{kind}}" bindtap="onCard" data-sid="card">',
      '  <text>{{title}}</text>',
      '  <view hidden="{{secret}}"><text>秘密</text></view>',
      '  <button disabled="{{busy}}" catch:tap="onButton" data-sid="button">{{label}}</button>',
      '  <badge count="{{count}}" />',
      '</view>',
    ].join('\n'),
    'components/badge.json': JSON.stringify({ component: true }),
    'components/badge.wxml': '<view class="badge" bindtap="onBadge">{{count}} 条</view>',
  })
  const view = new WxmlView(distDir)
  const data = { kind: 'warm', title: '你好', secret: true, busy: true, label: '提交', count: 3 }

  it('renders texts and class names from the data through the template', () => {
    const root = view.render('pages/x/index', data)
    expect(allTexts(root)).toEqual(['你好', '提交', '3 条'])
    expect(find(root, (n) => n.tag === 'view').className).toBe('card warm')
  })

  it('hides what the template hides: a hidden element’s text is not on the page', () => {
    const root = view.render('pages/x/index', data)
    expect(queryAllByText(root, '秘密')).toEqual([])
    expect(allTexts(view.render('pages/x/index', { ...data, secret: false }))).toContain('秘密')
  })

  it('reads disabled from the rendered attribute', () => {
    expect(queryAllByText(view.render('pages/x/index', data), '提交')[0]?.props.disabled).toBe(true)
    expect(queryAllByText(view.render('pages/x/index', { ...data, busy: false }), '提交')[0]?.props.disabled).toBe(
      false,
    )
  })

  it('dispatches a tap to the handlers the bindings name, stopping at a catch', () => {
    const root = view.render('pages/x/index', data)
    const button = queryAllByText(root, '提交')[0] as WxNode
    expect(dispatchPath(button, 'tap').map((d) => d.handler)).toEqual(['onButton'])
    const title = queryAllByText(root, '你好')[0] as WxNode
    expect(dispatchPath(title, 'tap').map((d) => d.handler)).toEqual(['onCard'])
    expect(dispatchPath(title, 'tap')[0]?.currentTarget.dataset).toEqual({ sid: 'card' })
  })

  it('renders a custom component with its own template and properties', () => {
    const root = view.render('pages/x/index', data)
    const badge = find(root, (n) => n.tag === 'badge')
    expect(badge.text).toBe('3 条')
    const inner = queryAllByText(root, '3 条')[0] as WxNode
    expect(dispatchPath(inner, 'tap').map((d) => d.handler)).toEqual(['onBadge', 'onCard'])
  })

  it('fails a render that calls a template WeChat cannot find', () => {
    const broken = project({ 'pages/y/index.wxml': '<template is="nowhere" data="{{a: 1}}" />' })
    expect(() => new WxmlView(broken).render('pages/y/index', {})).toThrow(/Template `nowhere` not found/)
  })

  it('refuses WXML that wcc does not compile', () => {
    const broken = project({ 'pages/z/index.wxml': '<view><text>{{a}</text></view' })
    expect(() => compileWxml(broken)).toThrow(/wcc could not compile/)
  })
})

describe('the real build through a broken template', () => {
  let distDir: string
  const running: WeappApp[] = []
  beforeAll(async () => {
    distDir = (await ensureWeappBuild()).distDir
  }, 300_000)
  afterEach(async () => {
    for (const app of running.splice(0)) await app.close()
  })

  /** A copy of the build whose base.wxml went through `edit`. */
  function brokenCopy(edit: (wxml: string) => string): string {
    const copy = path.join(project({}), '..', 'weapp-broken')
    cpSync(distDir, copy, { recursive: true })
    const base = path.join(copy, 'base.wxml')
    const before = readFileSync(base, 'utf8')
    const after = edit(before)
    expect(after).not.toBe(before)
    writeFileSync(base, after)
    return copy
  }

  async function launch(dir: string): Promise<WeappApp> {
    const app = await launchWeapp({
      distDir: dir,
      compiledApiBaseUrl: compiledApiBaseUrl(),
      apiBaseUrl: 'http://127.0.0.1:9',
      failOnError: false,
    })
    running.push(app)
    return app
  }

  it('a text template that reads the wrong field hides the text the page data holds', async () => {
    const hint = '登录后可查看你的个人内容'
    const intact = await launch(distDir)
    await intact.findByText(hint)
    // Taro's text node template is `<block>{{i.v}}</block>`: make it read a field that does not exist.
    const copy = brokenCopy((wxml) => wxml.replace(/(<template name="tmpl_0_\d+">\s*<block>)\{\{i\.v\}\}/, '$1{{i.x}}'))
    const broken = await launch(copy)
    await broken.waitFor(() => JSON.stringify(broken.page.data).includes(hint))
    expect(broken.queryByText(hint)).toBeNull()
  })

  it('a button template that ignores the data’s `disabled` shows 刷新 disabled while the page enables it', async () => {
    const copy = brokenCopy((wxml) =>
      wxml.replace(/(<template name="tmpl_0_\d+">\s*<button[^>]*? disabled=)"\{\{i\.\w+\}\}"/, '$1"{{!0}}"'),
    )
    for (const [dir, disabled] of [
      [distDir, false],
      [copy, true],
    ] as const) {
      const app = await launch(dir)
      // The server is unreachable: the feed fails at once and 刷新 is enabled again in the page data.
      await app.findByText('加载失败，请稍后重试')
      expect(app.isDisabled('刷新')).toBe(disabled)
    }
  })
})
