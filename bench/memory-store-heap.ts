// Heap held by the in-process store after 100k users log in and out, and after 100k sessions expire unswept
// and swept. Run: node --expose-gc --import tsx bench/memory-store-heap.ts [users]
import { buildServer } from '../server/app'
import { createMemoryStore } from '../server/memory-store'

const USERS = Number(process.argv[2] ?? 100_000)

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with node --expose-gc')
  gc()
  gc()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

function input(n: number, ttlMs: number) {
  const id = `u_${n.toString(36).padStart(16, '0')}`
  return {
    openid: `oAbCd${n.toString(36).padStart(23, '0')}`,
    sessionKey: Buffer.from(`session-key-${n}`).toString('base64'),
    newUser: { id, nickname: '微信用户', avatarUrl: `http://127.0.0.1:3000/avatars/${id}.svg` },
    ttlMs,
    maxLifetimeMs: 30 * ttlMs,
  }
}

async function main() {
  const lines: string[] = []
  const base = heapMb()
  lines.push(`baseline heap: ${base.toFixed(1)} MB`)

  // 1. Through the API: log in and out over HTTP (inject), as the clients do.
  let clock = Date.now()
  const viaApi = createMemoryStore({ now: () => clock })
  const app = buildServer({
    store: viaApi,
    exchange: { mode: 'dev', exchange: async (code) => ({ openid: `o-${code}`, sessionKey: `k-${code}` }) },
    config: { logger: false, loginRateLimitPerMinute: USERS * 2 },
  })
  await app.ready()
  const apiBase = heapMb()
  for (let n = 0; n < USERS; n++) {
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { code: `user-${n}` } })
    const { token } = login.json() as { token: string }
    await app.inject({ method: 'POST', url: '/auth/logout', headers: { authorization: `Bearer ${token}` } })
  }
  lines.push(
    `${USERS} users logged in and out over the API: +${(heapMb() - apiBase).toFixed(1)} MB (${JSON.stringify(viaApi.size())})`,
  )
  await app.close()
  await viaApi.close()

  // 2. In the store: sessions that expire without anyone showing the token again.
  const store = createMemoryStore({ now: () => clock })
  const storeBase = heapMb()
  for (let n = 0; n < USERS; n++) await store.login(input(n, 1_000))
  lines.push(`${USERS} live sessions: +${(heapMb() - storeBase).toFixed(1)} MB (${JSON.stringify(store.size())})`)
  clock += 2_000
  lines.push(`all expired, not yet swept: +${(heapMb() - storeBase).toFixed(1)} MB`)
  const swept = store.sweep()
  lines.push(
    `after the sweep (${swept} removed): +${(heapMb() - storeBase).toFixed(1)} MB (${JSON.stringify(store.size())})`,
  )
  await store.close()
  console.log(lines.join('\n'))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
