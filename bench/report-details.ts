// The detail sections of bench/RESULTS.md, one per benchmark, below the summary table.
import { count, kb, latency, ms, ratio, signedKb, table } from './markdown'
import type { H5Startup, SdkSizes } from './report'
import type { OverheadResult } from './sdk-overhead'
import { median } from './sdk-overhead'
import type { EndpointLoad, ServerBenchResult } from './server-load'
import type { SingleFlightCheck } from './single-flight'
import type { WeappSizes } from './weapp-size'

/** Section 1: every file of both builds. */
export function weappDetails(w: WeappSizes): string {
  const names = [...new Set([...w.ours.files, ...w.blank.files].map((f) => f.file))].sort()
  const ours = new Map(w.ours.files.map((f) => [f.file, f]))
  const blank = new Map(w.blank.files.map((f) => [f.file, f]))
  const cell = (bytes: number | undefined) => (bytes === undefined ? '—' : kb(bytes))
  const perFile = names.map((name) => {
    const o = ours.get(name)
    const b = blank.get(name)
    return [
      `\`${name}\``,
      cell(o?.raw),
      cell(o?.gzip),
      cell(b?.raw),
      cell(b?.gzip),
      signedKb((o?.raw ?? 0) - (b?.raw ?? 0)),
    ]
  })
  const total = (label: string, key: 'total' | 'js' | 'mainPackage') => [
    `**${label}**`,
    kb(w.ours[key].raw),
    kb(w.ours[key].gzip),
    kb(w.blank[key].raw),
    kb(w.blank[key].gzip),
    signedKb(w.ours[key].raw - w.blank[key].raw),
  ]
  const built =
    w.ours.buildSeconds === null
      ? 'reused (dist/weapp was a fresh production build)'
      : `${w.ours.buildSeconds.toFixed(0)} s`
  return [
    '## 1. WeChat package size',
    '',
    `Production \`taro build --type weapp\`; the blank app (one page, one \`Text\`) uses the same config and toolchain. ` +
      `Build time: ours ${built}, blank ${w.blank.buildSeconds.toFixed(0)} s. ` +
      "WeChat's 2 MB limit is on the files as they are (raw); gzip (level 9) is shown for comparison. " +
      (w.ours.subpackageRoots.length === 0
        ? 'There are no subpackages: the main package is the whole build.'
        : `Subpackages (${w.ours.subpackageRoots.join(', ')}) are left out of the main package.`),
    '',
    table(
      ['file', 'miniauth raw', 'miniauth gzip', 'blank raw', 'blank gzip', 'difference (raw)'],
      [...perFile, total('all files', 'total'), total('JavaScript', 'js'), total('main package', 'mainPackage')],
    ),
  ].join('\n')
}

/** Section 2: every SDK bundle and the baseline. */
export function sdkSizeDetails(s: SdkSizes): string {
  const rows = [...s.sdk, s.openapiFetch].map((b) => [
    b === s.openapiFetch ? `baseline: ${b.name}` : b.name,
    kb(b.minifiedBytes),
    kb(b.gzipBytes),
    b.budgetBytes === null ? '' : `${kb(b.budgetBytes)} ${b.gzipBytes <= b.budgetBytes ? '✔' : '✘'}`,
  ])
  return [
    '## 2. SDK runtime size',
    '',
    'esbuild bundle, minified, ES2017, `@tarojs/taro` external, gzip level 9; openapi-fetch bundled from node_modules the same way ' +
      '(it needs `fetch`, `Headers` and `Request`, which WeChat does not have).',
    '',
    table(['bundle', 'minified', 'gzip', 'budget'], rows),
  ].join('\n')
}

/** Section 3: every round. */
export function overheadDetails(o: OverheadResult): string {
  const all = (values: number[]) => values.map((v) => count(v)).join(', ')
  return [
    '## 3. SDK per-request overhead',
    '',
    `\`GET /profile\` awaited one after another over a transport that resolves a canned 200 JSON body at once; ` +
      `${o.rounds} alternating rounds of ${o.roundMs} ms after a warm-up. The baseline calls the same transport and \`JSON.parse\`s the body.`,
    '',
    table(
      ['path', 'median req/s', 'per request', 'all rounds (req/s)'],
      [
        [
          'transport alone + JSON.parse',
          count(o.directMedian),
          `${(1e6 / o.directMedian).toFixed(1)} µs`,
          all(o.directRps),
        ],
        ['createApiClient + authMiddleware', count(o.sdkMedian), `${(1e6 / o.sdkMedian).toFixed(1)} µs`, all(o.sdkRps)],
      ],
    ),
  ].join('\n')
}

/** Section 4: every count. */
export function singleFlightDetails(checks: SingleFlightCheck[]): string {
  return [
    '## 4. Single flight (the app’s real services)',
    '',
    '`src/services` with `@tarojs/taro` replaced by `bench/fake-taro.ts` (WeChat-like storage, real HTTP to the reference ' +
      'server on loopback, counted `login`/`showLoading`/`showToast`). The token is revoked by logging the same user in from a second device.',
    '',
    table(
      ['scenario', 'count', 'expected', 'measured', ''],
      checks.map((c) => [c.scenario, c.what, c.expected, c.actual, c.actual === c.expected ? '✔' : '✘']),
    ),
  ].join('\n')
}

/** Section 5: every run and the Redis round trips. */
export function serverDetails(s: ServerBenchResult, connections: number, seconds: number): string {
  // A logging-on row beside the same store's and endpoint's row without logging.
  const unlogged = (l: EndpointLoad) =>
    l.target.endsWith(', logging on')
      ? s.loads.find((o) => o.endpoint === l.endpoint && o.target === l.target.replace(', logging on', ''))
      : undefined
  const loadRow = (l: EndpointLoad) => {
    const off = unlogged(l)
    return [
      l.target,
      `\`${l.endpoint}\``,
      count(l.rps),
      count(l.baselineRps),
      ratio(l.rps, l.baselineRps),
      off ? `${((100 * l.rps) / off.rps).toFixed(0)} %` : '',
      latency(l.p50Ms),
      latency(l.p99Ms),
      count(l.ok),
      count(l.failed),
      l.seconds.toFixed(1),
    ]
  }
  const logSizes = Object.entries(s.logBytes).map(([target, bytes]) => `${target}: ${kb(bytes ?? 0)}`)
  return [
    '## 5. Server',
    '',
    `autocannon, ${connections} connections, ${seconds} s per run after a 1 s warm-up (logout: none, each request spends a ` +
      'pre-made token), loopback. Each server runs in its own process; the load generator shares the machine. ' +
      'Every row is compared with a hello-world run made just before it (its process stays up all along), so a ' +
      "change in the machine's load during the run hits a row and its baseline alike. " +
      'Logins use `dev:` codes over 10,000 users; the login rate limit still runs, set high enough never to trip. ' +
      'The SQLite store keeps its file on disk (WAL), as the default server does. Without logging the server has no ' +
      'logger, as the hello world; "logging on" is production logging: info level on stdout, redirected to a file ' +
      `(${logSizes.length > 0 ? logSizes.join(', ') : 'none written'} over the whole target run).`,
    '',
    table(
      [
        'target',
        'endpoint',
        'req/s',
        'hello world just before',
        'vs hello world',
        'vs logging off',
        'p50 ms',
        'p99 ms',
        '2xx',
        'failed',
        'seconds',
      ],
      s.loads.map(loadRow),
    ),
    '',
    ...(s.redisMissing
      ? [`Redis store not measured: ${s.redisMissing}`]
      : [
          'Redis commands per request, recorded by Redis (`MONITOR`), 20 sequential requests each after a warm-up:',
          '',
          table(
            ['endpoint', 'round trips', 'commands sent', 'commands run inside scripts'],
            s.roundTrips.map((t) => [`\`${t.endpoint}\``, t.roundTrips, t.sent, t.inScripts]),
          ),
          '',
          'A login is two round trips: the login script and the shared login rate-limit counter.',
        ]),
  ].join('\n')
}

/** Section 6: every reload. */
export function h5Details(h: H5Startup): string {
  const all = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ')
  const build = h.build.reused ? 'cached build reused' : `built in ${h.build.seconds.toFixed(0)} s`
  return [
    '## 6. H5 start-up (headless Chromium)',
    '',
    `Production H5 bundle (${build}), ms from navigation until the text is painted, warm HTTP cache, ` +
      `median of ${h.reloads} reloads, alternating between the two. Logged in: a stored session; logged out: the same page without one.`,
    '',
    table(
      ['首页', 'banner on screen', 'feed on screen', 'banner, all', 'feed, all'],
      [
        [
          'logged in',
          ms(median(h.loggedIn.greeting)),
          ms(median(h.loggedIn.feed)),
          all(h.loggedIn.greeting),
          all(h.loggedIn.feed),
        ],
        [
          'logged out',
          ms(median(h.loggedOut.hint)),
          ms(median(h.loggedOut.feed)),
          all(h.loggedOut.hint),
          all(h.loggedOut.feed),
        ],
      ],
    ),
  ].join('\n')
}
