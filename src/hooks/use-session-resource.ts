import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useAuthStore } from '../stores/auth-store'

/** What a page shows for data that depends on who is signed in. */
export interface SessionResource<T> {
  data: T | null
  loading: boolean
  failed: boolean
  /** Loads again now; while a load for the same session runs, joins it instead of sending another. */
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
  // The load running now and the session it is for: taps while it runs join it rather than pile up requests.
  const running = useRef<{ epoch: number; id: number; done: Promise<void> } | null>(null)

  const reload = useCallback((): Promise<void> => {
    const startedAt = useAuthStore.getState().epoch
    const current = running.current
    if (current && current.epoch === startedAt && current.id === sequence.current) return current.done
    const id = ++sequence.current
    setState((s) => ({ ...s, loading: true, failed: false }))
    const done = (async () => {
      const data = await latestLoad.current()
      if (running.current?.id === id) running.current = null
      if (id !== sequence.current || useAuthStore.getState().epoch !== startedAt) return
      setState({ data, loading: false, failed: data === null })
    })()
    running.current = { epoch: startedAt, id, done }
    return done
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
