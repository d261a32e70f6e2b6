// Alipay's storage: every API takes one object (`my.setStorageSync({ key, data })`,
// `my.getStorageSync({ key })` → `{ data }`, `null` for a missing key), one store per device that outlives
// a launch, values copied on the way in and out, 200 × 1024 characters per value (as a string) and 10 MB
// in all. A call in WeChat's positional form (`my.getStorageSync('k')`) has no key and finds nothing.
import { callMy, MyFail } from './my-api'
import type { WxHost } from './wx-api'
import type { StorageHooks } from './wx-storage'

/** Alipay's limit for one value, in characters of its string form. */
const ITEM_LIMIT_CHARS = 200 * 1024
const TOTAL_LIMIT_KB = 10 * 1024

function asString(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
}

function totalKb(store: Map<string, unknown>): number {
  let chars = 0
  for (const [key, value] of store) chars += Buffer.byteLength(key) + Buffer.byteLength(asString(value))
  return Math.ceil(chars / 1024)
}

function keyOf(options: unknown): string | undefined {
  const key = (options as { key?: unknown } | null | undefined)?.key
  return typeof key === 'string' ? key : undefined
}

/** The sync and async storage APIs of `my` over `store`; sync failures throw, async ones reach `fail`. */
export function myStorageApis(
  host: WxHost,
  store: Map<string, unknown>,
  hooks: StorageHooks = {},
): Record<string, (...args: never[]) => unknown> {
  const put = (api: string, options: unknown) => {
    const key = keyOf(options)
    try {
      if (key === undefined) throw new MyFail(2, `${api}: key 必须是 String`)
      const fault = hooks.writeFault?.()
      if (fault !== undefined) throw new MyFail(15, fault)
      const data = (options as { data?: unknown }).data
      let copy: unknown
      try {
        copy = structuredClone(data)
      } catch {
        throw new MyFail(2, `${api}: data 无法序列化`)
      }
      if (asString(copy).length > ITEM_LIMIT_CHARS) throw new MyFail(15, `${api}: 单条数据超过 200KB`)
      const previous = store.get(key)
      store.set(key, copy)
      if (totalKb(store) > TOTAL_LIMIT_KB) {
        if (previous === undefined) store.delete(key)
        else store.set(key, previous)
        throw new MyFail(15, `${api}: 超过 10MB 存储上限`)
      }
    } catch (error) {
      hooks.record?.({ api, key, failed: true })
      throw error
    }
    hooks.record?.({ api, key })
  }
  const read = (options: unknown) => {
    const key = keyOf(options)
    return { data: key !== undefined && store.has(key) ? store.get(key) : null }
  }
  const remove = (api: string, options: unknown) => {
    const key = keyOf(options)
    hooks.record?.({ api, key })
    if (key !== undefined) store.delete(key)
  }
  const info = () => ({ keys: [...store.keys()], currentSize: totalKb(store), limitSize: TOTAL_LIMIT_KB })
  // A sync call that fails throws an Error carrying Alipay's code, so the app sees it as it would there.
  const sync = (fn: () => unknown) => {
    try {
      return fn()
    } catch (error) {
      if (!(error instanceof MyFail)) throw error
      throw Object.assign(new Error(error.message), { error: error.error, errorMessage: error.message })
    }
  }
  return {
    getStorageSync: (options: unknown) => host.intoRuntime(read(options)),
    setStorageSync: (options: unknown) => sync(() => put('setStorageSync', options)),
    removeStorageSync: (options: unknown) => remove('removeStorageSync', options),
    clearStorageSync: () => {
      hooks.record?.({ api: 'clearStorageSync' })
      store.clear()
    },
    getStorageInfoSync: () => host.intoRuntime(info()),
    getStorage: (options: unknown) => callMy(host, options, () => read(options)),
    setStorage: (options: unknown) =>
      callMy(host, options, () => {
        put('setStorage', options)
        return {}
      }),
    removeStorage: (options: unknown) =>
      callMy(host, options, () => {
        remove('removeStorage', options)
        return {}
      }),
    clearStorage: (options: unknown) =>
      callMy(host, options, () => {
        hooks.record?.({ api: 'clearStorage' })
        store.clear()
        return {}
      }),
    getStorageInfo: (options: unknown) => callMy(host, options, info),
  }
}
