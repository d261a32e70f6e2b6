import type { UserConfigExport } from '@tarojs/cli'

/** Development build: readable output, build logs on. */
export default {
  logger: { quiet: false, stats: true },
  mini: {},
  // The H5 dev server stays on this machine unless H5_HOST says otherwise (0.0.0.0 to reach it from a phone).
  h5: { devServer: { host: process.env.H5_HOST || '127.0.0.1', port: Number(process.env.H5_PORT) || 10086 } },
} satisfies UserConfigExport<'webpack5'>
