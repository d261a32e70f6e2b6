// One loading indicator per action, read from what WeChat renders: the masked 登录中 / 退出登录中
// overlay while the request is out, and never a spinner on the button as well.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ReferenceServer, startReferenceServer } from '../../server/test/reference-server'
import { ensureWeappBuild } from './build'
import { launchWeapp, type WeappApp } from './harness'

/** A pass-through to the reference server that holds the answers to chosen paths until released. */
interface HoldingProxy {
  url: string
  hold(path: string): void
  /** Resolves once a held request for `path` arrived. */
  arrived(path: string): Promise<void>
  release(path: string): void
  close(): Promise<void>
}

async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const held = new Map<string, Array<() => void>>()
  const waiting = new Map<string, () => void>()
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const forward = () => {
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      upstream.on('error', () => res.destroy())
      req.pipe(upstream)
    }
    const queue = held.get(path)
    if (!queue) return forward()
    queue.push(forward)
    waiting.get(path)?.()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: (path) => held.set(path, []),
    arrived: (path) =>
      new Promise((resolve) => {
        if ((held.get(path)?.length ?? 0) > 0) resolve()
        else waiting.set(path, resolve)
      }),
    release: (path) => {
      const queue = held.get(path) ?? []
      held.delete(path)
      for (const forward of queue) forward()
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

let distDir: string
let server: ReferenceServer
let proxy: HoldingProxy
const running: WeappApp[] = []
beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startReferenceServer()
}, 300_000)
beforeEach(async () => {
  proxy = await startHoldingProxy(server.url)
})
afterEach(async () => {
  for (const app of running.splice(0)) await app.close()
  await proxy.close()
})
afterAll(() => server.close())

async function openMine(name: string): Promise<WeappApp> {
  const app = await launchWeapp({ distDir, apiBaseUrl: proxy.url, device: { name } })
  running.push(app)
  await app.switchTab('pages/mine/index')
  return app
}

it('logging in shows the 登录中 overlay and no spinner on the 微信登录 button', async () => {
  const app = await openMine('lin')
  proxy.hold('/auth/login')
  const tapped = app.tap('微信登录')
  await proxy.arrived('/auth/login')
  await tapped
  await app.waitFor(() => app.isDisabled('微信登录'))
  expect(app.overlay).toEqual({ kind: 'loading', title: '登录中', mask: true })
  expect(app.getByText('微信登录').props.loading).not.toBe(true)
  proxy.release('/auth/login')
  await app.findByText('退出登录')
  expect(app.overlay).toBeNull()
})

it('logging out shows the 退出登录中 overlay until the server answers, and no button spinner', async () => {
  const app = await openMine('lou')
  await app.tap('微信登录')
  await app.findByText('退出登录')
  proxy.hold('/auth/logout')
  const tapped = app.tap('退出登录')
  await proxy.arrived('/auth/logout')
  await tapped
  // The session is cleared at once: the page is logged out while the revocation is still out.
  await app.findByText('微信登录')
  expect(app.overlay).toEqual({ kind: 'loading', title: '退出登录中', mask: true })
  expect(app.getByText('微信登录').props.loading).not.toBe(true)
  proxy.release('/auth/logout')
  await app.waitFor(() => app.overlay === null)
})
