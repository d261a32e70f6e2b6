import { PLATFORM_PROFILES, platformProfile } from './platforms'

describe('the platform table', () => {
  it('logs each mini program in as its own platform, and H5 (the dev stand-in) as WeChat', () => {
    expect(platformProfile('weapp')).toMatchObject({ login: 'wechat', name: '微信' })
    expect(platformProfile('alipay')).toMatchObject({ login: 'alipay', name: '支付宝' })
    expect(platformProfile('tt')).toMatchObject({ login: 'douyin', name: '抖音' })
    expect(platformProfile('h5')).toMatchObject({ login: 'wechat', name: '微信' })
  })

  it('offers privacy consent, avatar, nickname and phone on WeChat only: the server can use them there alone', () => {
    const capabilities = (target: keyof typeof PLATFORM_PROFILES) => {
      const { privacyConsent, chooseAvatar, nicknameInput, phoneNumber } = PLATFORM_PROFILES[target]
      return [privacyConsent, chooseAvatar, nicknameInput, phoneNumber]
    }
    expect(capabilities('weapp')).toEqual([true, true, true, true])
    for (const target of ['alipay', 'tt', 'h5'] as const)
      expect(capabilities(target)).toEqual([false, false, false, false])
  })

  it('refuses a build target the app does not ship to, instead of guessing', () => {
    expect(() => platformProfile('swan')).toThrow(/not for "swan"/)
    expect(() => platformProfile(undefined)).toThrow(/weapp, alipay, tt, h5/)
    expect(() => platformProfile('toString')).toThrow()
  })
})
