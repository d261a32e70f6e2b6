import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useAuthStore } from '../stores/auth-store'

/** What a page shows for data that depends on who is signed in. */
export interface SessionResource<T> {
  data: T | null
  loading: boolean
  failed: boolean
  /** Loads again now. */
  reload: () => Promise<void>
}

/**
 * Page data that follows the session: it is dropped and fetched again whenever someone signs in or out,
 * at once when the page is visible and when it is shown again otherwise; a response fetched for an
 * older session, or overtaken by a newer request, is never rendered. `load` resolves to null on failure.
 */
export function useSessionResource<T>(load: () => Promise<T | null>): SessionResource<T> {
  const epoch = useAuthStore((s) => s.epoch)
  const [state, setState] = useState<Omit<SessionResource<T>, 'reload'>>({ data: null, loading: true, failed: false })
  const latestLoad = useRef(load)
  latestLoad.current = load
  const sequence = useRef(0)
  const visible = useRef(true)
  const staleWhileHidden = useRef(false)

  const reload = useCallback(async () => {
    const id = ++sequence.current
    const startedAt = useAuthStore.getState().epoch
    setState((s) => ({ ...s, loading: true, failed: false }))
    const data = await latestLoad.current()
    if (id !== sequence.current || useAuthStore.getState().epoch !== startedAt) return
    setState({ data, loading: false, failed: data === null })
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `epoch` is the trigger: every sign-in or sign-out.
  useEffect(() => {
    // Account data of the previous session disappears at once, visible or not.
    setState({ data: null, loading: true, failed: false })
    if (visible.current) {
      void reload()
    } else {
      sequence.current++
      staleWhileHidden.current = true
    }
  }, [epoch, reload])

  useDidShow(() => {
    visible.current = true
    if (staleWhileHidden.current) {
      staleWhileHidden.current = false
      void reload()
    }
  })
  useDidHide(() => {
    visible.current = false
  })

  return { ...state, reload }
}
