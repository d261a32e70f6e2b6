// Whole-database helpers for tests that work on one server and on a Cluster (where keys live per master).
import { Cluster } from 'ioredis'
import type { RedisClient } from '../redis-client'

/** Every node that holds data: the server itself, or each Cluster master. */
function dataNodes(client: RedisClient) {
  return client instanceof Cluster ? client.nodes('master') : [client]
}

/** Empties every database the client reaches. */
export async function flushRedis(client: RedisClient): Promise<void> {
  await Promise.all(dataNodes(client).map((node) => node.flushall()))
}

/** Every key the client reaches, sorted. */
export async function redisKeys(client: RedisClient): Promise<string[]> {
  const perNode = await Promise.all(dataNodes(client).map((node) => node.keys('*')))
  return perNode.flat().sort()
}

/** The number of keys on each data node, in node order. */
export async function keysPerNode(client: RedisClient): Promise<number[]> {
  return Promise.all(dataNodes(client).map((node) => node.dbsize()))
}
