// The detail sections of bench/RESULTS.md, one per benchmark, below the summary table.
import { count, kb, latency, ms, section, signedKb, table, times } from './markdown'
import type { OverheadResult } from './sdk-overhead'
import { median } from './sdk-overhead'
import type { EndpointLoad, ServerBenchResult } from './server-load'
import type { SingleFlightCheck } from './single-flight'
import type { WeappSizes } from './weapp-size'

/** One bundle as bench/sdk-size.mjs reports it. */
export interface SdkBundle {
  name: string
  minifiedBytes: number
  gzipBytes: number
  budgetBytes: number | null
}

/** What bench/sdk-size.mjs --json prints. */
export interface SdkSizes {
  sdk: SdkBundle[]
  openapiFetch: SdkBundle
}

/** What bench/h5-startup.mjs prints (ms since navigation, one value per reload). */
export interface H5Startup {
  reloads: number
  build: { reused: boolean; seconds: number }
  loggedIn: { greeting: number[]; feed: number[] }
  loggedOut: { hint: number[]; feed: number[] }
}

/** How the server was loaded, for its section's method paragraph. */
export interface ServerLoad {
  connections: number
  rounds: number
  roundSeconds: number
  warmupSeconds: number
}

/** Section 1: every file of both builds. */
export function weappDetails(w: WeappSizes): string {
  const names = [...new Set([...w.ours.files, ...w.blank.files].map((f) => f.file))].sort()
  const ours = new Map(w.ours.files.map((f) => [f.file, f]))
  const blank = new Map(w.blank.files.map((f) => [f.file, f]))
  const cell = (bytes: number | undefined) => (bytes === undefined ? '—' : kb(bytes))
  const sizes = (label: string, o: { raw: number; gzip: number } | undefined, b: typeof o) => [
    label,
    cell(o?.raw),
    cell(o?.gzip),
    cell(b?.raw),
    cell(b?.gzip),
    signedKb((o?.raw ?? 0) - (b?.raw ?? 0)),
  ]
  const perFile = names.map((name) => sizes(`\`${name}\``, ours.get(name), blank.get(name)))
  const total = (label: string, key: 'total' | 'js' | 'mainPackage') => sizes(`**${label}**`, w.ours[key], w.blank[key])
  const built =
    w.ours.buildSeconds === null
      ? 'reused (dist/weapp was a fresh production build)'
      : `${w.ours.buildSeconds.toFixed(0)} s`
  return section(
    '1. WeChat package size',
    `Production \`taro build --type weapp\`; the blank app (one page, one \`Text\`) uses the same config and toolchain. ` +
      `Build time: ours ${built}, blank ${w.blank.buildSeconds.toFixed(0)} s. ` +
      "WeChat's 2 MB limit is on the files as they are (raw); gzip (level 9) is shown for comparison. " +
      (w.ours.subpackageRoots.length === 0
        ? 'There are no subpackages: the main package is the whole build.'
        : `Subpackages (${w.ours.subpackageRoots.join(', ')}) are left out of the main package.`),
    ['file', 'miniauth raw', 'miniauth gzip', 'blank raw', 'blank gzip', 'difference (raw)'],
    [...perFile, total('all files', 'total'), total('JavaScript', 'js'), total('main package', 'mainPackage')],
  )
}

/** Section 2: every SDK bundle and the baseline. */
export function sdkSizeDetails(s: SdkSizes): string {
  return section(
    '2. SDK runtime size',
    'esbuild bundle, minified, ES2017, `@tarojs/taro` external, gzip level 9; openapi-fetch bundled from node_modules the same way ' +
      '(it needs `fetch`, `Headers` and `Request`, which WeChat does not have).',
    ['bundle', 'minified', 'gzip', 'budget'],
    [...s.sdk, s.openapiFetch].map((b) => [
      b === s.openapiFetch ? `baseline: ${b.name}` : b.name,
      kb(b.minifiedBytes),
      kb(b.gzipBytes),
      b.budgetBytes === null ? '' : `${kb(b.budgetBytes)} ${b.gzipBytes <= b.budgetBytes ? '✔' : '✘'}`,
    ]),
  )
}

/** Section 3: every round. */
export function overheadDetails(o: OverheadResult): string {
  const path = (name: string, medianRps: number, rounds: number[]) => [
    name,
    count(medianRps),
    `${(1e6 / medianRps).toFixed(1)} µs`,
    rounds.map((v) => count(v)).join(', '),
  ]
  return section(
    '3. SDK per-request overhead',
    `\`GET /profile\` awaited one after another over a transport that resolves a canned 200 JSON body at once; ` +
      `${o.rounds} alternating rounds of ${o.roundMs} ms after a warm-up. The baseline calls the same transport and \`JSON.parse\`s the body.`,
    ['path', 'median req/s', 'per request', 'all rounds (req/s)'],
    [
      path('transport alone + JSON.parse', o.directMedian, o.directRps),
      path('createApiClient + authMiddleware', o.sdkMedian, o.sdkRps),
    ],
  )
}

/** Section 4: every count. */
export function singleFlightDetails(checks: SingleFlightCheck[]): string {
  return section(
    '4. Single flight (the app’s real services)',
    '`src/services` with `@tarojs/taro` replaced by `bench/fake-taro.ts` (WeChat-like storage, real HTTP to the reference ' +
      'server on loopback, counted `login`/`showLoading`/`showToast`). The token is revoked by logging the same user in from a second device.',
    ['scenario', 'count', 'expected', 'measured', ''],
    checks.map((c) => [c.scenario, c.what, c.expected, c.actual, c.actual === c.expected ? '✔' : '✘']),
  )
}

/** Section 5: every row and the Redis round trips. */
export function serverDetails(s: ServerBenchResult, load: ServerLoad): string {
  const loadRow = (l: EndpointLoad) => [
    l.target,
    `\`${l.endpoint}\``,
    count(l.rps),
    count(l.baselineRps),
    times(l.ratio),
    l.vsLoggingOff === undefined ? '' : `${(100 * l.vsLoggingOff).toFixed(0)} %`,
    latency(l.p50Ms),
    latency(l.p99Ms),
    latency(l.baselineP99Ms),
    count(l.ok),
    count(l.failed),
    l.seconds.toFixed(1),
  ]
  const logSizes = Object.entries(s.logBytes).map(([target, bytes]) => `${target}: ${kb(bytes ?? 0)}`)
  const roundTrips = s.redisMissing
    ? [`Redis store not measured: ${s.redisMissing}`]
    : [
        'Redis commands per request, recorded by Redis (`MONITOR`), 20 sequential requests each after a warm-up:',
        table(
          ['endpoint', 'round trips', 'commands sent', 'commands run inside scripts'],
          s.roundTrips.map((t) => [`\`${t.endpoint}\``, t.roundTrips, t.sent, t.inScripts]),
        ),
        'A login is two round trips: the login script and the shared login rate-limit counter.',
      ]
  return section(
    '5. Server',
    `autocannon, ${load.connections} connections, loopback; each server in its own process, the load generator on the ` +
      `same machine. Every row is ${load.rounds} rounds of ${load.roundSeconds} s after a ${load.warmupSeconds} s warm-up ` +
      '(logout: none, each request spends a pre-made token, made before its round); each round runs the hello world ' +
      '(its process stays up all along), then the store without logging and with logging, one after another (in turn ' +
      "first), so a change in the machine's load hits a row and its baselines alike. Each connection loops over its own " +
      "list of requests, built before the round as the hello world's one request is (their building is not counted in " +
      'the seconds): the load generator, on the same two cores, builds nothing while it loads. ' +
      'The second row is the same hello world answering ' +
      "with the API's headers (its security set, CORS, `Cache-Control: no-store`): what any route pays at least; " +
      'the third, on the same server, a `POST /auth/login` that Fastify reads and checks against the contract and ' +
      "answers with a made-up session through the contract's serializer, with no rate limit, no token hashing and " +
      'no store: what any login pays at least. ' +
      'Figures are medians over the rounds: req/s, ' +
      'p50 and p99 of each side, the ratio of each round to its own hello world, and of logging on to logging off in ' +
      'the same round; 2xx, failed and seconds are totals. Logins use `dev:` codes over 10,000 users (each connection ' +
      'its own 500 in turn); the login rate ' +
      'limit still runs, set high enough never to trip. The SQLite store keeps its file on disk (WAL), as the default ' +
      'server does. Without logging the server has no logger, as the hello world; "logging on" is production logging: ' +
      `info level on stdout, redirected to a file (${logSizes.length > 0 ? logSizes.join(', ') : 'none written'} over the whole target run).`,
    [
      'target',
      'endpoint',
      'req/s',
      'hello world, same rounds',
      'vs hello world',
      'vs logging off',
      'p50 ms',
      'p99 ms',
      'hello world p99 ms',
      '2xx',
      'failed',
      'seconds',
    ],
    s.loads.map(loadRow),
    ...roundTrips,
  )
}

/** Section 6: every reload. */
export function h5Details(h: H5Startup): string {
  const all = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ')
  const page = (label: string, text: number[], feed: number[]) => [
    label,
    ms(median(text)),
    ms(median(feed)),
    all(text),
    all(feed),
  ]
  const build = h.build.reused ? 'cached build reused' : `built in ${h.build.seconds.toFixed(0)} s`
  return section(
    '6. H5 start-up (headless Chromium)',
    `Production H5 bundle (${build}), ms from navigation until the text is painted, warm HTTP cache, ` +
      `median of ${h.reloads} reloads, alternating between the two. Logged in: a stored session; logged out: the same page without one.`,
    ['首页', 'banner on screen', 'feed on screen', 'banner, all', 'feed, all'],
    [page('logged in', h.loggedIn.greeting, h.loggedIn.feed), page('logged out', h.loggedOut.hint, h.loggedOut.feed)],
  )
}
