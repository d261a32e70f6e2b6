import Taro from '@tarojs/taro'
import { PHONE_CODE_UNAVAILABLE_MESSAGE, PROFILE_ERROR_MESSAGES } from './messages'
import { reportPrivacyFailure } from './privacy'

/** WeChat's errno when the mini program's phone verification quota is used up. */
export const PHONE_QUOTA_ERRNO = 1400001

/**
 * The one-time phone code in a `getPhoneNumber` button event's `detail`, or null when there is none: the user
 * refused (nothing is said, nothing is sent), the privacy guide stopped it (handled as such), or WeChat could
 * not give one (a Chinese message, never the raw errno).
 */
export function phoneCodeFrom(detail: unknown): string | null {
  const { code, errMsg, errno } = (typeof detail === 'object' && detail !== null ? detail : {}) as {
    code?: unknown
    errMsg?: unknown
    errno?: unknown
  }
  const message = typeof errMsg === 'string' ? errMsg : ''
  if (typeof code === 'string' && code !== '' && !/:fail/.test(message)) return code
  if (reportPrivacyFailure('getPhoneNumber', detail)) return null
  // The user closed the sheet or tapped 拒绝: they stay where they were.
  if (/deny|cancel/i.test(message)) return null
  const title =
    errno === PHONE_QUOTA_ERRNO ? PROFILE_ERROR_MESSAGES.PHONE_QUOTA_EXCEEDED : PHONE_CODE_UNAVAILABLE_MESSAGE
  void Taro.showToast({ title: title ?? PHONE_CODE_UNAVAILABLE_MESSAGE, icon: 'none', duration: 2500 })
  return null
}
