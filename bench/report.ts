// Markdown for bench/RESULTS.md: one summary table (each figure beside its same-run baseline), then details.
import { count, failed, kb, latency, ms, ratio, signedKb, table } from './markdown'
import { type PlatformSize, platformSizeDetails, platformSummaryRows } from './platform-size'
import {
  h5Details,
  overheadDetails,
  sdkSizeDetails,
  serverDetails,
  singleFlightDetails,
  weappDetails,
} from './report-details'
import type { OverheadResult } from './sdk-overhead'
import { median } from './sdk-overhead'
import type { ServerBenchResult } from './server-load'
import type { SingleFlightCheck } from './single-flight'
import { WEAPP_MAIN_PACKAGE_LIMIT_BYTES, type WeappSizes } from './weapp-size'

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

/** Each part's result, or why it has none. */
export interface BenchResults {
  weapp: WeappSizes | Error
  platforms: PlatformSize[] | Error
  sdkSize: SdkSizes | Error
  overhead: OverheadResult | Error
  singleFlight: SingleFlightCheck[] | Error
  server: ServerBenchResult | Error
  h5: H5Startup | Error
}

function summaryRows(r: BenchResults): unknown[][] {
  const rows: unknown[][] = []
  if (r.weapp instanceof Error) rows.push(['WeChat main package', failed(r.weapp), '', ''])
  else {
    const { ours, blank } = r.weapp
    const margin = WEAPP_MAIN_PACKAGE_LIMIT_BYTES - ours.mainPackage.raw
    rows.push([
      'WeChat main package (raw / gzip)',
      `${kb(ours.mainPackage.raw)} / ${kb(ours.mainPackage.gzip)}`,
      `blank Taro React app: ${kb(blank.mainPackage.raw)} / ${kb(blank.mainPackage.gzip)}`,
      `${signedKb(ours.mainPackage.raw - blank.mainPackage.raw)} / ${signedKb(ours.mainPackage.gzip - blank.mainPackage.gzip)}; ` +
        `${kb(margin)} (${((100 * margin) / WEAPP_MAIN_PACKAGE_LIMIT_BYTES).toFixed(0)}%) to spare under WeChat's 2 MB`,
    ])
  }
  if (r.platforms instanceof Error) rows.push(['Alipay and Douyin packages', failed(r.platforms), '', ''])
  else rows.push(...platformSummaryRows(r.platforms))
  if (r.sdkSize instanceof Error) rows.push(['SDK runtime size', failed(r.sdkSize), '', ''])
  else {
    const core = r.sdkSize.sdk[0]
    const base = r.sdkSize.openapiFetch
    if (core)
      rows.push([
        `SDK runtime: ${core.name} (min + gzip)`,
        kb(core.gzipBytes),
        `${base.name}: ${kb(base.gzipBytes)}`,
        ratio(core.gzipBytes, base.gzipBytes),
      ])
  }
  if (r.overhead instanceof Error) rows.push(['SDK per-request overhead', failed(r.overhead), '', ''])
  else {
    const o = r.overhead
    const extraUs = 1e6 / o.sdkMedian - 1e6 / o.directMedian
    rows.push([
      'SDK requests/s, instant transport (median)',
      `${count(o.sdkMedian)} req/s`,
      `transport alone: ${count(o.directMedian)} req/s`,
      `${ratio(o.sdkMedian, o.directMedian)} (+${extraUs.toFixed(1)} µs per request)`,
    ])
  }
  if (r.singleFlight instanceof Error) rows.push(['Single flight', failed(r.singleFlight), '', ''])
  else {
    for (const scenario of new Set(r.singleFlight.map((c) => c.scenario))) {
      const checks = r.singleFlight.filter((c) => c.scenario === scenario)
      rows.push([
        `Single flight: ${scenario}`,
        checks.map((c) => `${c.what}: ${c.actual}`).join(', '),
        `expected ${checks.map((c) => c.expected).join(', ')}`,
        checks.every((c) => c.actual === c.expected) ? '✔' : '✘',
      ])
    }
  }
  if (r.server instanceof Error) rows.push(['Server', failed(r.server), '', ''])
  else {
    for (const load of r.server.loads.filter((l) => l.target !== 'hello world')) {
      rows.push([
        `Server ${load.endpoint}, ${load.target}`,
        `${count(load.rps)} req/s, p50 ${latency(load.p50Ms)} ms, p99 ${latency(load.p99Ms)} ms`,
        `hello world just before: ${count(load.baselineRps)} req/s, p99 ${latency(load.baselineP99Ms)} ms`,
        ratio(load.rps, load.baselineRps),
      ])
    }
    const trips = r.server.roundTrips
    rows.push([
      'Redis round trips per request',
      r.server.redisMissing
        ? `Redis store not measured: ${r.server.redisMissing}`
        : trips.map((t) => `${t.endpoint} ${t.roundTrips}`).join(', '),
      'design: one store script per operation, plus the rate-limit counter on login',
      '',
    ])
  }
  if (r.h5 instanceof Error) rows.push(['H5 start-up to the logged-in 首页', failed(r.h5), '', ''])
  else {
    const inFeed = median(r.h5.loggedIn.feed)
    const outFeed = median(r.h5.loggedOut.feed)
    rows.push([
      `H5 start-up to the logged-in 首页, feed on screen (median of ${r.h5.reloads})`,
      ms(inFeed),
      `logged-out 首页: ${ms(outFeed)}`,
      `${inFeed >= outFeed ? '+' : '−'}${ms(Math.abs(inFeed - outFeed))}`,
    ])
  }
  return rows
}

/** The whole report. */
export function renderReport(r: BenchResults, header: string, load: { connections: number; seconds: number }): string {
  const section = <T>(value: T | Error, title: string, render: (v: T) => string) =>
    value instanceof Error ? `## ${title}\n\n${failed(value)}` : render(value)
  return [
    '# miniauth benchmarks',
    '',
    header,
    '',
    table(['figure', 'miniauth', 'baseline (same run)', 'ratio / difference'], summaryRows(r)),
    '',
    section(r.weapp, '1. WeChat package size', weappDetails),
    '',
    section(r.platforms, '1b. Alipay and Douyin package sizes', platformSizeDetails),
    '',
    section(r.sdkSize, '2. SDK runtime size', sdkSizeDetails),
    '',
    section(r.overhead, '3. SDK per-request overhead', overheadDetails),
    '',
    section(r.singleFlight, '4. Single flight', singleFlightDetails),
    '',
    section(r.server, '5. Server', (s) => serverDetails(s, load.connections, load.seconds)),
    '',
    section(r.h5, '6. H5 start-up', h5Details),
    '',
  ].join('\n')
}
