// What the SDK costs per request: `GET /profile` through createApiClient + authMiddleware over a transport
// that answers at once, against the same transport called directly (plus the JSON.parse any caller does).
// Imports stop short of sdk/index.ts so @tarojs/taro is never loaded.
import { performance } from 'node:perf_hooks'
import { createApiClient } from '../sdk/api/api-client'
import { authMiddleware } from '../sdk/api/auth-middleware'
import type { Transport } from '../sdk/client/transport'

/** Requests per second of each side, per round, and their medians. */
export interface OverheadResult {
  rounds: number
  roundMs: number
  directRps: number[]
  sdkRps: number[]
  directMedian: number
  sdkMedian: number
}

const ROUNDS = 7
const ROUND_MS = 500
// Reading the clock every call would be a large part of what is measured.
const CALLS_PER_CLOCK_READ = 256

const USER_BODY = JSON.stringify({ id: 'u_bench', nickname: '微信用户', avatarUrl: 'https://example.invalid/a.svg' })

/** An instant transport: a fresh canned 200 JSON response per request, as a real one would give. */
const instantTransport: Transport = async () => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: USER_BODY,
})

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const at = (i: number) => sorted[i] ?? Number.NaN
  return sorted.length % 2 ? at(middle) : (at(middle - 1) + at(middle)) / 2
}

/** Calls `send` one after another for `ms` and returns the calls per second. */
async function rate(send: () => Promise<unknown>, ms: number): Promise<number> {
  let calls = 0
  const started = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let i = 0; i < CALLS_PER_CLOCK_READ; i++) await send()
    calls += CALLS_PER_CLOCK_READ
    elapsed = performance.now() - started
  }
  return (calls * 1000) / elapsed
}

/** Alternates rounds of direct and SDK calls, so drift on a noisy machine hits both sides alike. */
export async function measureSdkOverhead(rounds = ROUNDS, roundMs = ROUND_MS): Promise<OverheadResult> {
  const client = createApiClient({
    baseUrl: 'http://127.0.0.1:3000',
    transport: instantTransport,
    middleware: [authMiddleware({ getToken: () => 'bench-token', onSessionExpired: () => {} })],
  })
  const direct = async () => {
    const response = await instantTransport({
      method: 'GET',
      url: 'http://127.0.0.1:3000/profile',
      headers: { accept: 'application/json', authorization: 'Bearer bench-token' },
    })
    return JSON.parse(response.body) as unknown
  }
  const viaSdk = async () => {
    const result = await client.GET('/profile')
    if (result.error) throw result.error
    return result.data
  }
  // Warm-up: both paths compiled by the JIT before anything counts.
  await rate(direct, roundMs / 2)
  await rate(viaSdk, roundMs / 2)
  const directRps: number[] = []
  const sdkRps: number[] = []
  for (let i = 0; i < rounds; i++) {
    directRps.push(await rate(direct, roundMs))
    sdkRps.push(await rate(viaSdk, roundMs))
  }
  return { rounds, roundMs, directRps, sdkRps, directMedian: median(directRps), sdkMedian: median(sdkRps) }
}
