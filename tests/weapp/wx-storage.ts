// wx storage as WeChat has it: one store per device that outlives a launch, '' for a missing key,
// values copied on the way in and out, 1 MB per key and 10 MB in all.
import { serialize } from 'node:v8'
import { callAsync, failSync, typeName, WxFail, type WxHost } from './wx-api'

const ITEM_LIMIT_BYTES = 1024 * 1024
const TOTAL_LIMIT_KB = 10 * 1024

/** What a value costs against WeChat's limits (its serialized size, a close stand-in for what WeChat counts). */
function sizeOf(value: unknown): number {
  try {
    return serialize(value).byteLength
  } catch {
    return 0
  }
}

function totalKb(store: Map<string, unknown>): number {
  let bytes = 0
  for (const [key, value] of store) bytes += Buffer.byteLength(key) + sizeOf(value)
  return Math.ceil(bytes / 1024)
}

function checkKey(api: string, key: unknown): string {
  if (typeof key !== 'string')
    failSync(api, `parameter error: parameter.key should be String instead of ${typeName(key)};`)
  return key
}

function putChecked(api: string, store: Map<string, unknown>, key: string, data: unknown): void {
  let copy: unknown
  try {
    copy = structuredClone(data)
  } catch {
    failSync(api, 'data cannot be serialized')
  }
  if (sizeOf(copy) > ITEM_LIMIT_BYTES) failSync(api, 'exceed storage item max length')
  const previous = store.get(key)
  store.set(key, copy)
  if (totalKb(store) > TOTAL_LIMIT_KB) {
    if (previous === undefined) store.delete(key)
    else store.set(key, previous)
    failSync(api, 'exceed storage max size 10Mb')
  }
}

function info(store: Map<string, unknown>): Record<string, unknown> {
  return { keys: [...store.keys()], currentSize: totalKb(store), limitSize: TOTAL_LIMIT_KB }
}

/** Fault injection and recording for `storageApis`. */
export interface StorageHooks {
  /** A message to fail every write with (e.g. a full storage), or undefined to write normally. */
  writeFault?: () => string | undefined
  /** Called for every write attempt: set, remove or clear, with its key; `failed` when it threw. */
  record?: (entry: { api: string; key?: string; failed?: boolean }) => void
}

/** The sync and async storage APIs over `store`. */
export function storageApis(
  host: WxHost,
  store: Map<string, unknown>,
  hooks: StorageHooks = {},
): Record<string, (...args: never[]) => unknown> {
  const opts = (o: unknown) => (o ?? {}) as { key?: unknown; data?: unknown }
  const put = (api: string, key: string, data: unknown) => {
    const fault = hooks.writeFault?.()
    try {
      if (fault !== undefined) failSync(api, fault)
      putChecked(api, store, key, data)
    } catch (error) {
      hooks.record?.({ api, key, failed: true })
      throw error
    }
    hooks.record?.({ api, key })
  }
  const remove = (api: string, key: string) => {
    hooks.record?.({ api, key })
    store.delete(key)
  }
  // The async variants throw like the sync ones inside `work`; turn that into a fail answer.
  const wrap = (fn: () => Record<string, unknown>) => () => {
    try {
      return fn()
    } catch (error) {
      throw new WxFail(String((error as Error).message).replace(/^\w+:fail /, ''))
    }
  }
  return {
    getStorageSync(key: unknown) {
      const k = checkKey('getStorageSync', key)
      return store.has(k) ? host.intoRuntime(store.get(k)) : ''
    },
    setStorageSync(key: unknown, data: unknown) {
      put('setStorageSync', checkKey('setStorageSync', key), data)
    },
    removeStorageSync(key: unknown) {
      remove('removeStorageSync', checkKey('removeStorageSync', key))
    },
    clearStorageSync() {
      hooks.record?.({ api: 'clearStorageSync' })
      store.clear()
    },
    getStorageInfoSync() {
      return host.intoRuntime(info(store))
    },
    getStorage(options: unknown) {
      return callAsync(
        host,
        'getStorage',
        options,
        wrap(() => {
          const key = checkKey('getStorage', opts(options).key)
          if (!store.has(key)) throw new Error('getStorage:fail data not found')
          return { data: store.get(key) }
        }),
      )
    },
    setStorage(options: unknown) {
      return callAsync(
        host,
        'setStorage',
        options,
        wrap(() => {
          put('setStorage', checkKey('setStorage', opts(options).key), opts(options).data)
          return {}
        }),
      )
    },
    removeStorage(options: unknown) {
      return callAsync(
        host,
        'removeStorage',
        options,
        wrap(() => {
          remove('removeStorage', checkKey('removeStorage', opts(options).key))
          return {}
        }),
      )
    },
    clearStorage(options: unknown) {
      return callAsync(host, 'clearStorage', options, () => {
        hooks.record?.({ api: 'clearStorage' })
        store.clear()
        return {}
      })
    },
    getStorageInfo(options: unknown) {
      return callAsync(host, 'getStorageInfo', options, () => info(store))
    },
  }
}
