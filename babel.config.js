// Builds use Taro's preset; jest (NODE_ENV=test) compiles for the running Node instead.
module.exports = (api) => {
  if (api.env('test')) {
    return {
      presets: [
        ['@babel/preset-env', { targets: { node: 'current' } }],
        ['@babel/preset-typescript', { allowDeclareFields: true }],
        ['@babel/preset-react', { runtime: 'automatic' }],
      ],
      plugins: ['@babel/plugin-transform-private-methods'],
    }
  }
  // ES5 everywhere: iOS 9 / Android 5 are babel-preset-taro's own default targets, written out so the
  // weapp's syntax level (checked by tests/weapp/syntax-level.test.ts) is a decision, not an accident.
  return {
    presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', targets: { ios: '9', android: '5' } }]],
  }
}
