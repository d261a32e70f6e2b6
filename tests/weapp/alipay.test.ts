// The production Alipay bundle in the runtime with the fake `my`, against the reference server whose Alipay
// exchange is the real one (alipay-sdk, RSA2) talking to the fake Alipay gateway.
import { type FakeAlipay, startFakeAlipay } from '../../server/test/fake-alipay'
import { describePlatformScenarios } from './platform-scenarios'

const alipay = describePlatformScenarios<FakeAlipay>({
  platform: 'alipay',
  name: '支付宝',
  contractName: 'alipay',
  loginApi: 'my.getAuthCode',
  startFake: () => startFakeAlipay(),
  serverOptions: (alipay) => ({ alipay, platformTimeoutMs: 1000 }),
})

describe('支付宝: the realm the bundle runs in', () => {
  it('has `my` (and the navigator Taro reads), no `wx`; tabs come from app.json’s `items`', async () => {
    const app = await alipay.launches.launch('kim', alipay.device('kim'))
    expect(app.evaluate('[typeof my, typeof wx, typeof tt, typeof navigator.swuserAgent]')).toEqual([
      'object',
      'undefined',
      'undefined',
      'string',
    ])
    await app.switchTab('pages/mine/index')
    expect(app.pageStack).toEqual(['pages/mine/index'])
    await app.findByText(alipay.loginLabel)
  })
})
