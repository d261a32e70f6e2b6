// A real, throwaway primary + replica watched by Debian's redis-sentinel, with timings tuned down for tests.
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import type { RedisEndpoint } from '../redis-config'
import { askNode, freePorts, waitUntil } from './redis-cluster'
import { assertRedisInstalled, exited, launchRedisProcess, processGroup, redisServerArgs } from './redis-server'

/** A running Sentinel set-up the test owns. */
export interface TestSentinel {
  /** The sentinels' addresses (`REDIS_SENTINELS`). */
  sentinels: RedisEndpoint[]
  /** The monitored master's name (`REDIS_SENTINEL_NAME`). */
  name: string
  /** The port of the node the sentinel names as primary now. */
  primaryPort(): Promise<number>
  /**
   * Fails the primary over to the replica, by `SENTINEL FAILOVER` (the old primary lives on and is demoted)
   * or by killing the primary; resolves when the sentinel announces the new primary (`+switch-master`).
   */
  failover(how?: 'command' | 'kill'): Promise<{ from: number; to: number }>
  /** Stops the sentinel and both nodes and removes their temp dirs (for `afterAll`). */
  stop(): Promise<void>
}

const SENTINEL_READY_TIMEOUT_MS = 20_000
const FAILOVER_TIMEOUT_MS = 20_000

/** Starts a primary, a replica of it and a sentinel (quorum 1, 1 s to judge a node down); waits until all agree. */
export async function startSentinelSet(name = 'miniauth'): Promise<TestSentinel> {
  assertRedisInstalled()
  assertRedisInstalled('redis-sentinel')
  const [primary, replica, sentinel] = (await freePorts(3)) as [number, number, number]
  const dir = mkdtempSync(join(tmpdir(), 'miniauth-sentinel-'))
  const { children, stop } = processGroup(dir)
  const nodes = new Map<number, ChildProcess>()
  const sentinelReply = (...args: string[]) => askNode(sentinel, (client) => client.call('SENTINEL', ...args))
  const primaryPort = async () => Number(((await sentinelReply('GET-MASTER-ADDR-BY-NAME', name)) as string[])[1])

  try {
    // A replica's first sync would otherwise wait 5 s (repl-diskless-sync-delay) for more replicas to join.
    const nodeArgs = (port: number) => [
      ...redisServerArgs(port, mkdtempSync(join(dir, `node-${port}-`))),
      ...['--repl-diskless-sync-delay', '0'],
    ]
    const launchNode = async (port: number, extraArgs: string[]) => {
      const child = await launchRedisProcess(
        'redis-server',
        [...nodeArgs(port), ...extraArgs],
        'Ready to accept connections',
      )
      nodes.set(port, child)
      children.push(child)
    }
    await launchNode(primary, [])
    await launchNode(replica, ['--replicaof', '127.0.0.1', String(primary)])
    await waitUntil(
      'the replica in sync',
      () => askNode(replica, async (client) => (await client.info('replication')).includes('master_link_status:up')),
      SENTINEL_READY_TIMEOUT_MS,
    )
    // Sentinel rewrites its configuration file, so it gets one of its own.
    const config = join(dir, 'sentinel.conf')
    writeFileSync(
      config,
      [
        `port ${sentinel}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${primary} 1`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
        `sentinel parallel-syncs ${name} 1`,
        '',
      ].join('\n'),
    )
    children.push(await launchRedisProcess('redis-sentinel', [config], `+monitor master ${name}`))
    await waitUntil(
      'the sentinel to see the replica',
      async () => {
        const replicas = (await sentinelReply('REPLICAS', name)) as string[][]
        return replicas.some((fields) => {
          const info = Object.fromEntries(fields.flatMap((_, i) => (i % 2 === 0 ? [[fields[i], fields[i + 1]]] : [])))
          return info.port === String(replica) && info.flags === 'slave' && info['master-link-status'] === 'ok'
        })
      },
      SENTINEL_READY_TIMEOUT_MS,
    )
  } catch (error) {
    await stop()
    throw error
  }

  return {
    sentinels: [{ host: '127.0.0.1', port: sentinel }],
    name,
    primaryPort,
    async failover(how = 'command') {
      const from = await primaryPort()
      const to = from === primary ? replica : primary
      // Clients follow +switch-master, which Sentinel publishes after the promotion has completed, so that
      // message (not GET-MASTER-ADDR-BY-NAME, which names the promoted replica earlier) marks the end.
      const listener = new Redis({ port: sentinel, host: '127.0.0.1', maxRetriesPerRequest: 0 })
      listener.on('error', () => {})
      try {
        const switched = new Promise<void>((resolve) => {
          listener.on('message', (channel: string, message: string) => {
            if (channel === '+switch-master' && message.startsWith(`${name} `) && message.endsWith(` ${to}`)) resolve()
          })
        })
        await listener.subscribe('+switch-master')
        const old = nodes.get(from)
        if (how === 'kill' && old) await exited(old, 'SIGKILL')
        else await sentinelReply('FAILOVER', name)
        await Promise.race([
          switched,
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`no failover from ${from} to ${to}`)), FAILOVER_TIMEOUT_MS).unref(),
          ),
        ])
      } finally {
        listener.disconnect()
      }
      return { from, to }
    },
    stop,
  }
}
