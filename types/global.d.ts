/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.css'

/**
 * The build target's row of `PLATFORM_PROFILES` (config/platforms.ts), compiled in field by field by
 * config/index.ts so that what a platform lacks is dropped from its bundle (read `APP_PLATFORM.<field>`, never
 * the object as a whole); in jest, the row of the current `process.env.TARO_ENV`.
 */
declare const APP_PLATFORM: import('../config/platforms').PlatformProfile

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
