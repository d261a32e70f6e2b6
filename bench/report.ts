// Markdown for bench/RESULTS.md: one summary table (each figure beside its same-run baseline), then details.
import { count, failed, kb, latency, ms, ratio, signedKb, table, times } from './markdown'
import { type PlatformSize, platformSizeDetails, platformSummaryRows } from './platform-size'
import {
  type H5Startup,
  h5Details,
  overheadDetails,
  type SdkSizes,
  type ServerLoad,
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

/**
 * One part of the report: its summary rows and its section, or, when it has no result, one line in each saying
 * why (`label` in the summary, `title` for the section).
 */
function part<T>(
  result: T | Error,
  label: string,
  title: string,
  summary: (result: T) => unknown[][],
  details: (result: T) => string,
) {
  return {
    summary: () => (result instanceof Error ? [[label, failed(result), '', '']] : summary(result)),
    details: () => (result instanceof Error ? `## ${title}\n\n${failed(result)}` : details(result)),
  }
}

function weappSummary({ ours, blank }: WeappSizes): unknown[][] {
  const margin = WEAPP_MAIN_PACKAGE_LIMIT_BYTES - ours.mainPackage.raw
  return [
    [
      'WeChat main package (raw / gzip)',
      `${kb(ours.mainPackage.raw)} / ${kb(ours.mainPackage.gzip)}`,
      `blank Taro React app: ${kb(blank.mainPackage.raw)} / ${kb(blank.mainPackage.gzip)}`,
      `${signedKb(ours.mainPackage.raw - blank.mainPackage.raw)} / ${signedKb(ours.mainPackage.gzip - blank.mainPackage.gzip)}; ` +
        `${kb(margin)} (${((100 * margin) / WEAPP_MAIN_PACKAGE_LIMIT_BYTES).toFixed(0)}%) to spare under WeChat's 2 MB`,
    ],
  ]
}

function sdkSizeSummary({ sdk, openapiFetch: base }: SdkSizes): unknown[][] {
  const core = sdk[0]
  if (!core) return []
  const label = `SDK runtime: ${core.name} (min + gzip)`
  return [[label, kb(core.gzipBytes), `${base.name}: ${kb(base.gzipBytes)}`, ratio(core.gzipBytes, base.gzipBytes)]]
}

function overheadSummary(o: OverheadResult): unknown[][] {
  const extraUs = 1e6 / o.sdkMedian - 1e6 / o.directMedian
  return [
    [
      'SDK requests/s, instant transport (median)',
      `${count(o.sdkMedian)} req/s`,
      `transport alone: ${count(o.directMedian)} req/s`,
      `${ratio(o.sdkMedian, o.directMedian)} (+${extraUs.toFixed(1)} µs per request)`,
    ],
  ]
}

function singleFlightSummary(all: SingleFlightCheck[]): unknown[][] {
  return [...new Set(all.map((c) => c.scenario))].map((scenario) => {
    const checks = all.filter((c) => c.scenario === scenario)
    return [
      `Single flight: ${scenario}`,
      checks.map((c) => `${c.what}: ${c.actual}`).join(', '),
      `expected ${checks.map((c) => c.expected).join(', ')}`,
      checks.every((c) => c.actual === c.expected) ? '✔' : '✘',
    ]
  })
}

function serverSummary(s: ServerBenchResult): unknown[][] {
  const rows = s.loads
    .filter((l) => l.target !== 'hello world')
    .map((l) => [
      `Server ${l.endpoint}, ${l.target}`,
      `${count(l.rps)} req/s, p50 ${latency(l.p50Ms)} ms, p99 ${latency(l.p99Ms)} ms`,
      `hello world, same rounds: ${count(l.baselineRps)} req/s, p99 ${latency(l.baselineP99Ms)} ms`,
      times(l.ratio),
    ])
  const trips = s.redisMissing
    ? `Redis store not measured: ${s.redisMissing}`
    : s.roundTrips.map((t) => `${t.endpoint} ${t.roundTrips}`).join(', ')
  const design = 'design: one store script per operation, plus the rate-limit counter on login'
  return [...rows, ['Redis round trips per request', trips, design, '']]
}

function h5Summary(h: H5Startup): unknown[][] {
  const inFeed = median(h.loggedIn.feed)
  const outFeed = median(h.loggedOut.feed)
  return [
    [
      `H5 start-up to the logged-in 首页, feed on screen (median of ${h.reloads})`,
      ms(inFeed),
      `logged-out 首页: ${ms(outFeed)}`,
      `${inFeed >= outFeed ? '+' : '−'}${ms(Math.abs(inFeed - outFeed))}`,
    ],
  ]
}

/** The whole report. */
export function renderReport(r: BenchResults, header: string, load: ServerLoad): string {
  const parts = [
    part(r.weapp, 'WeChat main package', '1. WeChat package size', weappSummary, weappDetails),
    part(
      r.platforms,
      'Alipay and Douyin packages',
      '1b. Alipay and Douyin package sizes',
      platformSummaryRows,
      platformSizeDetails,
    ),
    part(r.sdkSize, 'SDK runtime size', '2. SDK runtime size', sdkSizeSummary, sdkSizeDetails),
    part(r.overhead, 'SDK per-request overhead', '3. SDK per-request overhead', overheadSummary, overheadDetails),
    part(r.singleFlight, 'Single flight', '4. Single flight', singleFlightSummary, singleFlightDetails),
    part(r.server, 'Server', '5. Server', serverSummary, (s) => serverDetails(s, load)),
    part(r.h5, 'H5 start-up to the logged-in 首页', '6. H5 start-up', h5Summary, h5Details),
  ]
  return [
    '# miniauth benchmarks',
    header,
    table(
      ['figure', 'miniauth', 'baseline (same run)', 'ratio / difference'],
      parts.flatMap((p) => p.summary()),
    ),
    ...parts.map((p) => p.details()),
  ]
    .join('\n\n')
    .concat('\n')
}
