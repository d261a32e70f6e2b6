// One platform fake on its own (no bundle, no runtime): a host whose timers are cleaned up after each
// test, routing to a stub server, and a `call` that records whether the answer came synchronously.
import type { Device } from './harness'
import { routingFor } from './routing'
import type { WxHost } from './wx-api'
import type { FakeParams, WxFake, WxNavigator } from './wx-fake'

/** An API of the fake as the app calls it. */
export type Api = (options?: unknown, ...rest: unknown[]) => unknown

/** What a fake's factory takes (createWx, createMy, createTt). */
export type FakeFactory = (params: FakeParams<Device>) => WxFake

const cleanups: Array<() => void> = []

/** Cancels the timers and sockets of every fake set up since the last call (use in afterEach). */
export function cleanUpFakes(): void {
  for (const cleanup of cleanups.splice(0)) cleanup()
}

/** Sets up one fake against `serverUrl`, which stands in for the compiled-in http://127.0.0.1:3000. */
export function setUpFake(factory: FakeFactory, serverUrl: string, device: Device = {}, storage = new Map()) {
  const errors: unknown[] = []
  const timers = new Set<NodeJS.Timeout>()
  const host: WxHost = {
    later: (fn, ms) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        fn()
      }, ms ?? 0)
      timers.add(timer)
    },
    reportError: (error) => errors.push(error),
    intoRuntime: (value) => structuredClone(value),
  }
  const routing = routingFor('http://127.0.0.1:3000', serverUrl)
  cleanups.push(() => {
    for (const timer of timers) clearTimeout(timer)
    routing.agent.http.destroy()
  })
  const navigator: WxNavigator = {
    switchTab: async () => {},
    navigateTo: async () => {},
    redirectTo: async () => {},
    navigateBack: async () => {},
    reLaunch: async () => {},
    launchOptions: () => ({}),
  }
  const fullDevice = { ...device, logins: 0 }
  const fake = factory({ host, storage, device: fullDevice, routing, navigator, parseJson: JSON.parse })
  const api = fake.wx as Record<string, Api>
  /** Calls an async API with callbacks; resolves to which callback ran, its result, and whether it came at once. */
  const call = (name: string, options: Record<string, unknown> = {}) =>
    new Promise<{ ok: boolean; res: Record<string, unknown>; sync: boolean }>((resolve) => {
      let returned = false
      const done = (ok: boolean) => (res: unknown) =>
        resolve({ ok, res: res as Record<string, unknown>, sync: !returned })
      const fn = api[name]
      if (!fn) throw new Error(`the fake has no ${name}`)
      fn({ ...options, success: done(true), fail: done(false) })
      returned = true
    })
  return { api, fake, errors, storage, device: fullDevice, call }
}
