import { ApiError } from './errors'
import { createWechatApiCaller, type WechatApiOptions } from './wechat-api'

/** A check of a (valid) nickname's content; rejects with `NICKNAME_REJECTED` or `WECHAT_UNAVAILABLE`. */
export interface NicknameScreen {
  /** Screens `nickname` chosen by the user `openid`. */
  screen(nickname: string, openid: string): Promise<void>
}

/** `msg_sec_check` scene 1: a user's profile (资料). */
const PROFILE_SCENE = 1

/**
 * WeChat's text security check (`POST /wxa/msg_sec_check`, version 2): `risky` content is refused; `pass`
 * and `review` (no certain verdict) are accepted. Used only where WeChat credentials are configured.
 */
export function createWechatNicknameScreen(options: WechatApiOptions): NicknameScreen {
  const call = createWechatApiCaller(options)
  return {
    async screen(nickname, openid) {
      const answer = await call(
        '/wxa/msg_sec_check',
        { content: nickname, version: 2, scene: PROFILE_SCENE, openid },
        // 87014: the version-1 verdict "risky content".
        (errcode) =>
          new ApiError(
            errcode === 87014 ? 'NICKNAME_REJECTED' : 'WECHAT_UNAVAILABLE',
            `msg_sec_check errcode ${errcode}`,
          ),
      )
      const result = answer.result
      const suggest =
        typeof result === 'object' && result !== null ? (result as Record<string, unknown>).suggest : undefined
      if (suggest === 'risky') throw new ApiError('NICKNAME_REJECTED', 'text security check: risky')
      if (suggest !== 'pass' && suggest !== 'review') {
        throw new ApiError('WECHAT_UNAVAILABLE', 'msg_sec_check answered without a verdict')
      }
    },
  }
}
