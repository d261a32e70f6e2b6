// Single flight on the app's real services: a burst of 401s clears the session once, concurrent login()
// and logout() calls send one request. Run with `tsx --tsconfig bench/tsconfig.json bench/single-flight.ts`
// (the tsconfig aliases @tarojs/taro to bench/fake-taro.ts); prints one JSON object.
import { platformProfile } from '../config/platforms'
import { startReferenceServer } from '../server/test/reference-server'
import { closeTaroConnections, requestCount, resetTaroCalls, setLoginName, taroCalls } from './fake-taro'

/** One counted outcome and what the design expects it to be. */
export interface SingleFlightCheck {
  scenario: string
  what: string
  expected: number
  actual: number
}

const BURST_REQUESTS = 50
const CONCURRENT_CALLS = 10
// Everything here is a few loopback round trips; anything slower is a hang, not a result.
const DEADLINE_MS = 30_000

async function main(): Promise<SingleFlightCheck[]> {
  const server = await startReferenceServer()
  const baseUrl = server.url

  // Read when the app's modules load: set before importing them.
  process.env.TARO_ENV = 'weapp'
  process.env.TARO_APP_API_BASE_URL = baseUrl
  // What the WeChat build compiles in (config/index.ts): the app reads it as a global.
  Object.defineProperty(globalThis, 'APP_PLATFORM', { configurable: true, value: platformProfile('weapp') })
  const { login, logout } = await import('../src/services/auth')
  const { api } = await import('../src/services/api')
  const { SESSION_REPLACED_MESSAGE } = await import('../src/services/messages')
  const { useAuthStore } = await import('../src/stores/auth-store')

  let clears = 0
  useAuthStore.subscribe((state, previous) => {
    if (previous.token !== null && state.token === null) clears++
  })
  const checks: SingleFlightCheck[] = []
  const check = (scenario: string, what: string, expected: number, actual: number) =>
    checks.push({ scenario, what, expected, actual })

  try {
    // 1. The same WeChat user logs in on another device: the server revokes our token (single sign-on).
    setLoginName('bench-sso')
    if (!(await login())) throw new Error('the first login failed')
    const otherDevice = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'dev:bench-sso' }),
    })
    if (otherDevice.status !== 200) throw new Error(`the second device's login answered ${otherDevice.status}`)
    resetTaroCalls()
    clears = 0
    const burst = `${BURST_REQUESTS} concurrent requests on a revoked token`
    const results = await Promise.all(Array.from({ length: BURST_REQUESTS }, () => api.GET('/profile')))
    check(burst, 'requests answered 401', BURST_REQUESTS, results.filter((r) => r.error?.status === 401).length)
    check(burst, '`/auth/login` calls', 0, requestCount('POST /auth/login'))
    check(burst, 'session clears', 1, clears)
    // The app says why the session ended: replaced by the other device's login.
    const replacedToasts = taroCalls.toasts.filter((t) => t === SESSION_REPLACED_MESSAGE).length
    check(burst, 'session-replaced toasts', 1, replacedToasts)

    // 2. A double tap, two pages: concurrent login() calls share one Taro.login and one request.
    setLoginName('bench-login')
    resetTaroCalls()
    const logins = `${CONCURRENT_CALLS} concurrent login() calls`
    const started = await Promise.all(Array.from({ length: CONCURRENT_CALLS }, () => login()))
    check(logins, 'calls resolved true', CONCURRENT_CALLS, started.filter(Boolean).length)
    check(logins, '`Taro.login` calls', 1, taroCalls.login)
    check(logins, '`/auth/login` calls', 1, requestCount('POST /auth/login'))
    check(logins, 'loading overlays', 1, taroCalls.showLoading)

    // 3. The same for logout(): one revocation, one clear.
    resetTaroCalls()
    clears = 0
    const logouts = `${CONCURRENT_CALLS} concurrent logout() calls`
    await Promise.all(Array.from({ length: CONCURRENT_CALLS }, () => logout()))
    check(logouts, '`/auth/logout` calls', 1, requestCount('POST /auth/logout'))
    check(logouts, 'session clears', 1, clears)
    return checks
  } finally {
    closeTaroConnections()
    await server.close()
  }
}

const deadline = setTimeout(() => {
  console.error(`single-flight benchmark: no result after ${DEADLINE_MS} ms`)
  process.exit(1)
}, DEADLINE_MS)
main().then(
  (checks) => {
    clearTimeout(deadline)
    console.log(JSON.stringify(checks))
  },
  (error: unknown) => {
    clearTimeout(deadline)
    console.error('single-flight benchmark failed:', error)
    process.exitCode = 1
  },
)
