import Taro from '@tarojs/taro'
import type { PersistStorage, StorageValue } from 'zustand/middleware'

/**
 * A zustand `PersistStorage` over Taro's synchronous storage, so hydration finishes before the first render.
 * `read` validates what it finds (the parsed value, undefined when the text is not JSON, and the stored text):
 * a value it cannot accept is removed and reads as "nothing stored"; a value it accepts only in part is
 * written back as accepted. Storage is written only when the persisted value
 * changes, and a write that fails removes the key: an older value left behind could resurrect a session
 * the user has since left, while no value at all reads as logged out.
 */
export function taroPersistStorage<S>(
  read: (parsed: unknown, text: string | null) => StorageValue<S> | null,
  isEmpty: (state: S) => boolean,
): PersistStorage<S> {
  // What each key holds as far as this run knows: its JSON text, null when absent, undefined when unknown.
  const known = new Map<string, string | null>()

  function remove(name: string): void {
    try {
      Taro.removeStorageSync(name)
      known.set(name, null)
    } catch {
      // Nothing more can be done here; the next write tries again.
      known.delete(name)
    }
  }

  function write(name: string, value: StorageValue<S>): void {
    // Nothing worth keeping (logged out, nothing to revoke): leave no trace in storage.
    if (isEmpty(value.state)) {
      if (known.get(name) !== null) remove(name)
      return
    }
    const text = JSON.stringify(value)
    if (known.get(name) === text) return
    try {
      Taro.setStorageSync(name, text)
      known.set(name, text)
    } catch {
      // Storage full or unavailable: the in-memory state still works for this run, and nothing older survives it.
      remove(name)
    }
  }

  return {
    getItem(name) {
      let raw: unknown
      try {
        raw = Taro.getStorageSync(name)
      } catch {
        known.delete(name)
        return null
      }
      // WeChat and Taro answer '' for a key that was never set.
      if (raw === '' || raw === undefined || raw === null) {
        known.set(name, null)
        return null
      }
      let parsed: unknown = raw
      if (typeof raw === 'string') {
        try {
          parsed = JSON.parse(raw)
        } catch {
          parsed = undefined
        }
      }
      const value = read(parsed, typeof raw === 'string' ? raw : null)
      if (value === null) {
        remove(name)
        return null
      }
      if (typeof raw === 'string') known.set(name, raw)
      else known.delete(name)
      // What was dropped on reading (a corrupt session, an overlong queue) is dropped from storage too.
      if (typeof raw !== 'string' || JSON.stringify(value) !== raw) write(name, value)
      return value
    },
    setItem: write,
    removeItem: remove,
  }
}
