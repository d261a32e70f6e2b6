import Taro from '@tarojs/taro'
import type { PersistStorage, StorageValue } from 'zustand/middleware'

/**
 * A zustand `PersistStorage` over Taro's synchronous storage, so hydration finishes before the first render.
 * `read` validates what it finds: a value it cannot accept is removed and reads as "nothing stored".
 */
export function taroPersistStorage<S>(
  read: (raw: unknown) => StorageValue<S> | null,
  isEmpty: (state: S) => boolean,
): PersistStorage<S> {
  return {
    getItem(name) {
      let raw: unknown
      try {
        raw = Taro.getStorageSync(name)
      } catch {
        return null
      }
      // WeChat and Taro answer '' for a key that was never set.
      if (raw === '' || raw === undefined || raw === null) return null
      let parsed: unknown = raw
      if (typeof raw === 'string') {
        try {
          parsed = JSON.parse(raw)
        } catch {
          parsed = undefined
        }
      }
      const value = parsed === undefined ? null : read(parsed)
      if (value === null) removeQuietly(name)
      return value
    },
    setItem(name, value) {
      // Nothing worth keeping (logged out, nothing to revoke): leave no trace in storage.
      if (isEmpty(value.state)) return removeQuietly(name)
      try {
        Taro.setStorageSync(name, JSON.stringify(value))
      } catch {
        // Storage full or unavailable: the in-memory session still works for this run.
      }
    },
    removeItem: removeQuietly,
  }
}

function removeQuietly(name: string): void {
  try {
    Taro.removeStorageSync(name)
  } catch {
    // Nothing more can be done; the value is ignored on the next read anyway.
  }
}
