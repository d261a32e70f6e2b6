// A production build compiles TARO_APP_API_BASE_URL into the app for good: a loopback or plain-HTTP address
// there ships an app that cannot log anyone in (WeChat, Alipay and Douyin all call only HTTPS domains on the
// mini program's allowlist once released).

/** The variable that marks a build as a local test build, which may use a local API. */
export const LOCAL_BUILD_FLAG = 'MINIAUTH_LOCAL_BUILD'

/** A production build was asked for with an API address no released app can use. */
export class ApiUrlGuardError extends Error {
  /** Creates the error with the full explanation of what to set. */
  constructor(message: string) {
    super(message)
    this.name = 'ApiUrlGuardError'
  }
}

/** Why `url` cannot be a released app's API base URL, or null when it can. */
export function apiUrlProblem(url: string | undefined): string | null {
  if (url === undefined || url.trim() === '') return 'is not set'
  if (url !== url.trim()) return 'has spaces around it'
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not an absolute URL'
  }
  if (parsed.protocol !== 'https:') return `uses ${parsed.protocol.replace(/:$/, '')}, not https`
  if (parsed.username || parsed.password) return 'contains a user name or password'
  const host = parsed.hostname
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return 'points at this machine (localhost)'
  if (isLoopbackOrUnspecifiedIp(host)) return `points at this machine (${host})`
  return null
}

// The URL parser already normalised IPv4 forms (127.1, 0x7f000001) and IPv6 spellings.
function isLoopbackOrUnspecifiedIp(host: string): boolean {
  if (/^127\.\d+\.\d+\.\d+$/.test(host) || host === '0.0.0.0') return true
  if (host === '::1' || host === '::') return true
  // IPv4-mapped IPv6 (::ffff:127.0.0.1 normalises to ::ffff:7f00:1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host)
  return mapped?.[1] !== undefined && (Number.parseInt(mapped[1], 16) >> 8 === 127 || mapped[1] === '0')
}

/** What decides whether the guard applies: the environment and the command line of the build. */
export interface BuildContext {
  /** The build's environment (Taro has loaded `.env.<mode>` into it already). */
  env: Readonly<Record<string, string | undefined>>
  /** The command line, e.g. `taro build --type weapp --watch`. */
  argv: readonly string[]
}

/** Whether this is a production build that will be released: `taro build` for production, not watching, not local. */
export function isReleaseBuild({ env, argv }: BuildContext): boolean {
  const args = argv.slice(2)
  if (args[0] !== 'build') return false
  if (args.includes('--watch') || args.includes('-w')) return false
  if (env.NODE_ENV !== undefined && env.NODE_ENV !== 'production') return false
  const local = env[LOCAL_BUILD_FLAG]
  return !(local === '1' || local === 'true')
}

// Where each platform's admin console lists the domains a released mini program may call.
const ALLOWLIST: Record<string, string> = {
  weapp: 'WeChat calls only HTTPS request legal domains (request 合法域名) in a released mini program',
  alipay: 'Alipay calls only HTTPS domains on the server allowlist (服务器域名白名单) in a released mini program',
  tt: 'Douyin calls only HTTPS request legal domains (request 合法域名) in a released mini program',
  h5: 'A browser blocks plain-HTTP API calls from an HTTPS page',
}

/** Throws `ApiUrlGuardError` when a release build would compile in an unusable API address. */
export function assertReleasableApiUrl(context: BuildContext): void {
  if (!isReleaseBuild(context)) return
  const url = context.env.TARO_APP_API_BASE_URL
  const problem = apiUrlProblem(url)
  if (problem === null) return
  const shown = url === undefined ? '' : `=${JSON.stringify(url)}`
  const typeAt = context.argv.indexOf('--type')
  const platform = (typeAt >= 0 ? context.argv[typeAt + 1] : undefined) ?? 'weapp'
  throw new ApiUrlGuardError(
    [
      `TARO_APP_API_BASE_URL${shown} ${problem}: a production build needs the HTTPS address of your deployed API.`,
      `${ALLOWLIST[platform] ?? ALLOWLIST.weapp}, and a loopback address reaches`,
      "the user's own phone. Set it for the build, for example:",
      `  TARO_APP_API_BASE_URL=https://api.example.com npm run build:${platform}`,
      'or put it in .env.production.local (not committed). See docs/deploy.md.',
      `A local test build against a local server: set ${LOCAL_BUILD_FLAG}=1.`,
    ].join('\n'),
  )
}

/** Stops the build with the guard's message, without a stack trace (called from config/index.ts). */
export function enforceReleasableApiUrl(context: BuildContext = { env: process.env, argv: process.argv }): void {
  try {
    assertReleasableApiUrl(context)
  } catch (error) {
    if (!(error instanceof ApiUrlGuardError)) throw error
    process.stderr.write(`\n✖ ${error.message}\n\n`)
    process.exit(1)
  }
}
