import type { UserConfigExport } from '@tarojs/cli'

/** Development build: readable output, build logs on. */
export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>
