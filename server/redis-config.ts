// Which Redis the server uses, read from the environment: one server, a Sentinel-managed primary, or a Cluster.
import { ConfigError, type Env } from './config'

/** A Redis or Sentinel endpoint. */
export interface RedisEndpoint {
  /** Host name or IP address (IPv6 without brackets). */
  host: string
  /** TCP port. */
  port: number
}

/** Where Redis is, and how to reach it. */
export type RedisTopology =
  | {
      /** One server (or a load-balanced endpoint) at a `redis://` or `rediss://` URL. */
      kind: 'single'
      /** The URL, credentials and database included. */
      url: string
    }
  | {
      /** A primary and replicas watched by Redis Sentinel; the sentinels name the current primary. */
      kind: 'sentinel'
      /** The sentinels to ask, in order. */
      sentinels: RedisEndpoint[]
      /** The monitored master's name (`sentinel monitor <name> ...`). */
      name: string
      /** ACL user of the primary and replicas. */
      username?: string
      /** Password of the primary and replicas. */
      password?: string
      /** Password of the sentinels themselves. */
      sentinelPassword?: string
    }
  | {
      /** A Redis Cluster; any reachable node reveals the others. */
      kind: 'cluster'
      /** Seed nodes. */
      nodes: RedisEndpoint[]
      /** ACL user of the nodes. */
      username?: string
      /** Password of the nodes. */
      password?: string
    }

const DEFAULT_SENTINEL_PORT = 26379
const DEFAULT_REDIS_PORT = 6379

/** Parses `host:port,host:port` (`[v6]:port` for IPv6; a bare host takes `defaultPort`); throws `ConfigError`. */
export function parseEndpoints(name: string, raw: string, defaultPort: number): RedisEndpoint[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  if (entries.length === 0) throw new ConfigError(`${name} must list at least one host:port`)
  return entries.map((entry) => {
    const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(entry)
    const host = match?.[1] ?? match?.[2]
    const port = match?.[3] === undefined ? defaultPort : Number(match[3])
    if (!host || port < 1 || port > 65535) {
      throw new ConfigError(`${name} must be a comma-separated list of host:port, got "${entry}"`)
    }
    return { host, port }
  })
}

function credentials(env: Env): { username?: string; password?: string } {
  return {
    ...(env.REDIS_USERNAME ? { username: env.REDIS_USERNAME } : {}),
    ...(env.REDIS_PASSWORD ? { password: env.REDIS_PASSWORD } : {}),
  }
}

/**
 * Reads `REDIS_URL`, `REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`, or `REDIS_CLUSTER_NODES` (at most one of the
 * three); null means the in-process store. Throws `ConfigError` on a half or contradictory setting.
 */
export function readRedisTopology(env: Env): RedisTopology | null {
  const url = env.REDIS_URL?.trim()
  const sentinels = env.REDIS_SENTINELS?.trim()
  const clusterNodes = env.REDIS_CLUSTER_NODES?.trim()
  const chosen = [url && 'REDIS_URL', sentinels && 'REDIS_SENTINELS', clusterNodes && 'REDIS_CLUSTER_NODES'].filter(
    Boolean,
  )
  if (chosen.length > 1) throw new ConfigError(`set only one of ${chosen.join(', ')}: they name different topologies`)
  if (!sentinels && (env.REDIS_SENTINEL_NAME || env.REDIS_SENTINEL_PASSWORD)) {
    throw new ConfigError('REDIS_SENTINEL_NAME and REDIS_SENTINEL_PASSWORD need REDIS_SENTINELS')
  }
  if (url) {
    if (!/^rediss?:\/\//.test(url)) throw new ConfigError(`REDIS_URL must start with redis:// or rediss://`)
    // One place for a credential: a second one beside the URL would silently lose to it.
    if (env.REDIS_USERNAME || env.REDIS_PASSWORD) {
      throw new ConfigError('with REDIS_URL, put the user and password in the URL (redis://user:password@host:port)')
    }
    return { kind: 'single', url }
  }
  if (sentinels) {
    const name = env.REDIS_SENTINEL_NAME?.trim()
    if (!name) throw new ConfigError('REDIS_SENTINELS needs REDIS_SENTINEL_NAME, the name of the monitored master')
    return {
      kind: 'sentinel',
      sentinels: parseEndpoints('REDIS_SENTINELS', sentinels, DEFAULT_SENTINEL_PORT),
      name,
      ...credentials(env),
      ...(env.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: env.REDIS_SENTINEL_PASSWORD } : {}),
    }
  }
  if (clusterNodes) {
    return {
      kind: 'cluster',
      nodes: parseEndpoints('REDIS_CLUSTER_NODES', clusterNodes, DEFAULT_REDIS_PORT),
      ...credentials(env),
    }
  }
  if (env.REDIS_USERNAME || env.REDIS_PASSWORD) {
    throw new ConfigError('REDIS_USERNAME and REDIS_PASSWORD need REDIS_SENTINELS or REDIS_CLUSTER_NODES')
  }
  return null
}
