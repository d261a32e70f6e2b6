// Where the fake's requests go. The build has the API base URL compiled in (TARO_APP_API_BASE_URL);
// tests run their server on a free port, so requests to that base are rewritten to the test server.
import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import { PROJECT_DIR } from './build'
import type { RequestRouting } from './wx-request'

/** Reads TARO_APP_API_BASE_URL the way the production build does (.env.production.local wins). */
export function compiledApiBaseUrl(projectDir = PROJECT_DIR): string {
  let value = 'http://127.0.0.1:3000'
  for (const file of ['.env.production', '.env.production.local']) {
    let text = ''
    try {
      text = readFileSync(path.join(projectDir, file), 'utf8')
    } catch {
      continue
    }
    const match = /^\s*TARO_APP_API_BASE_URL\s*=\s*["']?([^"'\s#]+)/m.exec(text)
    if (match?.[1]) value = match[1]
  }
  return value
}

/** Where the fake's requests go: the compiled-in API base is rewritten to `target`; other hosts only on loopback. */
export function routingFor(compiled: string, target: string | undefined): RequestRouting {
  const from = compiled.replace(/\/+$/, '')
  const to = (target ?? compiled).replace(/\/+$/, '')
  return {
    resolve(url) {
      if (url === from || url.startsWith(`${from}/`) || url.startsWith(`${from}?`)) return to + url.slice(from.length)
      // Like WeChat's domain list: only the API and loopback hosts can be reached, never the internet.
      const host = URL.canParse(url) ? new URL(url).hostname : ''
      return ['127.0.0.1', 'localhost', '[::1]'].includes(host) ? url : null
    },
    agent: { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) },
    live: new Set(),
  }
}
