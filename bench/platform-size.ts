// Alipay and Douyin package sizes: our production build for each platform against the blank Taro 4 React app
// (one page, one Text) built for the same platform with the same config and toolchain in the same run.
import path from 'node:path'
import { PROJECT_DIR } from '../tests/weapp/build'
import { kb, signedKb, table } from './markdown'
import { BLANK_APP_DIR, type BuildSize, buildBlankApp, measureBuild, taroBuild, writeBlankApp } from './weapp-size'

/** The mini program platforms measured here, by Taro build target (WeChat's is bench/weapp-size.ts). */
export const OTHER_PLATFORMS = [
  { target: 'alipay', name: 'Alipay' },
  { target: 'tt', name: 'Douyin' },
] as const

/** One platform's two builds, or why they could not be measured. */
export type PlatformSize =
  | {
      target: string
      name: string
      ours: BuildSize & { buildSeconds: number }
      blank: BuildSize & { buildSeconds: number }
    }
  | { target: string; name: string; error: string }

// Our builds go here rather than to dist/<target>, which the tests' builds own.
const OURS_DIR = path.join(BLANK_APP_DIR, '..', 'ours')

/** Builds and measures ours and the blank app for Alipay and for Douyin, one build at a time. */
export async function measurePlatformSizes(): Promise<PlatformSize[]> {
  // Written afresh: a blank app left by an earlier run may have older config.
  writeBlankApp()
  const sizes: PlatformSize[] = []
  for (const { target, name } of OTHER_PLATFORMS) {
    try {
      const outputRoot = path.relative(PROJECT_DIR, path.join(OURS_DIR, target))
      const oursSeconds = await taroBuild(PROJECT_DIR, target, outputRoot, 'miniauth')
      const blankSeconds = await buildBlankApp(BLANK_APP_DIR, target)
      sizes.push({
        target,
        name,
        ours: { ...measureBuild(path.join(OURS_DIR, target)), buildSeconds: oursSeconds },
        blank: { ...measureBuild(path.join(BLANK_APP_DIR, 'dist', target)), buildSeconds: blankSeconds },
      })
    } catch (error) {
      // One platform that cannot be built leaves the other's figures standing.
      sizes.push({ target, name, error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) })
    }
  }
  return sizes
}

/** Summary rows: each platform's package beside its blank app. */
export function platformSummaryRows(sizes: PlatformSize[]): unknown[][] {
  return sizes.map((p) =>
    'error' in p
      ? [`${p.name} package`, `not measured: ${p.error}`, '', '']
      : [
          `${p.name} package (raw / gzip)`,
          `${kb(p.ours.total.raw)} / ${kb(p.ours.total.gzip)}`,
          `blank Taro React app for ${p.name}: ${kb(p.blank.total.raw)} / ${kb(p.blank.total.gzip)}`,
          `${signedKb(p.ours.total.raw - p.blank.total.raw)} / ${signedKb(p.ours.total.gzip - p.blank.total.gzip)}`,
        ],
  )
}

/** The detail section: totals, JavaScript and the largest files per platform. */
export function platformSizeDetails(sizes: PlatformSize[]): string {
  const rows = sizes.flatMap((p) => {
    if ('error' in p) return [[p.name, `not measured: ${p.error}`, '', '', '', '']]
    const line = (label: string, key: 'total' | 'js') => [
      `${p.name}: ${label}`,
      kb(p.ours[key].raw),
      kb(p.ours[key].gzip),
      kb(p.blank[key].raw),
      kb(p.blank[key].gzip),
      signedKb(p.ours[key].raw - p.blank[key].raw),
    ]
    return [line('all files', 'total'), line('JavaScript', 'js')]
  })
  const seconds = sizes
    .flatMap((p) =>
      'error' in p
        ? []
        : [`${p.name} ${p.ours.buildSeconds.toFixed(0)} s (blank ${p.blank.buildSeconds.toFixed(0)} s)`],
    )
    .join(', ')
  return [
    '### 1b. Alipay and Douyin package sizes',
    '',
    'Production `taro build --type alipay` and `--type tt` of miniauth and of the same blank app, every shipped file ' +
      `(templates .axml/.ttml, styles .acss/.ttss, scripts, the DevTools project file) raw and gzip (level 9). Build time: ${seconds || '—'}.`,
    '',
    table(['build', 'miniauth raw', 'miniauth gzip', 'blank raw', 'blank gzip', 'difference (raw)'], rows),
  ].join('\n')
}
