import Taro from '@tarojs/taro'
import { create } from 'zustand'

/** The guide's name until WeChat tells the one configured in the admin console. */
export const DEFAULT_PRIVACY_GUIDE_NAME = '《隐私保护指引》'

/** Said once when the user refuses the privacy guide: only the action that asked for it is cancelled. */
export const PRIVACY_REFUSED_MESSAGE = '未同意隐私保护指引，已取消本次操作'

/** Said to the user when an API is missing from the guide: the fix is the developer's, the details are in the console. */
export const PRIVACY_UNDECLARED_MESSAGE = '该功能暂不可用，请稍后再试'

/** What the privacy popup shows. */
export interface PrivacyPromptState {
  /** Whether WeChat is waiting for the user's answer. */
  open: boolean
  /** The guide's name as configured in WeChat (e.g. `《miniauth隐私保护指引》`). */
  guideName: string
}

/** The one privacy popup's state, shared by every page that renders it. */
export const usePrivacyPrompt = create<PrivacyPromptState>(() => ({
  open: false,
  guideName: DEFAULT_PRIVACY_GUIDE_NAME,
}))

type Resolve = (option: Taro.onNeedPrivacyAuthorization.ResolveOption) => void

// WeChat calls the listener once per waiting API; one answer of the user settles all of them.
const waiting: Resolve[] = []

/**
 * Registers the app's own privacy popup with `onNeedPrivacyAuthorization`; WeChat calls it when a privacy API
 * (choosing an avatar, the nickname input, the phone number) needs the user's consent. Call once at launch.
 */
export function registerPrivacyPrompt(): void {
  // A literal in each build: elsewhere than WeChat the listener and all it calls are not even in the bundle.
  if (!APP_PLATFORM.privacyConsent) return
  Taro.onNeedPrivacyAuthorization((resolve) => {
    waiting.push(resolve)
    usePrivacyPrompt.setState({ open: true })
    // WeChat requires being told the popup is on screen before it accepts an answer.
    resolve({ event: 'exposureAuthorization' })
    Taro.getPrivacySetting({
      success: ({ privacyContractName }) => {
        if (privacyContractName) usePrivacyPrompt.setState({ guideName: privacyContractName })
      },
    })
  })
}

function answer(option: Taro.onNeedPrivacyAuthorization.ResolveOption): void {
  usePrivacyPrompt.setState({ open: false })
  for (const resolve of waiting.splice(0)) resolve(option)
}

/** The user tapped 同意 (the `agreePrivacyAuthorization` button `buttonId`): the waiting action carries on. */
export function agreePrivacy(buttonId: string): void {
  answer({ event: 'agree', buttonId })
}

/** The user tapped 拒绝: WeChat fails the waiting action with errno 104; nothing else changes. */
export function refusePrivacy(): void {
  answer({ event: 'disagree' })
  void Taro.showToast({ title: PRIVACY_REFUSED_MESSAGE, icon: 'none', duration: 2000 })
}

/** Opens WeChat's own rendering of the privacy guide. */
export function openPrivacyGuide(): void {
  if (!APP_PLATFORM.privacyConsent) return
  Taro.openPrivacyContract({
    fail: (res) => {
      if (reportPrivacyFailure('openPrivacyContract', res)) return
      void Taro.showToast({ title: '隐私保护指引暂时无法打开，请稍后再试', icon: 'none', duration: 2000 })
    },
  })
}

/** `PRIVACY_REFUSED`: the user refused the guide (errno 104); `PRIVACY_UNDECLARED`: the API is not in it (errno 112). */
export type PrivacyErrorCode = 'PRIVACY_REFUSED' | 'PRIVACY_UNDECLARED'

/** A privacy API failed because of the privacy guide, never shown to the user as a raw errno. */
export class PrivacyError extends Error {
  /** Stable code, see `PrivacyErrorCode`. */
  readonly code: PrivacyErrorCode
  /** The API that failed, e.g. `chooseAvatar`. */
  readonly api: string
  constructor(code: PrivacyErrorCode, api: string, message: string) {
    super(message)
    this.name = 'PrivacyError'
    this.code = code
    this.api = api
  }
}

// What each privacy API needs declared in the guide (the item names of WeChat's admin console).
const DECLARATION: Record<string, string> = {
  chooseAvatar: '收集你的昵称、头像（选择头像）',
  nickname: '收集你的昵称、头像（昵称填写）',
  getPhoneNumber: '收集你的手机号',
  requirePrivacyAuthorize: '本小程序使用的隐私接口',
  openPrivacyContract: '用户隐私保护指引本身',
}

/** The privacy error in a WeChat failure result (errno 104 or 112, or their errMsg), else null. */
export function privacyErrorOf(api: string, result: unknown): PrivacyError | null {
  const { errno, errMsg } = (typeof result === 'object' && result !== null ? result : {}) as {
    errno?: unknown
    errMsg?: unknown
  }
  const message = typeof errMsg === 'string' ? errMsg : ''
  if (errno === 112 || /not declared in the privacy agreement/i.test(message)) {
    return new PrivacyError('PRIVACY_UNDECLARED', api, message)
  }
  if (errno === 104 || /privacy permission is not authorized/i.test(message)) {
    return new PrivacyError('PRIVACY_REFUSED', api, message)
  }
  return null
}

/**
 * Handles a privacy failure once: a refusal was already answered by the popup, so it only cancels; an API
 * missing from the guide is a configuration error the developer must see, with what to declare.
 */
export function handlePrivacyError(error: PrivacyError): void {
  if (error.code === 'PRIVACY_REFUSED') return
  console.error(
    `[privacy] wx.${error.api} is not declared in the privacy guide (errno 112). Declare "${
      DECLARATION[error.api] ?? error.api
    }" in the WeChat admin console: 设置 → 基本设置 → 服务内容声明 → 用户隐私保护指引.`,
  )
  void Taro.showToast({ title: PRIVACY_UNDECLARED_MESSAGE, icon: 'none', duration: 2500 })
}

/** Handles `result` if it is a privacy failure; true when it was. */
export function reportPrivacyFailure(api: string, result: unknown): boolean {
  const error = privacyErrorOf(api, result)
  if (error) handlePrivacyError(error)
  return error !== null
}
