import { recordUi, resetApp } from '../../tests/jest/app-kit'
import { PHONE_CODE_UNAVAILABLE_MESSAGE } from './messages'
import { phoneCodeFrom } from './phone-code'
import { PRIVACY_UNDECLARED_MESSAGE, privacyErrorOf, reportPrivacyFailure } from './privacy'

let ui: ReturnType<typeof recordUi>
beforeEach(() => {
  resetApp()
  ui = recordUi()
})

describe('privacy errors', () => {
  it('types errno 104 as a refusal and 112 as an API missing from the guide, by errno or by errMsg', () => {
    expect(privacyErrorOf('chooseAvatar', { errno: 104, errMsg: 'chooseAvatar:fail' })?.code).toBe('PRIVACY_REFUSED')
    expect(privacyErrorOf('x', { errMsg: 'x:fail privacy permission is not authorized' })?.code).toBe('PRIVACY_REFUSED')
    expect(privacyErrorOf('x', { errno: 112 })?.code).toBe('PRIVACY_UNDECLARED')
    expect(privacyErrorOf('x', { errMsg: 'x:fail api scope is not declared in the privacy agreement' })?.code).toBe(
      'PRIVACY_UNDECLARED',
    )
    for (const other of [{ errno: 1400001 }, { errMsg: 'x:fail user deny' }, null, 'text', 112]) {
      expect(privacyErrorOf('x', other)).toBeNull()
    }
  })

  it('tells the developer what to declare for errno 112 and the user only a plain message', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => {})
    try {
      expect(reportPrivacyFailure('getPhoneNumber', { errno: 112, errMsg: 'getPhoneNumber:fail ...' })).toBe(true)
      expect(error).toHaveBeenCalledWith(expect.stringMatching(/getPhoneNumber.*112.*收集你的手机号/))
      expect(ui.toasts).toEqual([PRIVACY_UNDECLARED_MESSAGE])
    } finally {
      error.mockRestore()
    }
  })

  it('cancels quietly on a refusal: the popup already said so', () => {
    expect(reportPrivacyFailure('chooseAvatar', { errno: 104 })).toBe(true)
    expect(ui.toasts).toEqual([])
  })
})

describe('phoneCodeFrom()', () => {
  it('gives the code of a successful getPhoneNumber', () => {
    expect(phoneCodeFrom({ errMsg: 'getPhoneNumber:ok', code: 'abc' })).toBe('abc')
    expect(ui.toasts).toEqual([])
  })

  it('gives nothing and says nothing when the user refused', () => {
    expect(phoneCodeFrom({ errMsg: 'getPhoneNumber:fail user deny' })).toBeNull()
    expect(phoneCodeFrom({ errMsg: 'getPhoneNumber:fail:cancel', code: 'stale' })).toBeNull()
    expect(ui.toasts).toEqual([])
  })

  it('gives nothing and says so in Chinese, never as an errno, when WeChat could not give a code', () => {
    expect(phoneCodeFrom({ errMsg: 'getPhoneNumber:fail', errno: 1400001 })).toBeNull()
    expect(phoneCodeFrom({ errMsg: 'getPhoneNumber:ok' })).toBeNull()
    expect(phoneCodeFrom(undefined)).toBeNull()
    expect(ui.toasts).toEqual([
      '手机号验证次数已达上限，请稍后再试',
      PHONE_CODE_UNAVAILABLE_MESSAGE,
      PHONE_CODE_UNAVAILABLE_MESSAGE,
    ])
  })
})
