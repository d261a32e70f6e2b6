/** Base URL of the API server, compiled in from `.env.<mode>` (`TARO_APP_API_BASE_URL`). */
export const API_BASE_URL: string = process.env.TARO_APP_API_BASE_URL ?? 'http://127.0.0.1:3000'

/** How long a request may take before it fails as a timeout, from `.env.<mode>` (`TARO_APP_REQUEST_TIMEOUT_MS`). */
export const REQUEST_TIMEOUT_MS: number = Number(process.env.TARO_APP_REQUEST_TIMEOUT_MS) || 10_000
