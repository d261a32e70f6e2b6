// Identity flows end to end: the production bundle, the fake WeChat (privacy guide, chooseAvatar, getPhoneNumber,
// multipart uploadFile) and the reference server in dev mode (dev-phone codes).
import { type ReferenceServer, startReferenceServer } from '../../server/test/reference-server'
import { ensureWeappBuild } from './build'
import type { WeappApp } from './harness'
import type { WxNode } from './render'
import { Launches, stored } from './scenario'
import type { DeviceOptions } from './wx-fake'
import { TINY_PNG } from './wx-identity'

const REFUSED = '未同意隐私保护指引，已取消本次操作'
const UNDECLARED = '该功能暂不可用，请稍后再试'
const GUIDE = '《miniauth隐私保护指引》'

let distDir: string
let server: ReferenceServer
// Several launches, logins and uploads per test on a shared machine (the project's testTimeout is not per project).
jest.setTimeout(30_000)

let phoneErrorRuns = 0
const launches = new Launches(() => ({ distDir, apiBaseUrl: server.url }))

beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startReferenceServer()
}, 300_000)
afterEach(() => launches.closeAll())
afterAll(() => server.close())

const agreed = (extra: DeviceOptions = {}): DeviceOptions => ({ privacy: { agreed: true }, ...extra })
const byOpenType = (type: string) => (n: WxNode) => n.tag === 'button' && n.props.openType === type
const nicknameInput = (n: WxNode) => n.tag === 'input' && n.props.type === 'nickname'

/** Logs `name` in on 我的 with these device settings. */
function loggedIn(name: string, device: DeviceOptions = {}): Promise<WeappApp> {
  return launches.loggedIn(name, { device: { name, ...device } })
}

function posts(app: WeappApp): string[] {
  return app.calls.requestLines().filter((l) => !l.startsWith('GET'))
}

/** The user the app keeps in storage (what a relaunch renders from). */
function storedUser(app: WeappApp): { nickname: string; avatarUrl: string; phone?: string } | null {
  return (stored(app)?.state.user as { nickname: string; avatarUrl: string; phone?: string } | null) ?? null
}

describe('privacy consent', () => {
  it('logs in without waiting on the privacy popup: wx.login is not a privacy API', async () => {
    const app = await loggedIn('pia')
    expect(app.privacyEvents).toEqual([])
    expect(app.queryByText('同意')).toBeNull()
    expect(posts(app)).toEqual(['POST /auth/login'])
  })

  it('the login card names the guide, and its link opens WeChat’s rendering of it', async () => {
    const app = await launches.launch('pib')
    await app.switchTab('pages/mine/index')
    await app.findByText('登录即表示你同意《隐私保护指引》')
    await app.tap('《隐私保护指引》')
    await app.waitFor(() => app.privacyEvents.some((e) => e.kind === 'contract-opened'))
  })

  it('asks with our popup when the avatar needs consent; 同意 resumes the upload, and WeChat remembers it', async () => {
    const app = await loggedIn('pic')
    await app.tap(app.getBy(byOpenType('chooseAvatar'), 'chooseAvatar button'))
    await app.findByText('同意')
    // The guide's name as configured in WeChat (getPrivacySetting) replaces the generic one.
    await app.findByText(GUIDE)
    expect(app.privacyEvents).toEqual([
      { kind: 'asked', referrer: 'chooseAvatar' },
      { kind: 'resolved', event: 'exposureAuthorization' },
    ])
    expect(posts(app)).toEqual(['POST /auth/login'])
    await app.tap(GUIDE)
    await app.waitFor(() => app.privacyEvents.some((e) => e.kind === 'contract-opened'))
    await app.tap('同意')
    expect(app.privacyEvents).toContainEqual({ kind: 'resolved', event: 'agree', buttonId: 'privacy-agree' })
    await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/profile/avatar') && r.status === 200))
    await app.waitFor(() => app.queryByText('同意') === null)
    // Agreed once: the next privacy API runs without a popup, also after a relaunch.
    const again = await launches.relaunch(app)
    await again.switchTab('pages/mine/index')
    await again.tap(again.getBy(byOpenType('chooseAvatar'), 'chooseAvatar button'))
    await again.waitFor(() => again.calls.request.some((r) => r.url.endsWith('/profile/avatar') && r.status === 200))
    expect(again.privacyEvents).toEqual([])
  })

  it('拒绝 cancels only the waiting action, with a short message; the user stays signed in', async () => {
    const app = await loggedIn('pid')
    await app.tap(app.getBy(byOpenType('chooseAvatar'), 'chooseAvatar button'))
    await app.tap('拒绝')
    await app.waitFor(() => app.calls.toasts().includes(REFUSED))
    expect(app.queryByText('同意')).toBeNull()
    expect(posts(app)).toEqual(['POST /auth/login'])
    expect(app.queryAllText()).toContain('退出登录')
    expect(app.calls.toasts()).toEqual([REFUSED])
  })

  it('refusing the phone login’s consent sends nothing and leaves the user signed out', async () => {
    const app = await launches.launch('pie')
    await app.switchTab('pages/mine/index')
    await app.tap('手机号快捷登录')
    await app.tap('拒绝')
    await app.waitFor(() => app.calls.toasts().includes(REFUSED))
    await app.settle()
    expect(app.calls.login).toEqual([])
    expect(posts(app)).toEqual([])
    expect(app.queryAllText()).toContain('微信登录')
  })

  it('an API missing from the guide (errno 112) is a console error naming what to declare, and a plain message', async () => {
    const app = await loggedIn('pif', { privacy: { declared: ['nickname', 'requirePrivacyAuthorize'] } })
    await app.tap('绑定手机号')
    await app.waitFor(() => app.calls.toasts().includes(UNDECLARED))
    const errors = app.logs.filter((l) => l.level === 'error').map((l) => l.args.join(' '))
    expect(errors).toEqual([expect.stringMatching(/getPhoneNumber.*errno 112.*收集你的手机号/)])
    expect(app.calls.toasts().join()).not.toMatch(/112|errno|fail/)
    expect(posts(app)).toEqual(['POST /auth/login'])
  })
})

describe('avatar and nickname', () => {
  it('uploads the chosen avatar as multipart with the bearer token; both tabs show it at once and after relaunch', async () => {
    const app = await loggedIn('ava', agreed())
    const before = storedUser(app)?.avatarUrl
    await app.tap(app.getBy(byOpenType('chooseAvatar'), 'chooseAvatar button'))
    const upload = await app.waitFor(() =>
      app.calls.request.find((r) => r.url.endsWith('/profile/avatar') && r.status === 200),
    )
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    expect(upload.headers.authorization).toBe(`Bearer ${stored(app)?.state.token}`)
    expect(app.calls.loadings()).toEqual(['登录中', '上传中'])
    const avatarUrl = await app.waitFor(() => {
      const url = storedUser(app)?.avatarUrl
      return url !== before && url
    })
    // The server serves the image it stored, byte for byte.
    const served = await fetch(new URL(new URL(avatarUrl).pathname, server.url))
    expect(Buffer.from(await served.arrayBuffer())).toEqual(TINY_PNG)
    expect(app.getBy((n) => n.tag === 'image' && n.props.src === avatarUrl, 'new avatar')).toBeTruthy()
    await app.switchTab('pages/index/index')
    expect(app.getBy((n) => n.tag === 'image' && n.props.src === avatarUrl, 'new avatar on 首页')).toBeTruthy()
    const again = await launches.relaunch(app)
    expect(again.getBy((n) => n.tag === 'image' && n.props.src === avatarUrl, 'avatar after relaunch')).toBeTruthy()
  })

  it('saves the nickname from WeChat’s nickname input with PATCH /profile; 首页 greets with it, also after relaunch', async () => {
    const app = await loggedIn('nia')
    await app.findByText('点击头像设置头像，填写昵称，让大家认识你')
    const typed = app.fillIn(app.getBy(nicknameInput, 'nickname input'), '  小鱼  ')
    // The nickname input is a privacy API: our popup asks first.
    await app.findByText('同意')
    await app.tap('同意')
    await typed
    await app.tap('保存昵称')
    await app.waitFor(() => storedUser(app)?.nickname === '小鱼')
    // WeChat cannot send PATCH: the app sends POST with X-HTTP-Method-Override, routed as PATCH /profile.
    const save = app.calls.request.find((r) => r.headers['x-http-method-override'] === 'PATCH')
    expect(save).toMatchObject({ method: 'POST', body: JSON.stringify({ nickname: '  小鱼  ' }), status: 200 })
    await app.findByText('小鱼')
    expect(app.queryByText('点击头像设置头像，填写昵称，让大家认识你')).toBeNull()
    await app.switchTab('pages/index/index')
    await app.findByText('你好，小鱼')
    const again = await launches.relaunch(app)
    expect(again.queryAllText()).toContain('你好，小鱼')
  })

  it('says in Chinese why the server refused a nickname or an image, and keeps the old ones', async () => {
    const app = await loggedIn(
      'nib',
      agreed({ chooseAvatar: () => ({ bytes: Buffer.from('not an image'), ext: 'png' }) }),
    )
    await app.fillIn(app.getBy(nicknameInput, 'nickname input'), '   ')
    await app.tap('保存昵称')
    await app.waitFor(() => app.calls.toasts().length === 1)
    await app.tap(app.getBy(byOpenType('chooseAvatar'), 'chooseAvatar button'))
    await app.waitFor(() => app.calls.toasts().length === 2)
    expect(app.calls.toasts()).toEqual(['昵称需为 1–20 个字符，且不能含控制字符', '请选择 JPG、PNG 或 WebP 格式的图片'])
    expect(storedUser(app)?.nickname).toBe('微信用户')
  })

  it('says an image over 2 MB is too large', async () => {
    const big = Buffer.concat([TINY_PNG, Buffer.alloc(2 * 1024 * 1024)])
    const app = await loggedIn('nic', agreed({ chooseAvatar: () => ({ bytes: big, ext: 'png' }) }))
    await app.tap(app.getBy(byOpenType('chooseAvatar'), 'chooseAvatar button'))
    await app.waitFor(() => app.calls.toasts().length === 1)
    expect(app.calls.toasts()).toEqual(['图片不能超过 2 MB，请换一张'])
  })
})

describe('phone number', () => {
  it('手机号快捷登录 sends the login code and the phone code in one POST /auth/login; the number shows masked', async () => {
    const app = await launches.launch('pha', {
      device: agreed({ phoneNumber: () => ({ code: 'dev-phone:13912345678' }) }),
    })
    await app.switchTab('pages/mine/index')
    await app.tap('手机号快捷登录')
    await app.findByText('退出登录')
    expect(posts(app)).toEqual(['POST /auth/login'])
    const body = JSON.parse(app.calls.request.find((r) => r.method === 'POST')?.body ?? '{}')
    expect(body).toEqual({ code: 'dev:pha', platform: 'wechat', phoneCode: 'dev-phone:13912345678' })
    await app.findByText('139****5678')
    expect(app.queryByText('绑定手机号')).toBeNull()
    expect(JSON.stringify([...app.storage.values()])).not.toContain('13912345678')
  })

  it('a refused phone sheet leaves a signed-out user signed out and a signed-in one as they were, nothing sent', async () => {
    const app = await launches.launch('phb', { device: agreed({ phoneNumber: () => 'deny' }) })
    await app.switchTab('pages/mine/index')
    await app.tap('手机号快捷登录')
    await app.settle()
    await app.settle()
    expect(app.calls.login).toEqual([])
    expect(posts(app)).toEqual([])
    expect(app.calls.toasts()).toEqual([])
    await app.tap('微信登录')
    await app.findByText('退出登录')
    await app.tap('绑定手机号')
    await app.settle()
    await app.settle()
    expect(posts(app)).toEqual(['POST /auth/login'])
    expect(app.calls.toasts()).toEqual([])
  })

  it('binds a number later from 我的 with POST /profile/phone', async () => {
    const app = await loggedIn('phc', agreed({ phoneNumber: () => ({ code: 'dev-phone:13800000000' }) }))
    await app.tap('绑定手机号')
    await app.findByText('138****0000')
    expect(posts(app)).toEqual(['POST /auth/login', 'POST /profile/phone'])
    expect(JSON.parse(app.calls.request.at(-1)?.body ?? '{}')).toEqual({ phoneCode: 'dev-phone:13800000000' })
    await app.switchTab('pages/index/index')
    const again = await launches.relaunch(app)
    await again.switchTab('pages/mine/index')
    expect(again.queryAllText()).toContain('138****0000')
  })

  it.each([
    ['an invalid or used code (40029)', 'dev-phone-error:40029', '手机号验证已失效，请重试'],
    ['the quota exhausted (1400001)', 'dev-phone-error:1400001', '手机号验证次数已达上限，请稍后再试'],
    ['an account not allowed to use it (48001)', 'dev-phone-error:48001', '当前小程序暂不支持手机号快捷验证'],
    ['WeChat unavailable (-1)', 'dev-phone-error:-1', '微信服务暂时不可用，请稍后再试'],
  ])('says in Chinese when WeChat answers %s, for a bind and for a login', async (_, code, message) => {
    const app = await loggedIn(`phd${++phoneErrorRuns}`, agreed({ phoneNumber: () => ({ code }) }))
    await app.tap('绑定手机号')
    await app.waitFor(() => app.calls.toasts().length === 1)
    expect(app.calls.toasts()).toEqual([message])
    expect(app.queryAllText()).toContain('绑定手机号')
    await app.tap('退出登录')
    await app.findByText('手机号快捷登录')
    // A disabled open-type button does nothing in WeChat: wait until the logout has finished.
    await app.waitFor(() => app.overlay === null && !app.isDisabled('手机号快捷登录'))
    await app.tap('手机号快捷登录')
    await app.waitFor(() => app.calls.toasts().length === 2)
    expect(app.calls.toasts()).toEqual([message, message])
    expect(app.queryAllText()).toContain('微信登录')
  })

  it.each([
    [
      'the quota exhausted on the device (errno 1400001)',
      { errMsg: 'getPhoneNumber:fail', errno: 1400001 },
      '手机号验证次数已达上限，请稍后再试',
    ],
    ['no permission', { errMsg: 'getPhoneNumber:fail no permission' }, '暂时无法获取手机号，请稍后再试'],
    ['an ok answer without a code', { errMsg: 'getPhoneNumber:ok' }, '暂时无法获取手机号，请稍后再试'],
  ])('says in Chinese when the phone sheet fails with %s, and sends nothing', async (_, answer, message) => {
    const app = await launches.launch('phe', { device: agreed({ phoneNumber: () => answer }) })
    await app.switchTab('pages/mine/index')
    await app.tap('手机号快捷登录')
    await app.waitFor(() => app.calls.toasts().length === 1)
    expect(app.calls.toasts()).toEqual([message])
    expect(posts(app)).toEqual([])
    expect(app.calls.login).toEqual([])
  })
})
