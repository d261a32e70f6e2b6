import type { UserConfigExport } from '@tarojs/cli'

/** Production build: minified (Taro's default for NODE_ENV=production). */
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>
