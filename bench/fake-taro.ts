// A stand-in for `@tarojs/taro` so the app's real services run in Node (bench/tsconfig.json aliases it):
// storage behaves like WeChat's, `request` is real HTTP, and every call the benchmarks count is counted.
import http from 'node:http'
import type { TaroRequest } from '../sdk/client/taro-transport'

/** What the app asked of the platform since the last `resetTaroCalls()`. */
export const taroCalls = {
  login: 0,
  showLoading: 0,
  hideLoading: 0,
  toasts: [] as string[],
  /** Requests by `METHOD /path`. */
  requests: new Map<string, number>(),
}

/** Zeroes every counter. */
export function resetTaroCalls(): void {
  taroCalls.login = 0
  taroCalls.showLoading = 0
  taroCalls.hideLoading = 0
  taroCalls.toasts = []
  taroCalls.requests.clear()
}

/** How many requests went to `METHOD /path` since the last reset. */
export function requestCount(methodAndPath: string): number {
  return taroCalls.requests.get(methodAndPath) ?? 0
}

let loginName = 'bench'

/** Picks the user `Taro.login` codes stand for: the dev server maps `dev:<name>` to one user. */
export function setLoginName(name: string): void {
  loginName = name
}

const storage = new Map<string, unknown>()
// Keep-alive like the WeChat client, so a burst of requests does not open a socket each.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

const request: TaroRequest = (option) =>
  new Promise((resolve) => {
    const url = new URL(option.url)
    const key = `${option.method} ${url.pathname}`
    taroCalls.requests.set(key, (taroCalls.requests.get(key) ?? 0) + 1)
    const req = http.request(url, { method: option.method, headers: option.header, agent }, (res) => {
      let data = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        data += chunk
      })
      res.on('end', () => {
        const result = { statusCode: res.statusCode ?? 0, header: { ...res.headers }, data }
        option.success(result)
        resolve(result)
      })
    })
    // WeChat reports every failure through `fail` with an errMsg; the promise resolves either way here.
    const fail = (errMsg: string) => {
      option.fail({ errMsg })
      resolve({ errMsg })
    }
    req.setTimeout(option.timeout ?? 60_000, () => req.destroy(new Error('timeout')))
    req.on('error', (error) => fail(`request:fail ${error.message}`))
    if (option.data !== undefined) req.write(option.data)
    req.end()
  })

/** The subset of Taro the app's services use. */
const Taro = {
  request,
  async login(): Promise<{ code: string; errMsg: string }> {
    taroCalls.login++
    return { code: `dev:${loginName}`, errMsg: 'login:ok' }
  },
  // WeChat answers '' for a key that was never set.
  getStorageSync: (key: string): unknown => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown): void => {
    storage.set(key, value)
  },
  removeStorageSync: (key: string): void => {
    storage.delete(key)
  },
  async showLoading(_option: { title: string; mask?: boolean }): Promise<void> {
    taroCalls.showLoading++
  },
  hideLoading(): void {
    taroCalls.hideLoading++
  },
  async showToast(option: { title: string }): Promise<void> {
    taroCalls.toasts.push(option.title)
  },
}

export default Taro

/** Closes idle keep-alive sockets so the process can exit. */
export function closeTaroConnections(): void {
  agent.destroy()
}
