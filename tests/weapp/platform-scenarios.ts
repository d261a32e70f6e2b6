// Login and logout end to end on a platform other than WeChat: the production bundle in the runtime with
// that platform's fake API object, the reference server whose code exchange for the platform is the real
// one, talking to the fake platform server. One definition, run by alipay.test.ts and douyin.test.ts.

import {
  type ReferenceServer,
  type ReferenceServerOptions,
  startReferenceServer,
} from '../../server/test/reference-server'
import type { MiniPlatform } from './build'
import { ensureWeappBuild } from './build'
import type { Device, LaunchOptions, WeappApp } from './harness'
import { walk } from './render'
import { Launches, loginElsewhere, profileStatus, REPLACED, REVOKED, stored } from './scenario'

/** A fake platform server (server/test/fake-alipay.ts, fake-douyin.ts): single-use codes for named users. */
export interface FakePlatformServer {
  /** A fresh code for user `name`, valid once, as the platform's login API gives it. */
  codeFor(name: string): string
  close(): Promise<void>
}

/** What differs between platforms in the shared scenarios. */
export interface PlatformCase<Fake extends FakePlatformServer> {
  platform: Exclude<MiniPlatform, 'weapp'>
  /** The platform's name in the copy (支付宝, 抖音) and in the login request (`alipay`, `douyin`). */
  name: string
  contractName: 'alipay' | 'douyin'
  /** The API the app's login calls on this platform, as the fake records it (`my.getAuthCode`, `tt.login`). */
  loginApi: string
  /** Starts the fake platform server. */
  startFake(): Promise<Fake>
  /** The reference server's options that route this platform's logins to `fake`. */
  serverOptions(fake: Fake): ReferenceServerOptions
}

/** What the user reads when the platform rejected the login code. */
const INVALID_CODE_MESSAGE = '登录凭证无效，请重试'

/** What a test file gets back to add its platform's own scenarios beside the shared ones. */
export interface PlatformScenarioContext {
  launches: Launches
  /** The login button on 我的: `<name>登录`. */
  loginLabel: string
  /** Launch options of a device of user `name` whose every login gets a fresh code from the fake platform. */
  device(name: string, extra?: Device): LaunchOptions
}

/** The shared scenarios for one platform, inside the calling test file. */
export function describePlatformScenarios<Fake extends FakePlatformServer>(
  spec: PlatformCase<Fake>,
): PlatformScenarioContext {
  const loginLabel = `${spec.name}登录`
  let fake: Fake
  let server: ReferenceServer
  let distDir: string
  const launches = new Launches(() => ({ platform: spec.platform, distDir, apiBaseUrl: server.url }), loginLabel)

  beforeAll(async () => {
    distDir = (await ensureWeappBuild({ platform: spec.platform })).distDir
    fake = await spec.startFake()
    server = await startReferenceServer(spec.serverOptions(fake))
  }, 300_000)
  afterEach(() => launches.closeAll())
  afterAll(async () => {
    await server?.close()
    await fake?.close()
  })

  /** A device of user `name` whose every login gets a fresh code from the fake platform. */
  const device = (name: string, extra: Device = {}): LaunchOptions => ({
    device: { name, nextLoginCode: () => fake.codeFor(name), ...extra },
  })
  const loggedIn = (name: string, options: LaunchOptions = {}) =>
    launches.loggedIn(name, { ...device(name), ...options })
  /** Another device of the same user logs in on the server directly. */
  const elsewhere = (name: string) =>
    loginElsewhere(server.url, name, { code: fake.codeFor(name), platform: spec.contractName })

  describe(`${spec.name}: login, relaunch, session loss and logout on the production bundle`, () => {
    it(`logs in with one ${spec.loginApi} and one POST /auth/login naming ${spec.contractName}`, async () => {
      const app = await loggedIn('ann')
      expect(app.calls.login).toHaveLength(1)
      expect(app.calls.loadings()).toEqual(['登录中'])
      const login = app.calls.request.filter((r) => r.method === 'POST')
      expect(login.map((r) => new URL(r.url).pathname)).toEqual(['/auth/login'])
      expect(JSON.parse(login[0]?.body ?? '{}')).toMatchObject({ platform: spec.contractName })
      expect(stored(app)?.state.token).toEqual(expect.any(String))
      expect(app.overlay).toBeNull()
      // The server names a new user after the platform whose exchange identified them.
      await app.switchTab('pages/index/index')
      await app.findByText(`你好，${spec.name}用户`)
    })

    it('relaunched, renders logged in from storage before any request, and sends the token', async () => {
      const first = await loggedIn('ben')
      const token = stored(first)?.state.token
      const app = await launches.relaunch(first)
      expect(app.queryAllText()).toContain(`你好，${spec.name}用户`)
      expect(app.calls.login).toEqual([])
      const feed = await app.waitFor(() => app.calls.request.find((r) => r.url.endsWith('/feed') && r.status))
      expect(feed.headers.authorization).toBe(`Bearer ${token}`)
      expect(feed.status).toBe(200)
    })

    it('loses the session when the same user logs in elsewhere: 你的账号已在其他设备登录, logged-out pages', async () => {
      const app = await loggedIn('cat')
      await elsewhere('cat')
      await app.switchTab('pages/index/index')
      await app.tap('刷新')
      await app.findByText('登录后可查看你的个人内容')
      expect(app.calls.toasts()).toEqual([REPLACED])
      expect(stored(app)).toBeNull()
      await app.switchTab('pages/mine/index')
      await app.findByText(loginLabel)
    })

    it('loses the session logged out with the same token elsewhere: 已退出登录，请重新登录', async () => {
      const app = await loggedIn('dan')
      const token = stored(app)?.state.token
      await fetch(`${server.url}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
      const again = await launches.relaunch(app)
      await again.findByText('登录后可查看你的个人内容')
      expect(again.calls.toasts()).toEqual([REVOKED])
      expect(stored(again)).toBeNull()
    })

    it('logs out: loading, the server revokes the token, storage is cleared', async () => {
      const app = await loggedIn('eve')
      const token = stored(app)?.state.token as string
      await app.tap('退出登录')
      await app.findByText(loginLabel)
      expect(app.calls.loadings()).toEqual(['登录中', '退出登录中'])
      await app.waitFor(() => stored(app) === null)
      expect(await profileStatus(server.url, token)).toBe(401)
      expect(app.calls.requestLines()).toContain('POST /auth/logout')
    })

    it('logs out while the server is down, and revokes the token at the next launch', async () => {
      const app = await loggedIn('fin')
      const token = stored(app)?.state.token as string
      await server.down()
      try {
        await app.tap('退出登录')
        await app.findByText(loginLabel)
        await app.waitFor(() => app.calls.request.some((r) => r.url.endsWith('/auth/logout') && r.error))
        expect(stored(app)?.state).toMatchObject({ token: null, pendingRevocations: [token] })
      } finally {
        await server.up()
      }
      const again = await launches.relaunch(app)
      await again.waitFor(() => stored(again) === null)
      expect(await profileStatus(server.url, token)).toBe(401)
    })
  })

  describe(`${spec.name}: a failed login reaches the user in Chinese and leaves them logged out`, () => {
    const tapLogin = async (app: WeappApp) => {
      await app.switchTab('pages/mine/index')
      await app.tap(loginLabel)
      await app.waitFor(() => app.calls.toasts().length > 0)
      expect(stored(app)?.state.token ?? null).toBeNull()
      await app.findByText(loginLabel)
      return app.calls.toasts()
    }

    it(`a code ${spec.name} rejects: ${INVALID_CODE_MESSAGE}`, async () => {
      const app = await launches.launch('fay', { device: { nextLoginCode: () => 'made-up-code' } })
      expect(await tapLogin(app)).toEqual([INVALID_CODE_MESSAGE])
    })

    it(`${spec.name} answering with an error page: ${spec.name}服务暂时不可用，请稍后再试`, async () => {
      const app = await launches.launch('gus', { device: { nextLoginCode: () => 'http:502' } })
      expect(await tapLogin(app)).toEqual([`${spec.name}服务暂时不可用，请稍后再试`])
    })

    it('our server unreachable: 网络不可用，请检查网络后重试', async () => {
      const app = await launches.launch('ivy', device('ivy'))
      await server.down()
      try {
        expect(await tapLogin(app)).toEqual(['网络不可用，请检查网络后重试'])
      } finally {
        await server.up()
      }
    })
  })

  describe(`${spec.name}: WeChat-only features are absent and never call a missing API`, () => {
    it('shows no privacy popup, avatar, nickname or phone control on 我的 and 账号与安全, logged out or in', async () => {
      const app = await launches.launch('hal', device('hal'))
      const wechatOnly = (a: WeappApp) =>
        a.queryAllText().filter((t) => /隐私|头像|手机号/.test(t)).length +
        [...walk(a.root())].filter((n) => {
          const openType = String(n.props.openType ?? n.props['open-type'] ?? '')
          return /chooseAvatar|getPhoneNumber|agreePrivacyAuthorization/.test(openType) || n.props.type === 'nickname'
        }).length
      await app.switchTab('pages/mine/index')
      expect(wechatOnly(app)).toBe(0)
      await app.tap(loginLabel)
      await app.findByText('退出登录')
      expect(wechatOnly(app)).toBe(0)
      await app.navigateTo('/pages/account/index')
      await app.findByText('已登录')
      expect(wechatOnly(app)).toBe(0)
      expect(app.calls.notFaked).toEqual([])
      expect(app.logs.filter((l) => l.args.some((a) => /暂不支持/.test(String(a))))).toEqual([])
      expect(app.errors).toEqual([])
    })
  })
  return { launches, loginLabel, device }
}
