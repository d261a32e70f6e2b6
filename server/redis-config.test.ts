import { ConfigError, readEnvConfig } from './config'
import { readRedisTopology } from './redis-config'

describe('choosing the Redis topology from the environment', () => {
  it('uses the in-process store when no Redis variable is set', () => {
    expect(readRedisTopology({})).toBeNull()
  })

  it('reads one server from REDIS_URL', () => {
    expect(readRedisTopology({ REDIS_URL: 'rediss://user:pw@cache:6380/2' })).toEqual({
      kind: 'single',
      url: 'rediss://user:pw@cache:6380/2',
    })
  })

  it('reads sentinels, the master name and both passwords', () => {
    expect(
      readRedisTopology({
        REDIS_SENTINELS: 's1:26379, s2:26380,[::1]:26381,s4',
        REDIS_SENTINEL_NAME: 'mymaster',
        REDIS_SENTINEL_PASSWORD: 'sentinel-pw',
        REDIS_USERNAME: 'app',
        REDIS_PASSWORD: 'data-pw',
      }),
    ).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
        { host: '::1', port: 26381 },
        { host: 's4', port: 26379 },
      ],
      name: 'mymaster',
      username: 'app',
      password: 'data-pw',
      sentinelPassword: 'sentinel-pw',
    })
  })

  it('reads cluster seed nodes and their password', () => {
    expect(readRedisTopology({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2', REDIS_PASSWORD: 'pw' })).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 6379 },
      ],
      password: 'pw',
    })
  })

  it.each([
    [{ REDIS_URL: 'redis://a', REDIS_CLUSTER_NODES: 'b:7000' }, /only one of REDIS_URL, REDIS_CLUSTER_NODES/],
    [{ REDIS_SENTINELS: 'a:26379', REDIS_CLUSTER_NODES: 'b:7000' }, /only one of/],
    [{ REDIS_SENTINELS: 'a:26379' }, /REDIS_SENTINEL_NAME/],
    [{ REDIS_SENTINEL_NAME: 'mymaster' }, /need REDIS_SENTINELS/],
    [{ REDIS_SENTINELS: 'a:26379:1', REDIS_SENTINEL_NAME: 'm' }, /host:port, got "a:26379:1"/],
    [{ REDIS_SENTINELS: ' , ', REDIS_SENTINEL_NAME: 'm' }, /at least one/],
    [{ REDIS_CLUSTER_NODES: 'a:0' }, /host:port/],
    [{ REDIS_CLUSTER_NODES: 'a:65536' }, /host:port/],
    [{ REDIS_CLUSTER_NODES: 'http://a:7000' }, /host:port/],
    [{ REDIS_URL: 'cache:6379' }, /redis:\/\/ or rediss:\/\//],
    [{ REDIS_URL: 'redis://cache', REDIS_PASSWORD: 'pw' }, /in the URL/],
    [{ REDIS_PASSWORD: 'pw' }, /need REDIS_SENTINELS or REDIS_CLUSTER_NODES/],
  ])('refuses %j instead of guessing', (env, message) => {
    expect(() => readRedisTopology(env)).toThrow(ConfigError)
    expect(() => readRedisTopology(env)).toThrow(message)
  })

  it('is what the server configuration carries', () => {
    expect(readEnvConfig({ REDIS_CLUSTER_NODES: 'a:7000' }).redis).toEqual({
      kind: 'cluster',
      nodes: [{ host: 'a', port: 7000 }],
    })
  })
})
