// What each launch's V8 context is built from: build files compiled once and run in many contexts,
// a cloner that makes values of the context's own realm, timers WeChat-style, and waiting helpers.
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'

type AnyFn = (...args: unknown[]) => unknown

const scripts = new Map<string, { mtimeMs: number; size: number; script: vm.Script }>()

/** Compiles a build file once per content version; V8 reuses the compiled code across launches. */
export function compiled(file: string): vm.Script {
  const { mtimeMs, size } = statSync(file)
  const hit = scripts.get(file)
  if (hit && hit.mtimeMs === mtimeMs && hit.size === size) return hit.script
  // Not a plain path: jest would print a code frame of the one-line minified chunk with every failure.
  const filename = `weapp:${path.relative(process.cwd(), file)}`
  const script = new vm.Script(`(function (require, module, exports) {${readFileSync(file, 'utf8')}\n})`, { filename })
  scripts.set(file, { mtimeMs, size, script })
  return script
}

// Evaluated inside the launch's context so copies are made of that realm's objects (structured-clone subset).
export const CLONE_SOURCE = `(function clone(value, seen) {
  if (value === null || typeof value !== 'object') return value
  seen = seen || new Map()
  if (seen.has(value)) return seen.get(value)
  var tag = Object.prototype.toString.call(value), out, i
  if (tag === '[object Date]') out = new Date(value.getTime())
  else if (tag === '[object RegExp]') out = new RegExp(value.source, value.flags)
  else if (tag === '[object ArrayBuffer]') { out = new ArrayBuffer(value.byteLength); new Uint8Array(out).set(new Uint8Array(value)) }
  else if (tag === '[object Array]') out = []
  else if (tag === '[object Map]') out = new Map()
  else if (tag === '[object Set]') out = new Set()
  else out = {}
  seen.set(value, out)
  if (tag === '[object Array]') for (i = 0; i < value.length; i++) out[i] = clone(value[i], seen)
  else if (tag === '[object Map]') value.forEach(function (v, k) { out.set(clone(k, seen), clone(v, seen)) })
  else if (tag === '[object Set]') value.forEach(function (v) { out.add(clone(v, seen)) })
  else if (out.constructor === Object) Object.keys(value).forEach(function (k) { out[k] = clone(value[k], seen) })
  return out
})`

/** Timers the app sets: numeric ids like WeChat's, errors reported instead of crashing the host, all cleared on close. */
export class Timers {
  private nextId = 1
  private readonly live = new Map<number, NodeJS.Timeout>()
  // When each one-shot timer is due (host clock) and how to run it, so time can be fast-forwarded.
  private readonly due = new Map<number, { at: number; run: () => void }>()
  constructor(private readonly report: (error: unknown) => void) {}

  private add(repeat: boolean, fn: unknown, ms: unknown, args: unknown[]): number {
    if (typeof fn !== 'function') throw new TypeError('setTimeout/setInterval expects a function')
    const id = this.nextId++
    const run = () => {
      if (!repeat) {
        this.live.delete(id)
        this.due.delete(id)
      }
      try {
        ;(fn as AnyFn)(...args)
      } catch (error) {
        this.report(error)
      }
    }
    const delay = Number(ms) || 0
    this.live.set(id, repeat ? setInterval(run, delay) : setTimeout(run, delay))
    if (!repeat) this.due.set(id, { at: Date.now() + delay, run })
    return id
  }

  private remove(id: unknown): void {
    const timer = this.live.get(id as number)
    if (timer) clearTimeout(timer)
    this.live.delete(id as number)
    this.due.delete(id as number)
  }

  /** Runs now, in due order, every one-shot timer that would fire within `ms` (time passing without waiting). */
  advance(ms: number): number {
    const limit = Date.now() + ms
    const ready = [...this.due.entries()].filter(([, t]) => t.at <= limit).sort(([, a], [, b]) => a.at - b.at)
    for (const [id, timer] of ready) {
      if (!this.due.has(id)) continue
      clearTimeout(this.live.get(id))
      timer.run()
    }
    return ready.length
  }

  /** The four timer globals, for the context. */
  globals() {
    return {
      setTimeout: (fn: unknown, ms?: unknown, ...args: unknown[]) => this.add(false, fn, ms, args),
      setInterval: (fn: unknown, ms?: unknown, ...args: unknown[]) => this.add(true, fn, ms, args),
      clearTimeout: (id: unknown) => this.remove(id),
      clearInterval: (id: unknown) => this.remove(id),
    }
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.live.size
  }

  /** Cancels everything (the launch is over). */
  clearAll(): void {
    for (const timer of this.live.values()) clearTimeout(timer)
    this.live.clear()
    this.due.clear()
  }
}

// Evaluated inside the launch's context: its `Date` reads the device clock (`now`) instead of the host's.
export const CLOCK_SOURCE = `(function (RealDate, now) {
  function Date() {
    var args = Array.prototype.slice.call(arguments)
    if (!new.target) return new RealDate(now()).toString()
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target)
  }
  Object.setPrototypeOf(Date, RealDate)
  Date.prototype = RealDate.prototype
  Date.now = function () { return now() }
  return Date
})`

/** One macrotask: what WeChat's logic/view round trip costs at least. */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** A value that passes an `if`. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>

/** How long a wait lasts by default: generous, because CI machines are shared and a busy one is slow. */
const DEFAULT_WAIT_MS = 10_000

/** Polls `check` until it returns a truthy value without throwing; resolves to that value. */
export async function waitUntil<T>(
  check: () => T,
  options: { timeout?: number; message?: () => string } = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + (options.timeout ?? DEFAULT_WAIT_MS)
  let last: unknown
  for (;;) {
    try {
      const value = check()
      if (value) return value as Truthy<T>
      last = undefined
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      const reason = last instanceof Error ? last.message : 'the condition stayed falsy'
      throw new Error(`waitFor timed out: ${reason}${options.message ? `\n${options.message()}` : ''}`)
    }
    await tick(10)
  }
}
