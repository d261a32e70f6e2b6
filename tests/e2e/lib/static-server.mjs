import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

/**
 * @typedef {object} StaticServer
 * @property {string} origin e.g. `http://127.0.0.1:41235`
 * @property {() => Promise<void>} stop
 */

/**
 * Serves a built H5 app from `dir` on loopback, like a production host: `index.html` is revalidated,
 * hashed assets are cached for good. Text files have `replace`'s keys swapped for its values (the
 * API base URL placeholder for the real address).
 * @param {{ dir: string, port: number, replace: Record<string, string> }} options
 * @returns {Promise<StaticServer>}
 */
export async function startStaticServer({ dir, port, replace }) {
  const root = normalize(dir + sep)
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
    if (!file.startsWith(root) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404).end()
      return
    }
    let body
    try {
      body = await readFile(file)
    } catch {
      response.writeHead(404).end()
      return
    }
    const ext = extname(file)
    if (ext === '.js' || ext === '.html' || ext === '.css') {
      let text = body.toString('utf8')
      for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to)
      body = Buffer.from(text, 'utf8')
    }
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[/** @type {keyof typeof CONTENT_TYPES} */ (ext)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    })
    response.end(request.method === 'HEAD' ? undefined : body)
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve(undefined))
  })
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
