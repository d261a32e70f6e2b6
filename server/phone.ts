import { ApiError, type ErrorCode } from './errors'
import type { PhoneNumber } from './store'
import { createWechatApiCaller, type WechatApiOptions } from './wechat-api'

/** Turns the one-time code of a `getPhoneNumber` button into the verified number; rejects with an `ApiError`. */
export interface PhoneVerifier {
  /** `wechat` calls WeChat; `dev` accepts the documented dev phone codes. */
  readonly mode: 'wechat' | 'dev'
  /** Exchanges a phone code (never a `wx.login` code). */
  verify(phoneCode: string): Promise<PhoneNumber>
}

/** `getuserphonenumber` errcodes with their own meaning to the client; any other is `WECHAT_UNAVAILABLE`. */
export const PHONE_ERRCODES: Readonly<Record<number, ErrorCode>> = {
  40029: 'INVALID_PHONE_CODE', // invalid code
  40163: 'INVALID_PHONE_CODE', // code already used
  1400001: 'PHONE_QUOTA_EXCEEDED', // the mini program's phone verification quota is used up
  45011: 'RATE_LIMITED', // too many calls by this user
  48001: 'PHONE_NOT_ALLOWED', // api unauthorized: the account may not use the capability
  [-1]: 'WECHAT_UNAVAILABLE', // system busy
}

/** `13812345678` → `138****5678`; other countries keep `+<country code>` in front. */
export function maskPhone(purePhoneNumber: string, countryCode = '86'): string {
  const digits = purePhoneNumber
  const masked = digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : `****${digits.slice(-2)}`
  return countryCode === '86' ? masked : `+${countryCode}${masked}`
}

/** The stored form of a verified number: mainland numbers as they are, others with `+<country code>`. */
export function phoneNumberFrom(purePhoneNumber: string, countryCode: string): PhoneNumber {
  return {
    number: countryCode === '86' ? purePhoneNumber : `+${countryCode}${purePhoneNumber}`,
    masked: maskPhone(purePhoneNumber, countryCode),
  }
}

/** Dev phone codes: `dev-phone:<number>` verifies that mainland number. */
export const DEV_PHONE_CODE = /^dev-phone:(1\d{10})$/
/** `dev-phone-error:<errcode>` answers as WeChat does with that errcode (e.g. 1400001), to try each error. */
export const DEV_PHONE_ERROR_CODE = /^dev-phone-error:(-?\d{1,7})$/

/**
 * NOT FOR PRODUCTION. The phone verifier of dev mode: `dev-phone:13800000000` is that number,
 * `dev-phone-error:40029` fails like WeChat's errcode 40029; anything else is an invalid phone code.
 */
export function createDevPhoneVerifier(): PhoneVerifier {
  return {
    mode: 'dev',
    async verify(phoneCode: string): Promise<PhoneNumber> {
      const number = DEV_PHONE_CODE.exec(phoneCode)?.[1]
      if (number !== undefined) return phoneNumberFrom(number, '86')
      const errcode = DEV_PHONE_ERROR_CODE.exec(phoneCode)?.[1]
      if (errcode !== undefined) throw errorFor(Number(errcode))
      throw new ApiError('INVALID_PHONE_CODE', 'not a dev phone code')
    },
  }
}

function errorFor(errcode: number): ApiError {
  return new ApiError(PHONE_ERRCODES[errcode] ?? 'WECHAT_UNAVAILABLE', `getuserphonenumber errcode ${errcode}`)
}

/** The real verifier: `POST /wxa/business/getuserphonenumber` with the shared access token. */
export function createWechatPhoneVerifier(options: WechatApiOptions): PhoneVerifier {
  const call = createWechatApiCaller(options)
  return {
    mode: 'wechat',
    async verify(phoneCode: string): Promise<PhoneNumber> {
      const answer = await call('/wxa/business/getuserphonenumber', { code: phoneCode }, errorFor)
      const info = answer.phone_info
      const { purePhoneNumber, countryCode } = (typeof info === 'object' && info !== null ? info : {}) as Record<
        string,
        unknown
      >
      if (
        typeof purePhoneNumber !== 'string' ||
        !/^\d{4,15}$/.test(purePhoneNumber) ||
        typeof countryCode !== 'string' ||
        !/^\d{1,4}$/.test(countryCode)
      ) {
        throw new ApiError('WECHAT_UNAVAILABLE', 'getuserphonenumber answered without a usable phone_info')
      }
      return phoneNumberFrom(purePhoneNumber, countryCode)
    },
  }
}
