import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef } from 'react'
import { useAuthStore } from '../stores/auth-store'
import { login } from './auth'

/** Every page of the app, as a `navigateTo`/`switchTab` URL. */
export type AppPage = '/pages/index/index' | '/pages/mine/index' | '/pages/account/index'

/** The tab bar's pages (`app.config.ts`): WeChat opens these only with `switchTab`. */
export const TAB_PAGES: readonly AppPage[] = ['/pages/index/index', '/pages/mine/index']

/** Where a page that needs an account sends a user who declines to log in and has nowhere to go back to. */
const HOME: AppPage = '/pages/index/index'

/** What the login prompt says when nothing more specific is given. */
export const LOGIN_PROMPT = '登录后才能继续'

/** Whether a session exists now (the server still judges it at the next request). */
function signedIn(): boolean {
  return useAuthStore.getState().token !== null
}

/**
 * Resolves true when a session exists: at once when signed in, else after the user agreed to log in and the
 * login succeeded. False when they cancelled or the login failed (the login flow already said why).
 */
export async function ensureLoggedIn(prompt: string = LOGIN_PROMPT): Promise<boolean> {
  if (signedIn()) return true
  let confirmed = false
  try {
    const answer = await Taro.showModal({
      title: '需要登录',
      content: prompt,
      confirmText: `${APP_PLATFORM.name}登录`,
      cancelText: '取消',
    })
    confirmed = answer.confirm
  } catch {
    // A modal that could not open (another one is up) counts as a cancel: the user stays where they are.
  }
  return confirmed && (await login())
}

/**
 * Wraps an action that needs an account: signed out, it asks to log in first and runs the action only after a
 * successful login; cancelled, it does nothing. Resolves to the action's result, or undefined when it did not run.
 */
export function withLogin<Args extends unknown[], Result>(
  action: (...args: Args) => Result | Promise<Result>,
  prompt: string = LOGIN_PROMPT,
): (...args: Args) => Promise<Result | undefined> {
  return async (...args) => ((await ensureLoggedIn(prompt)) ? action(...args) : undefined)
}

/**
 * Opens a page that needs an account, logging in first when signed out: tab pages with `switchTab`, others
 * with `navigateTo` (or `redirectTo` when `replace`). Resolves whether the page was opened.
 */
export async function openWithLogin(
  page: AppPage,
  options: { prompt?: string; replace?: boolean } = {},
): Promise<boolean> {
  if (!(await ensureLoggedIn(options.prompt))) return false
  try {
    if (TAB_PAGES.includes(page)) await Taro.switchTab({ url: page })
    else if (options.replace) await Taro.redirectTo({ url: page })
    else await Taro.navigateTo({ url: page })
    return true
  } catch {
    return false
  }
}

/** Leaves a page the user may not see: back where they came from, or 首页 when it was opened directly. */
function leave(): void {
  const opener = Taro.getCurrentPages().length > 1
  void (opener ? Taro.navigateBack({ delta: 1 }) : Taro.switchTab({ url: HOME })).catch(() => {})
}

/**
 * Declares the calling page as needing an account. Signed out when the page opens (a deep link, a share card,
 * a session that ended meanwhile), it asks to log in: after a successful login the page shows; cancelled, the
 * user goes back where they were. Returns whether the page may show its content.
 */
export function useLoginRequired(prompt: string = LOGIN_PROMPT): boolean {
  const hasSession = useAuthStore((s) => s.token !== null)
  const asking = useRef(false)
  const askedOnce = useRef(false)

  const ask = useCallback(async () => {
    if (asking.current || signedIn()) return
    asking.current = true
    try {
      if (!(await ensureLoggedIn(prompt))) leave()
    } finally {
      asking.current = false
      askedOnce.current = true
    }
  }, [prompt])

  useEffect(() => {
    void ask()
  }, [ask])
  // Every return to the page: a session may have ended while it was hidden.
  useDidShow(() => {
    if (askedOnce.current) void ask()
  })
  return hasSession
}
