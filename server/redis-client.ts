// One ioredis client per topology, all failing fast: a request gets 503 at once instead of waiting on Redis.
import { Cluster, type Command, Redis, type RedisOptions } from 'ioredis'
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

/**
 * ioredis' `commandTimeout`, without a timer per command. ioredis arms a timer for each command and clears it
 * (with a `delete`) on the reply; under load that cost a Redis-backed `GET /profile` about 15 µs of CPU
 * (`bench/SERVER-SPEED.md`). Here one timer per client, every tenth of the timeout, notes each connection's
 * newest command in flight. The one noted a whole timeout ago, if Redis has still not answered it, was sent at
 * least that long ago, and so was every command in flight before it (Redis answers in order): they are all
 * rejected with `Command timed out`, as ioredis would (a late reply is then ignored). So a command times out
 * between `timeoutMs` and `timeoutMs` plus a tenth of it after it was sent, and nothing is done per command.
 */
export function watchCommandTimeouts(client: RedisClient, timeoutMs: number): void {
  const ticks = 10
  const tickMs = Math.max(1, Math.ceil(timeoutMs / ticks))
  // Per connection: its newest command in flight at each of the last `ticks` ticks.
  const noted = new WeakMap<Redis, Array<InFlight | undefined>>()
  let tick = 0
  let timer: ReturnType<typeof setInterval> | null = null
  const expire = () => {
    const slot = tick++ % ticks
    for (const connection of client instanceof Cluster ? client.nodes('all') : [client]) {
      let ring = noted.get(connection)
      if (!ring) {
        ring = new Array<InFlight | undefined>(ticks).fill(undefined)
        noted.set(connection, ring)
      }
      const cutoff = ring[slot]
      ring[slot] = connection.commandQueue.peekBack()?.command
      if (cutoff !== undefined && !answered(cutoff)) rejectThrough(connection.commandQueue, cutoff)
    }
  }
  client.on('ready', () => {
    if (timer !== null) return
    timer = setInterval(expire, tickMs)
    // The watch alone must not keep the process alive (ioredis' own timers do not either).
    timer.unref()
  })
  client.on('end', () => {
    if (timer !== null) clearInterval(timer)
    timer = null
  })
}

/** A command in flight on a connection (ioredis' `Command`, typed there by what it answers to). */
type InFlight = NonNullable<ReturnType<Redis['commandQueue']['peekBack']>>['command']

const answered = (command: InFlight) => (command as Partial<Command>).isResolved === true

/** Rejects the commands in flight up to `cutoff`, if it is still in flight; an answered one is gone from it. */
function rejectThrough(queue: Redis['commandQueue'], cutoff: InFlight): void {
  let last = -1
  for (let i = 0; i < queue.length && last < 0; i++) if (queue.peekAt(i)?.command === cutoff) last = i
  for (let i = 0; i <= last; i++) {
    const command = queue.peekAt(i)?.command
    if (command && !answered(command)) command.reject(new Error('Command timed out'))
  }
}

/** Creates the ioredis client for `topology`: `Redis`, `Redis` through Sentinel, or `Cluster`. */
export function createRedisClient(topology: RedisTopology, options: RedisClientOptions): RedisClient {
  const client = untimedClient(topology, options)
  watchCommandTimeouts(client, options.commandTimeoutMs)
  return client
}

function untimedClient(topology: RedisTopology, options: RedisClientOptions): RedisClient {
  const perNode: RedisOptions = {
    maxRetriesPerRequest: 1,
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
