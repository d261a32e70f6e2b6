// Alipay's AXML and Douyin's TTML reach WeChat's template engine through a fixed mapping: hand-written
// pages pin down what it keeps (texts, conditions, loops, recursion, taps), a template of the wrong dialect
// is refused, and a broken copy of the real Alipay build fails its queries.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { MiniPlatform } from './build'
import { ensureWeappBuild } from './build'
import { launchWeapp, type WeappApp } from './harness'
import { allTexts, dispatchPath, queryAllByText, WxmlView, type WxNode } from './render'
import { compiledApiBaseUrl } from './routing'
import { scriptToWxs, templateToWxml, UNROLLED_DEPTH, unrollRecursion, wxmlMirror } from './template-dialect'

const scratch: string[] = []
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
})

/** A folder laid out like a build of `platform` (`<root>/dist/<platform>`) holding `files`. */
function project(platform: MiniPlatform, files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'miniauth-dialect-'))
  scratch.push(root)
  const distDir = path.join(root, 'dist', platform)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(distDir, file)), { recursive: true })
    writeFileSync(path.join(distDir, file), text)
  }
  return distDir
}

/** The page of `platform` rendered from `data` through the mapping and wcc. */
function render(platform: MiniPlatform, files: Record<string, string>, data: Record<string, unknown>): WxNode {
  return new WxmlView(wxmlMirror(project(platform, files), platform)).render('pages/x/index', data)
}

// The same page in both dialects: a condition, a loop with keys, a recursive template through a script
// module, a bubbling tap and a catching one.
const PAGES = {
  alipay: {
    'utils.sjs': "export default { name: function (n) { return 'node_' + n } }",
    'pages/x/index.axml': [
      '<import-sjs name="xs" from="../../utils.sjs" />',
      '<template name="node_tree">',
      '  <view class="tree" onTap="onNode" data-sid="{{i.sid}}">{{i.label}}',
      '    <template is="{{xs.name(item.kind)}}" data="{{i:item}}" a:for="{{i.cn}}" a:key="sid" />',
      '  </view>',
      '</template>',
      '<view onTap="onPage" data-sid="page">',
      '  <text a:if="{{signedIn}}">你好，{{name}}</text>',
      '  <text a:elif="{{loading}}">加载中</text>',
      '  <text a:else>未登录</text>',
      '  <view a:for="{{items}}" a:key="id" a:for-item="row" class="row">{{row.title}}</view>',
      '  <button catchTap="onButton" data-sid="button">登录</button>',
      '  <template is="node_tree" data="{{i: tree}}" />',
      '</view>',
    ].join('\n'),
  },
  tt: {
    'utils.sjs': "module.exports = { name: function (n) { return 'node_' + n } }",
    'pages/x/index.ttml': [
      '<sjs module="xs" src="../../utils.sjs" />',
      '<template name="node_tree">',
      '  <view class="tree" bindtap="onNode" data-sid="{{i.sid}}">{{i.label}}',
      '    <template is="{{xs.name(item.kind)}}" data="{{i:item}}" tt:for="{{i.cn}}" tt:key="sid" />',
      '  </view>',
      '</template>',
      '<view bindtap="onPage" data-sid="page">',
      '  <text tt:if="{{signedIn}}">你好，{{name}}</text>',
      '  <text tt:elif="{{loading}}">加载中</text>',
      '  <text tt:else>未登录</text>',
      '  <view tt:for="{{items}}" tt:key="id" tt:for-item="row" class="row">{{row.title}}</view>',
      '  <button catchtap="onButton" data-sid="button">登录</button>',
      '  <template is="node_tree" data="{{i: tree}}" />',
      '</view>',
    ].join('\n'),
  },
} satisfies Record<string, Record<string, string>>

/** A chain of `depth` nested tree nodes labelled n1, n2... */
function chain(depth: number): Record<string, unknown> {
  let node: Record<string, unknown> = { sid: `t${depth}`, kind: 'tree', label: `n${depth}`, cn: [] }
  for (let level = depth - 1; level >= 1; level--)
    node = { sid: `t${level}`, kind: 'tree', label: `n${level}`, cn: [node] }
  return node
}

const DATA = {
  signedIn: false,
  loading: true,
  name: '小鱼',
  items: [
    { id: 1, title: '甲' },
    { id: 2, title: '乙' },
  ],
  tree: chain(3),
}

describe.each(['alipay', 'tt'] as const)('a hand-written %s page', (platform) => {
  const files = PAGES[platform]

  it('renders conditions, loops and a template that calls itself, as the platform would', () => {
    expect(allTexts(render(platform, files, DATA))).toEqual(['加载中', '甲', '乙', '登录', 'n1', 'n2', 'n3'])
    expect(allTexts(render(platform, files, { ...DATA, signedIn: true }))).toContain('你好，小鱼')
    expect(allTexts(render(platform, files, { ...DATA, loading: false }))).toContain('未登录')
  })

  it('delivers a tap to the handlers the page bound: bubbling to the page, stopped by a catch', () => {
    const root = render(platform, files, DATA)
    const button = queryAllByText(root, '登录')[0] as WxNode
    expect(dispatchPath(button, 'tap').map((d) => d.handler)).toEqual(['onButton'])
    const leaf = queryAllByText(root, 'n3')[0] as WxNode
    expect(dispatchPath(leaf, 'tap').map((d) => d.handler)).toEqual(['onNode', 'onNode', 'onNode', 'onPage'])
    expect(dispatchPath(leaf, 'tap')[0]?.currentTarget.dataset).toEqual({ sid: 't3' })
  })

  it(`fails loudly past ${UNROLLED_DEPTH} levels of recursion instead of dropping what is deeper`, () => {
    expect(() => render(platform, files, { ...DATA, tree: chain(UNROLLED_DEPTH + 2) })).toThrow(/not found/)
  })
})

describe('what the mapping refuses', () => {
  it("refuses another dialect's directives and bindings", () => {
    expect(() => templateToWxml('alipay', 'a.axml', '<view wx:if="{{x}}" />')).toThrow(/not a alipay directive/)
    expect(() => templateToWxml('alipay', 'a.axml', '<view bindtap="eh" />')).toThrow(/binds nothing on Alipay/)
    expect(() => templateToWxml('tt', 'a.ttml', '<view a:for="{{x}}" />')).toThrow(/not a tt directive/)
    expect(() => templateToWxml('tt', 'a.ttml', '<view onTap="eh" />')).toThrow(/binds nothing on tt/)
    expect(() => templateToWxml('alipay', 'a.axml', '<import src="./base.wxml" />')).toThrow(/not a .axml file/)
  })

  it('maps Alipay event names to the bindings wcc reads (onLongTap is longpress)', () => {
    expect(templateToWxml('alipay', 'a.axml', '<view onTap="eh" catchTouchMove="eh" onLongTap="eh" />')).toBe(
      '<view bindtap="eh" catchtouchmove="eh" bindlongpress="eh" />',
    )
  })

  it("refuses a script module in the other platform's module form", () => {
    expect(() => scriptToWxs('alipay', 'u.sjs', 'module.exports = {}')).toThrow(/export default/)
    expect(() => scriptToWxs('tt', 'u.sjs', 'export default {}')).toThrow(/module.exports/)
  })

  it('refuses a template definition that is never closed', () => {
    expect(() => unrollRecursion('a.axml', '<template name="x"><view /></view>')).toThrow(/never closed/)
  })
})

describe('the real Alipay build through a broken template', () => {
  let distDir: string
  const running: WeappApp[] = []
  beforeAll(async () => {
    distDir = (await ensureWeappBuild({ platform: 'alipay' })).distDir
  }, 300_000)
  afterEach(async () => {
    for (const app of running.splice(0)) await app.close()
  })

  async function launch(dir: string): Promise<WeappApp> {
    const app = await launchWeapp({
      platform: 'alipay',
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
    await (await launch(distDir)).findByText(hint)
    const copy = path.join(project('alipay', {}), '..', 'alipay-broken')
    cpSync(distDir, copy, { recursive: true })
    const base = path.join(copy, 'base.axml')
    const before = readFileSync(base, 'utf8')
    // Taro's text node template is `<block>{{i.v}}</block>`: make it read a field that does not exist.
    const after = before.replace(/(<template name="tmpl_0_\d+">\s*<block>)\{\{i\.v\}\}/, '$1{{i.x}}')
    expect(after).not.toBe(before)
    writeFileSync(base, after)
    const broken = await launch(copy)
    await broken.waitFor(() => JSON.stringify(broken.page.data).includes(hint))
    expect(broken.queryByText(hint)).toBeNull()
  })
})
