// A real, throwaway Redis Cluster for tests: masters on free loopback ports, slots spread by redis-cli.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Redis } from 'ioredis'
import type { RedisEndpoint } from '../redis-config'
import { assertRedisInstalled, freePort, launchRedisProcess, processGroup, redisServerArgs } from './redis-server'

/** A running Redis Cluster the test owns. */
export interface TestCluster {
  /** Every master's address. */
  nodes: RedisEndpoint[]
  /** Stops every node and removes their temp dirs (for `afterAll`). */
  stop(): Promise<void>
}

const CLUSTER_OK_TIMEOUT_MS = 20_000

/** `count` distinct free loopback ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>()
  while (ports.size < count) ports.add(await freePort())
  return [...ports]
}

/** Polls `check` every 100 ms until it resolves true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`)
}

/** Runs `command` on a short-lived connection to a test node. */
export async function askNode<T>(port: number, command: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return await command(client)
  } finally {
    client.disconnect()
  }
}

/** Starts `masters` cluster-enabled redis-servers, joins them with `redis-cli --cluster create`, waits for `ok`. */
export async function startRedisCluster(masters = 3): Promise<TestCluster> {
  assertRedisInstalled()
  assertRedisInstalled('redis-cli')
  // Each node has a client port and a cluster bus port, both free.
  const ports = await freePorts(masters * 2)
  const root = mkdtempSync(join(tmpdir(), 'miniauth-cluster-'))
  const { children, stop } = processGroup(root)
  try {
    const nodes = ports.slice(0, masters).map((port) => ({ host: '127.0.0.1', port }))
    await Promise.all(
      nodes.map(async ({ port }, index) => {
        const dir = mkdtempSync(join(root, `node-${port}-`))
        const args = [
          ...redisServerArgs(port, dir),
          ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
          ...['--cluster-port', String(ports[masters + index]), '--cluster-node-timeout', '2000'],
        ]
        children.push(await launchRedisProcess('redis-server', args, 'Ready to accept connections'))
      }),
    )
    await promisify(execFile)('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map(({ host, port }) => `${host}:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ])
    for (const { port } of nodes) {
      await waitUntil(
        `cluster_state:ok on node ${port}`,
        () => askNode(port, async (client) => (await client.cluster('INFO')).includes('cluster_state:ok')),
        CLUSTER_OK_TIMEOUT_MS,
      )
    }
    return { nodes, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
