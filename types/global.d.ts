/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by Taro for the platform being built. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    /** Base URL of the API server, from `.env.<mode>` (compiled in). */
    TARO_APP_API_BASE_URL?: string
    /** `true` compiles in the H5 dev login code provider (never in production). */
    TARO_APP_DEV_LOGIN?: string
    /** Request timeout in milliseconds (default 10000). */
    TARO_APP_REQUEST_TIMEOUT_MS?: string
  }
}
