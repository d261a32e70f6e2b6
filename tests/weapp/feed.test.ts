// 首页's feed against a stub API: what 刷新 fetches is what renders, and the button is disabled meanwhile.
import { ensureWeappBuild } from './build'
import { launchWeapp, type WeappApp } from './harness'
import { type StubServer, startStubServer } from './stub-server'

/** Every answer is numbered, so a test can tell which request's titles are on screen. */
function feed(n: number) {
  return {
    items: [
      { id: `a${n}`, title: `第${n}批 甲`, summary: 'one', scope: 'public' },
      { id: `b${n}`, title: `第${n}批 乙`, summary: 'two', scope: 'public' },
    ],
  }
}

let distDir: string
let server: StubServer
const running: WeappApp[] = []

beforeAll(async () => {
  distDir = (await ensureWeappBuild()).distDir
  server = await startStubServer({ 'GET /feed': () => ({ json: feed(server.requests.length), delayMs: 150 }) })
}, 300_000)
afterEach(async () => {
  for (const app of running.splice(0)) await app.close()
})
afterAll(() => server.close())

it('cold launch, tap 刷新: the titles of that answer render', async () => {
  const app = await launchWeapp({ distDir, apiBaseUrl: server.url })
  running.push(app)
  expect(app.page.route).toBe('pages/index/index')
  // Whatever the page loads by itself at launch has finished.
  await app.waitFor(() => !app.isDisabled('刷新'))
  const before = server.requests.length

  await app.tap('刷新')
  expect(app.isDisabled('刷新')).toBe(true)
  await app.findByText(`第${before + 1}批 乙`)
  expect(app.queryAllText()).toEqual(expect.arrayContaining([`第${before + 1}批 甲`, `第${before + 1}批 乙`]))
  expect(app.isDisabled('刷新')).toBe(false)
  expect(app.calls.request.at(-1)).toMatchObject({ method: 'GET', status: 200, sentTo: `${server.url}/feed` })
})
