// The current app against a stub API: the production bundle renders the feed after 刷新, and
// storage outlives a launch.
import { ensureWeappBuild } from './build'
import { launchWeapp, type WeappApp } from './harness'
import { type StubServer, startStubServer } from './stub-server'

const FEED = {
  items: [
    { id: 'a', title: '第一条', summary: 'one', scope: 'public' },
    { id: 'b', title: '第二条', summary: 'two', scope: 'public' },
  ],
}

let distDir: string
let server: StubServer
const launched: WeappApp[] = []

beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startStubServer({ 'GET /feed': { json: FEED } })
}, 300_000)

afterEach(async () => {
  for (const app of launched.splice(0)) await app.close()
})

afterAll(() => server.close())

async function launch(options: Parameters<typeof launchWeapp>[0] = {}): Promise<WeappApp> {
  const app = await launchWeapp({ distDir, apiBaseUrl: server.url, ...options })
  launched.push(app)
  return app
}

it('cold launch, tap 刷新: the feed titles render', async () => {
  const app = await launch()
  expect(app.page.route).toBe('pages/index/index')
  await app.tap('刷新')
  await app.waitForText('第二条')
  expect(app.queryAllText()).toEqual(expect.arrayContaining(['第一条', '第二条']))
  const request = app.calls.request.find((r) => r.url.endsWith('/feed'))
  expect(request).toMatchObject({ method: 'GET', status: 200, sentTo: `${server.url}/feed` })
})

it('storage written in one launch is there after a relaunch, in a fresh runtime', async () => {
  const first = await launch()
  first.storage.set('probe', { n: 1 })
  const second = await first.relaunch()
  launched.push(second)
  expect(second.storage.get('probe')).toEqual({ n: 1 })
  expect(second).not.toBe(first)
})
