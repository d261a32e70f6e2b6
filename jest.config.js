// Two projects: components and the client run in a DOM with fetch globals (msw needs them);
// the SDK, server and contract tests run in plain Node.
const esmPackages = [
  '@tarojs',
  'lodash-es',
  'query-string',
  'decode-uri-component',
  'split-on-first',
  'filter-obj',
  'universal-router',
  'path-to-regexp',
  'swiper',
  'ssr-window',
  'dom7',
  '@stencil',
  'rettime',
  'until-async',
  '@open-draft',
  'openapi-msw',
  // light-my-request (Fastify's inject) depends on an ESM-only cookie.
  'cookie',
]
const transformIgnorePatterns = [`^(?!.*/node_modules/(${esmPackages.join('|')})/).*/node_modules/`]
const transform = { '^.+\\.(mjs|cjs|[jt]sx?)$': 'babel-jest' }

/** @type {import('jest').Config} */
module.exports = {
  // Also here: jest reads the timeout from the top level, not from a project (the node project's own
  // setting alone left its tests at the 5 s default).
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'dom',
      testEnvironment: 'jest-fixed-jsdom',
      testEnvironmentOptions: { customExportConditions: [''] },
      testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}', '<rootDir>/mocks/**/*.test.{ts,tsx}'],
      setupFiles: ['<rootDir>/tests/jest/env.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/jest/setup-dom.ts'],
      globals: { DEPRECATED_ADAPTER_COMPONENT: false },
      moduleNameMapper: {
        '^@tarojs/taro$': '<rootDir>/tests/jest/taro.ts',
        '^@tarojs/components$': '<rootDir>/tests/jest/components.ts',
        '\\.(css|scss|less)(\\.js)?$': '<rootDir>/tests/jest/style-stub.js',
      },
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/sdk/**/*.test.ts',
        '<rootDir>/server/**/*.test.ts',
        '<rootDir>/tests/contract/**/*.test.ts',
        '<rootDir>/tests/layout/**/*.test.ts',
        '<rootDir>/tests/weapp/**/*.test.ts',
        '<rootDir>/tests/budget/**/*.test.ts',
        '<rootDir>/tests/production/**/*.test.ts',
        '<rootDir>/config/**/*.test.ts',
      ],
      setupFiles: ['<rootDir>/tests/jest/env.ts'],
      // Real servers, Redis and whole app launches: a busy shared machine can take seconds per test.
      testTimeout: 30_000,
      moduleNameMapper: {
        '^@tarojs/taro$': '<rootDir>/tests/jest/taro-node.ts',
      },
      transform,
      transformIgnorePatterns,
    },
  ],
}
