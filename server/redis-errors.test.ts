import { inspect } from 'node:util'
import Fastify from 'fastify'
import { ReplyError } from 'ioredis'
import { StoreUnavailableError } from './errors'
import { describeRedisError, storeUnavailable } from './redis-errors'

const SECRETS = ['openid-dave', 'session-key-of-dave', 'token-hash-of-dave']

/** A reply error as ioredis raises it: the command and its arguments attached, the message quoting one. */
function replyError(message: string) {
  return Object.assign(new ReplyError(message), {
    command: { name: 'evalsha', args: ['f78e', '2', 'miniauth:{u:x}:user', ...SECRETS] },
  })
}

/** Everything the server's logger (pino, with its error serializer) and `util.inspect` make of `value`. */
async function logged(value: unknown): Promise<string> {
  const lines: string[] = []
  const app = Fastify({ logger: { level: 'trace', stream: { write: (line: string) => lines.push(line) } } })
  app.log.error({ err: value, value }, 'failed')
  await app.close()
  return lines.join('') + inspect(value, { depth: 10, showHidden: true })
}

describe('describing a Redis failure', () => {
  it.each([
    ["READONLY You can't write against a read only replica.", 'READONLY'],
    ['MOVED 3999 127.0.0.1:6381', 'MOVED'],
    ["OOM command not allowed when used memory > 'maxmemory'.", 'OOM'],
    ['LOADING Redis is loading the dataset in memory', 'LOADING'],
    ['ERR Error running script: bad value session-key-of-dave', 'ERR'],
  ])('keeps the name, the code and the command of "%s", none of its arguments', (message, code) => {
    const failure = describeRedisError(replyError(message))
    expect(failure).toEqual({ name: 'ReplyError', code, command: 'evalsha' })
  })

  it.each([
    ['a timeout', new Error('Command timed out'), { name: 'Error', code: 'TIMEOUT' }],
    [
      'a command sent while disconnected',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      { name: 'Error', code: 'OFFLINE' },
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
      { name: 'Error', code: 'ECONNREFUSED' },
    ],
    ['an unknown message', new Error('something else: session-key-of-dave'), { name: 'Error' }],
    ['a thrown string', 'session-key-of-dave', { name: 'NonError' }],
  ])('names %s without its message', (_label, error, failure) => {
    expect(describeRedisError(error)).toEqual(failure)
  })

  it('turns any failure into a 503 that no logger or inspector can trace back to the arguments', async () => {
    const error = storeUnavailable(replyError('ERR Error running script: bad value session-key-of-dave'), 'login')
    expect(error).toBeInstanceOf(StoreUnavailableError)
    expect(error.statusCode).toBe(503)
    expect(error.code).toBe('STORE_UNAVAILABLE')
    const output = await logged(error)
    expect(output).toContain('ReplyError ERR on evalsha')
    for (const secret of SECRETS) expect(output).not.toContain(secret)
  })
})
