// One ioredis client per topology, all failing fast: a request gets 503 at once instead of waiting on Redis.
import { Cluster, Redis, type RedisOptions } from 'ioredis'
import type { RedisTopology } from './redis-config'

/** A client of any topology: scripts, commands and events are the same on both. */
export type RedisClient = Redis | Cluster

/** Timeouts of the client. */
export interface RedisClientOptions {
  /** How long one command may take before it fails (and the request answers 503). */
  commandTimeoutMs: number
}

const CONNECT_TIMEOUT_MS = 2000
const reconnectDelayMs = (attempt: number) => Math.min(attempt * 100, 1000)

/**
 * A demoted primary answers writes with READONLY while it stays reachable: reconnecting makes ioredis ask
 * the sentinels (or DNS) for the current primary. The failed command itself is answered, not resent.
 */
function reconnectOnReadOnly(error: Error): boolean {
  return error.message.startsWith('READONLY')
}

/** Creates the ioredis client for `topology`: `Redis`, `Redis` through Sentinel, or `Cluster`. */
export function createRedisClient(topology: RedisTopology, options: RedisClientOptions): RedisClient {
  const perNode: RedisOptions = {
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: reconnectDelayMs,
    reconnectOnError: reconnectOnReadOnly,
  }
  switch (topology.kind) {
    case 'single':
      // Fail at once instead of queueing while disconnected: the API answers 503 instead of hanging.
      return new Redis(topology.url, { ...perNode, enableOfflineQueue: false })
    case 'sentinel':
      return new Redis({
        ...perNode,
        enableOfflineQueue: false,
        sentinels: topology.sentinels,
        name: topology.name,
        role: 'master',
        username: topology.username,
        password: topology.password,
        sentinelPassword: topology.sentinelPassword,
        sentinelRetryStrategy: reconnectDelayMs,
        sentinelCommandTimeout: options.commandTimeoutMs,
        // Subscribe to +switch-master, so a failover moves the client at once, not at its next failed command.
        failoverDetector: true,
      })
    case 'cluster':
      return new Cluster(topology.nodes, {
        enableOfflineQueue: false,
        clusterRetryStrategy: reconnectDelayMs,
        slotsRefreshTimeout: options.commandTimeoutMs,
        // Few redirections and short waits: a resharding or failing-over cluster answers 503, not a hang.
        maxRedirections: 4,
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        retryDelayOnTryAgain: 100,
        redisOptions: { ...perNode, username: topology.username, password: topology.password },
      })
  }
}

/**
 * Makes the commands `client` sends in one event-loop turn (those of every request the turn serves) leave in
 * one socket write: the turn's first command corks the connection's socket, and the turn's end uncorks it, so
 * Node sends them in one `writev` and Redis reads them at once. Each command is still sent and answered on its
 * own, so a request's round trips do not change. Call it before each command. ioredis' own auto-pipelining
 * batches the same way through a pipeline object per turn, which costs more per command than the writes it
 * saves (`bench/SERVER-SPEED.md`). A cluster client writes to several sockets: its commands leave one by one.
 */
export function oneWritePerTurn(client: RedisClient): () => void {
  if (client instanceof Cluster) return () => {}
  const shared = writeBatchers.get(client)
  if (shared) return shared
  let corked: Redis['stream'] | null = null
  const uncork = () => {
    corked?.uncork()
    corked = null
  }
  const batchWrites = () => {
    if (corked !== null || client.status !== 'ready') return
    corked = client.stream
    corked.cork()
    setImmediate(uncork)
  }
  writeBatchers.set(client, batchWrites)
  return batchWrites
}

// One per client, whatever number of scripts use it.
const writeBatchers = new WeakMap<Redis, () => void>()
