import type { components } from '../sdk/api/schema'

/** Stable machine error code, typed from the spec's `ErrorCode` enum. */
export type ErrorCode = components['schemas']['ErrorCode']

/** The `{ code, message }` body of every error response. */
export type ErrorBody = components['schemas']['Error']

/** HTTP status and Chinese message for each error code. */
export const ERRORS: Record<ErrorCode, { status: number; message: string }> = {
  INVALID_REQUEST: { status: 400, message: '请求格式不正确' },
  INVALID_CODE: { status: 400, message: '登录凭证无效' },
  USER_BLOCKED: { status: 403, message: '该微信用户已被限制登录' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  WECHAT_UNAVAILABLE: { status: 502, message: '微信服务暂时不可用，请稍后再试' },
  ALIPAY_UNAVAILABLE: { status: 502, message: '支付宝服务暂时不可用，请稍后再试' },
  DOUYIN_UNAVAILABLE: { status: 502, message: '抖音服务暂时不可用，请稍后再试' },
  PLATFORM_NOT_ENABLED: { status: 400, message: '暂不支持从该平台登录' },
  SESSION_EXPIRED: { status: 401, message: '登录状态已失效' },
  SESSION_REPLACED: { status: 401, message: '你的账号已在其他设备登录' },
  SESSION_REVOKED: { status: 401, message: '已退出登录，请重新登录' },
  NOT_FOUND: { status: 404, message: '请求的资源不存在' },
  STORE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
  INTERNAL_ERROR: { status: 500, message: '服务器内部错误' },
  INVALID_NICKNAME: { status: 400, message: '昵称需为 1–20 个字符，且不能包含控制字符' },
  NICKNAME_REJECTED: { status: 400, message: '昵称包含不适宜的内容，请换一个' },
  INVALID_IMAGE: { status: 400, message: '头像须为 JPEG、PNG 或 WebP 格式的图片' },
  IMAGE_TOO_LARGE: { status: 413, message: '头像图片不能超过 2 MB' },
  INVALID_PHONE_CODE: { status: 400, message: '手机号授权已失效，请重新授权' },
  PHONE_NOT_ALLOWED: { status: 403, message: '本小程序暂不支持手机号快捷验证' },
  PHONE_QUOTA_EXCEEDED: { status: 429, message: '手机号快捷验证次数已用完，请稍后再试' },
}

/** An error the API answers with: its code decides the status and the message. */
export class ApiError extends Error {
  /** Stable machine code sent to the client. */
  readonly code: ErrorCode
  /** HTTP status sent to the client. */
  readonly statusCode: number

  /**
   * Creates the error for `code`; `detail` is for logs only and never sent. `status` overrides the code's
   * own status for refusals HTTP gives a status of their own (408, 415, 417, 431...).
   */
  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown; status?: number }) {
    super(detail ?? code, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ApiError'
    this.code = code
    this.statusCode = options?.status ?? ERRORS[code].status
  }

  /** The body sent to the client. */
  toBody(): ErrorBody {
    return { code: this.code, message: ERRORS[this.code].message }
  }
}

/** The session store could not be reached; the API answers 503 `STORE_UNAVAILABLE`. */
export class StoreUnavailableError extends ApiError {
  /** Wraps a description of the store's failure, logged as is: it must name the failure, never quote data. */
  constructor(cause: unknown) {
    super('STORE_UNAVAILABLE', `session store unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    })
    this.name = 'StoreUnavailableError'
  }
}

/** The body for `code`. */
export function errorBody(code: ErrorCode): ErrorBody {
  return { code, message: ERRORS[code].message }
}

/**
 * An error's name for a log line, never its message: `ReplyError READONLY`, `TimeoutError`. Messages and
 * extra fields can quote the data a command carried; a Redis reply error's first word is its kind.
 */
export function errorName(error: unknown): string {
  // Duck-typed: errors from another realm (fetch's, a VM's) are not `instanceof Error` here.
  const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) return typeof error
  const kind = name === 'ReplyError' && typeof message === 'string' ? /^[A-Z]+/.exec(message)?.[0] : undefined
  return kind ? `${name} ${kind}` : name
}
