import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { enforceReleasableApiUrl } from './api-url-guard'
import devConfig from './dev'
import { platformProfile } from './platforms'
import prodConfig from './prod'

enforceReleasableApiUrl()

const target = process.env.TARO_ENV ?? 'weapp'
// The target's row of the platform table as source code, one constant per field (esbuild, which Taro also
// hands these to, takes only dotted names and strings): each `APP_PLATFORM.<field>` in the app becomes a
// literal, so a capability the platform lacks is a `false ? … : null` that the minifier removes.
const appPlatform = Object.fromEntries(
  Object.entries(platformProfile(target)).map(([field, value]) => [`APP_PLATFORM.${field}`, JSON.stringify(value)]),
)

// The output folder is per platform so weapp and H5 builds never overwrite each other; the weapp tests
// build variants with other compiled-in options into folders of their own.
const outputRoot = process.env.MINIAUTH_OUTPUT_ROOT || `dist/${target}`
// The SDK lives outside src/ (it is shared with tests and other consumers): compile it like app code.
const compile = { include: [path.resolve(__dirname, '..', 'sdk')] }
// Dependencies that ship syntax newer than ES5 (zustand: `const`, arrows, object spread) are compiled
// to the weapp's target too; tests/weapp/syntax-level.test.ts fails when another one slips through.
const modernDependencies = ['zustand'].map((name) => path.resolve(__dirname, '..', 'node_modules', name))

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'miniauth',
    date: '2026-11-24',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot,
    plugins: [],
    defineConstants: appPlatform,
    alias: {},
    // WeChat search reads the sitemap from the mini program root (app.json's sitemapLocation); Alipay and
    // Douyin have no sitemap file, so only the WeChat build carries one.
    copy: {
      patterns: target === 'weapp' ? [{ from: 'src/sitemap.json', to: `${outputRoot}/sitemap.json` }] : [],
      options: {},
    },
    framework: 'react',
    // Dev builds prebundle node_modules. Taro #17350 reports `create is not a function` for prebundled
    // zustand in dev:weapp (not reproduced in our weapp harness); bundling it with webpack, as production
    // builds do, keeps the store's resolution identical in dev and production.
    compiler: { type: 'webpack5', prebundle: { exclude: ['zustand'] } },
    cache: { enable: false },
    mini: {
      compile: { include: [...compile.include, ...modernDependencies] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      compile,
      publicPath: '/',
      staticDirectory: 'static',
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      router: { mode: 'hash' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  }
  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
