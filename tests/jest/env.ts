import { platformProfile } from '../../config/platforms'

// Build-time constants that Taro's compiler normally inlines.
process.env.TARO_ENV = process.env.TARO_ENV || 'h5'
process.env.TARO_PLATFORM = process.env.TARO_PLATFORM || 'web'
process.env.TARO_APP_API_BASE_URL = 'http://api.test'
process.env.TARO_APP_DEV_LOGIN = 'true'
process.env.TARO_APP_REQUEST_TIMEOUT_MS = '300'

// What config/index.ts compiles in as APP_PLATFORM, read at each use so a test can switch platforms by
// setting process.env.TARO_ENV.
Object.defineProperty(globalThis, 'APP_PLATFORM', {
  configurable: true,
  get: () => platformProfile(process.env.TARO_ENV),
})
