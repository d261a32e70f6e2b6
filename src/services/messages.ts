/**
 * What the user reads when a login attempt fails, by error code; `{platform}` stands for the name of the
 * platform the app runs on (微信, 支付宝, 抖音), so an Alipay user never reads of a WeChat account.
 */
export const LOGIN_ERROR_MESSAGES: Record<string, string> = {
  INVALID_CODE: '登录凭证无效，请重试',
  USER_BLOCKED: '该{platform}账号已被限制登录',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  PLATFORM_NOT_ENABLED: '暂不支持{platform}登录，请稍后再试',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后再试',
  ALIPAY_UNAVAILABLE: '支付宝服务暂时不可用，请稍后再试',
  DOUYIN_UNAVAILABLE: '抖音服务暂时不可用，请稍后再试',
  NETWORK_ERROR: '网络不可用，请检查网络后重试',
  TIMEOUT: '网络超时，请稍后重试',
  LOGIN_FAILED: '{platform}登录失败，请重试',
  LOGIN_TIMEOUT: '{platform}登录超时，请重试',
  LOGIN_UNAVAILABLE: '当前环境不支持{platform}登录',
  LOGIN_ACCOUNT_REQUIRED: '请先登录{platform}账号后再试',
  INVALID_PHONE_CODE: '手机号验证已失效，请重试',
  PHONE_NOT_ALLOWED: '当前小程序暂不支持手机号快捷验证',
  PHONE_QUOTA_EXCEEDED: '手机号验证次数已达上限，请稍后再试',
}

/** What the user reads when saving the avatar, nickname or phone number fails, by error code. */
export const PROFILE_ERROR_MESSAGES: Record<string, string> = {
  INVALID_NICKNAME: '昵称需为 1–20 个字符，且不能含控制字符',
  NICKNAME_REJECTED: '昵称未通过内容安全检查，请换一个',
  INVALID_IMAGE: '请选择 JPG、PNG 或 WebP 格式的图片',
  IMAGE_TOO_LARGE: '图片不能超过 2 MB，请换一张',
  INVALID_PHONE_CODE: '手机号验证已失效，请重试',
  PHONE_NOT_ALLOWED: '当前小程序暂不支持手机号快捷验证',
  PHONE_QUOTA_EXCEEDED: '手机号验证次数已达上限，请稍后再试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后再试',
  NETWORK_ERROR: '网络不可用，请检查网络后重试',
  TIMEOUT: '网络超时，请稍后重试',
}

/** Shown when WeChat cannot give a phone code for a reason other than the user's refusal. */
export const PHONE_CODE_UNAVAILABLE_MESSAGE = '暂时无法获取手机号，请稍后再试'

/** The user-facing message for a profile error code. */
export function profileErrorMessage(code: string | undefined): string {
  return (code && PROFILE_ERROR_MESSAGES[code]) || GENERIC_ERROR_MESSAGE
}

/** Shown for any failure without a message of its own. */
export const GENERIC_ERROR_MESSAGE = '服务暂时不可用，请稍后再试'

/** Shown once when the server no longer accepts the session and says it expired (or does not know it). */
export const SESSION_EXPIRED_MESSAGE = '登录已过期，请重新登录'

/** Shown once when a newer login of the same account, elsewhere, replaced this session. */
export const SESSION_REPLACED_MESSAGE = '你的账号已在其他设备登录'

/** Shown once when the session was logged out (e.g. from another copy of the app). */
export const SESSION_REVOKED_MESSAGE = '已退出登录，请重新登录'

/** The message for each reason the server gives for ending a session. */
export const SESSION_END_MESSAGES = {
  SESSION_EXPIRED: SESSION_EXPIRED_MESSAGE,
  SESSION_REPLACED: SESSION_REPLACED_MESSAGE,
  SESSION_REVOKED: SESSION_REVOKED_MESSAGE,
} as const

/** The user-facing message for a login error code, naming `platformName` (the running platform's by default). */
export function loginErrorMessage(code: string | undefined, platformName: string = APP_PLATFORM.name): string {
  const template = (code && LOGIN_ERROR_MESSAGES[code]) || GENERIC_ERROR_MESSAGE
  return template.replace(/\{platform\}/g, platformName)
}
