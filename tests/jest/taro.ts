// `@tarojs/taro` in jest: the real H5 implementation of the APIs (storage, request, loading, toast),
// which is what the H5 build aliases to, plus page-lifecycle hooks driven by the test.
import * as h5 from '@tarojs/plugin-platform-h5/dist/runtime/apis'
import { useEffect, useRef } from 'react'

type Listener = () => void
const showListeners = new Set<Listener>()
const hideListeners = new Set<Listener>()

function useLifecycle(listeners: Set<Listener>, callback: Listener): void {
  const latest = useRef(callback)
  latest.current = callback
  useEffect(() => {
    const listener = () => latest.current()
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }, [listeners])
}

/** Runs `callback` when the test calls `emitDidShow()` (Taro calls it when the page is shown). */
export function useDidShow(callback: Listener): void {
  useLifecycle(showListeners, callback)
}

/** Runs `callback` when the test calls `emitDidHide()`. */
export function useDidHide(callback: Listener): void {
  useLifecycle(hideListeners, callback)
}

/** Test control: every mounted page becomes visible again. */
export function emitDidShow(): void {
  for (const listener of [...showListeners]) listener()
}

/** Test control: every mounted page is hidden. */
export function emitDidHide(): void {
  for (const listener of [...hideListeners]) listener()
}

const { default: base, ...named } = h5 as unknown as { default: Record<string, unknown> } & Record<string, unknown>
const Taro = Object.assign(base, named, { useDidShow, useDidHide })

export * from '@tarojs/plugin-platform-h5/dist/runtime/apis'
export default Taro
