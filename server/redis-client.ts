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
 * ioredis' `commandTimeout`, for all of a client's commands at once. ioredis arms a timer per command and
 * clears it (with a `delete`) on the reply; under load that cost a Redis-backed `GET /profile` about 15 µs of
 * CPU (`bench/SERVER-SPEED.md`). Here each command sent is queued with its deadline, and one timer per client,
 * running only while commands are pending, ends every command past its deadline the way ioredis does (the
 * command is rejected with `Command timed out`; a late reply is then ignored). A command times out between
 * `timeoutMs` and `timeoutMs` plus a tenth of it after it was first sent.
 */
export class CommandDeadlines {
  // Oldest first; answered commands are let go from the front as soon as a newer one is sent, so a command
  // object outlives its answer only until then (kept longer, they filled the old generation and cost more
  // in garbage collection than the timers saved).
  private pending: Watched[] = []
  private head = 0
  private timer: ReturnType<typeof setInterval> | null = null
  private readonly tickMs: number

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tickMs = Math.max(1, Math.ceil(timeoutMs / 10))
  }

  /** Starts the clock of a command being sent (again, after a reconnection: its first deadline stands). */
  track(command: Command): void {
    this.releaseAnswered()
    this.pending.push({ command, deadline: this.now() + this.timeoutMs })
    if (this.timer !== null) return
    this.timer = setInterval(() => this.expire(), this.tickMs)
    // Pending commands alone must not keep the process alive (ioredis' own timers do not either).
    this.timer.unref()
  }

  /** How many sent commands are still watched. */
  get watched(): number {
    return this.pending.length - this.head
  }

  // Commands are answered in the order they were sent, so the answered ones are in front.
  private releaseAnswered(): void {
    const { pending } = this
    while (this.head < pending.length && (pending[this.head] as Watched).command.isResolved) {
      pending[this.head++] = RELEASED
    }
    if (this.head === pending.length) {
      pending.length = 0
      this.head = 0
    } else if (this.head > 1024) {
      this.pending = pending.slice(this.head)
      this.head = 0
    }
  }

  // The overdue ones come next: every command sent before the first one still within its deadline.
  private expire(): void {
    const at = this.now()
    for (;;) {
      this.releaseAnswered()
      const oldest = this.pending[this.head]
      if (oldest === undefined || oldest.deadline > at) break
      oldest.command.reject(new Error('Command timed out'))
      this.pending[this.head++] = RELEASED
    }
    if (this.watched === 0 && this.timer !== null) {
      clearInterval(this.timer)
      this.timer = null
    }
  }
}

interface Watched {
  command: Pick<Command, 'isResolved' | 'reject'>
  deadline: number
}

const RELEASED: Watched = { command: { isResolved: true, reject: () => {} }, deadline: 0 }

// ioredis' clients with their commands' deadlines kept by `CommandDeadlines` instead of a timer each.
class TimedRedis extends Redis {
  deadlines: CommandDeadlines | null = null

  override sendCommand(...args: Parameters<Redis['sendCommand']>): ReturnType<Redis['sendCommand']> {
    this.deadlines?.track(args[0])
    return super.sendCommand(...args)
  }
}

class TimedCluster extends Cluster {
  deadlines: CommandDeadlines | null = null

  override sendCommand(...args: Parameters<Cluster['sendCommand']>): ReturnType<Cluster['sendCommand']> {
    this.deadlines?.track(args[0])
    return super.sendCommand(...args)
  }
}

/** Creates the ioredis client for `topology`: `Redis`, `Redis` through Sentinel, or `Cluster`. */
export function createRedisClient(topology: RedisTopology, options: RedisClientOptions): RedisClient {
  const client = untimedClient(topology, options)
  // Set once constructed: the connection's own first commands (the handshake) go through it too.
  client.deadlines = new CommandDeadlines(options.commandTimeoutMs)
  return client
}

function untimedClient(topology: RedisTopology, options: RedisClientOptions): TimedRedis | TimedCluster {
  const perNode: RedisOptions = {
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: reconnectDelayMs,
    reconnectOnError: reconnectOnReadOnly,
  }
  switch (topology.kind) {
    case 'single':
      // Fail at once instead of queueing while disconnected: the API answers 503 instead of hanging.
      return new TimedRedis(topology.url, { ...perNode, enableOfflineQueue: false })
    case 'sentinel':
      return new TimedRedis({
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
      return new TimedCluster(topology.nodes, {
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
