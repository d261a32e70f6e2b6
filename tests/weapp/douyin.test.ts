// The production Douyin bundle in the runtime with the fake `tt`, against the reference server whose Douyin
// exchange is the real one (apps/v2/jscode2session) talking to the fake Douyin API.
import { type FakeDouyin, startFakeDouyin } from '../../server/test/fake-douyin'
import { describePlatformScenarios } from './platform-scenarios'

const douyin = describePlatformScenarios<FakeDouyin>({
  platform: 'tt',
  name: '抖音',
  contractName: 'douyin',
  loginApi: 'tt.login',
  startFake: () => startFakeDouyin(),
  serverOptions: (douyin) => ({ douyin, platformTimeoutMs: 1000 }),
})

describe('抖音: a user not logged into Douyin itself', () => {
  it('who cancels Douyin’s login sheet stays logged out and reads why', async () => {
    const app = await douyin.launches.launch(
      'ida',
      douyin.device('ida', { douyinLoggedIn: false, hostLogin: 'cancel' }),
    )
    await app.switchTab('pages/mine/index')
    await app.tap(douyin.loginLabel)
    await app.waitFor(() => app.calls.toasts().length > 0)
    expect(app.calls.toasts()).toEqual(['抖音登录失败，请重试'])
    expect(app.calls.requestLines()).not.toContain('POST /auth/login')
    await app.findByText(douyin.loginLabel)
  })

  it('who logs in on Douyin’s login sheet is logged in with one POST /auth/login', async () => {
    const app = await douyin.launches.loggedIn('jo', douyin.device('jo', { douyinLoggedIn: false, hostLogin: 'login' }))
    expect(app.calls.requestLines().filter((l) => l === 'POST /auth/login')).toHaveLength(1)
  })
})

describe('抖音: the realm the bundle runs in', () => {
  it('has `tt`, no `wx` or `my`', async () => {
    const app = await douyin.launches.launch('lu', douyin.device('lu'))
    expect(app.evaluate('[typeof tt, typeof wx, typeof my]')).toEqual(['object', 'undefined', 'undefined'])
  })
})
