/**
 * Log paths pino censors: credentials in headers, tokens, WeChat's session_key and secrets, at the
 * top level and one level down (where `{ err }`, `{ session }` and similar objects put them).
 */
export const redactedLogPaths: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...['authorization', 'token', 'sessionKey', 'session_key', 'secret', 'appSecret'].flatMap((key) => [key, `*.${key}`]),
]
