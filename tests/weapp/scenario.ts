// Shared steps of the end-to-end scenarios: launches tracked for closing, a login the way a user does it,
// and what the app left in storage, against a reference server (directly or through a fault proxy).
import { randomBytes } from 'node:crypto'
import { type LaunchOptions, launchWeapp, type WeappApp } from './harness'

/** Storage key of the auth state (the app's `AUTH_STORAGE_KEY`). */
export const AUTH_KEY = 'miniauth:auth'
/** What the app says once when the server says the session expired, or does not know the token. */
export const EXPIRED = '登录已过期，请重新登录'
/** What the app says once when a newer login of the same account replaced the session. */
export const REPLACED = '你的账号已在其他设备登录'
/** What the app says once when the session was logged out elsewhere. */
export const REVOKED = '已退出登录，请重新登录'

/** The persisted auth state as the app stored it, or null when nothing is stored. */
export interface StoredAuth {
  state: {
    token: string | null
    expiresAt: string | null
    user: { nickname: string } | null
    pendingRevocations: string[]
  }
  version: number
}

/** A token of the contract's shape that no server ever issued. */
export function unknownToken(): string {
  return `${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`
}

/** Launches that a test opened, closed after each test. */
export class Launches {
  private readonly running: WeappApp[] = []

  /** `loginLabel`: the login button on 我的 (`微信登录`; `支付宝登录`, `抖音登录` on those platforms). */
  constructor(
    private readonly defaults: () => LaunchOptions,
    private readonly loginLabel = '微信登录',
  ) {}

  /** Cold-launches on a device named `name` (the dev server maps a name to one WeChat user). */
  async launch(name: string, options: LaunchOptions = {}): Promise<WeappApp> {
    const base = this.defaults()
    const app = await launchWeapp({ ...base, ...options, device: { name, ...base.device, ...options.device } })
    this.running.push(app)
    return app
  }

  /** Closes `app` and cold-launches again with its storage and device. */
  async relaunch(app: WeappApp, options: Partial<LaunchOptions> = {}): Promise<WeappApp> {
    const again = await app.relaunch(options)
    this.running.push(again)
    return again
  }

  /** Launches and logs in on 我的, the way a user does. */
  async loggedIn(name: string, options: LaunchOptions = {}): Promise<WeappApp> {
    const app = await this.launch(name, options)
    await app.switchTab('pages/mine/index')
    await app.tap(this.loginLabel)
    await app.findByText('退出登录')
    return app
  }

  /** Closes every launch. */
  async closeAll(): Promise<void> {
    for (const app of this.running.splice(0)) await app.close()
  }
}

/** What the app stored under the auth key, parsed. */
export function stored(app: WeappApp): StoredAuth | null {
  const raw = app.storage.get(AUTH_KEY)
  return typeof raw === 'string' ? (JSON.parse(raw) as StoredAuth) : null
}

/** Writes a persisted auth state into the device's storage, as an earlier run (or anything else) left it. */
export function seedAuth(storage: Map<string, unknown>, state: Record<string, unknown>): void {
  const session = { token: null, expiresAt: null, user: null, pendingRevocations: [] }
  storage.set(AUTH_KEY, JSON.stringify({ state: { ...session, ...state }, version: 1 }))
}

/** The status `GET /profile` answers for `token` on the server itself: 200 while the session lives. */
export async function profileStatus(serverUrl: string, token: string): Promise<number> {
  return (await fetch(`${serverUrl}/profile`, { headers: { authorization: `Bearer ${token}` } })).status
}

/**
 * Logs `name` in on the server directly, as another device would (with the dev code `dev:<name>`, or the
 * login request `body` another platform needs); resolves to the new token.
 */
export async function loginElsewhere(
  serverUrl: string,
  name: string,
  body: Record<string, unknown> = { code: `dev:${name}` },
): Promise<string> {
  const response = await fetch(`${serverUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return ((await response.json()) as { token: string }).token
}

/** Requests of `line` (e.g. `POST /auth/logout`) the app made in this launch. */
export function count(app: WeappApp, line: string): number {
  return app.calls.requestLines().filter((l) => l === line).length
}
