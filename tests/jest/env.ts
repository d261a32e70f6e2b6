// Build-time constants that Taro's compiler normally inlines.
process.env.TARO_ENV = process.env.TARO_ENV || 'h5'
process.env.TARO_PLATFORM = process.env.TARO_PLATFORM || 'web'
process.env.TARO_APP_API_BASE_URL = 'http://api.test'
process.env.TARO_APP_DEV_LOGIN = 'true'
process.env.TARO_APP_REQUEST_TIMEOUT_MS = '300'
