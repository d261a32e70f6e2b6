import pino from 'pino'
import { REDACTED, redactSecrets } from './logging'
import { testServer } from './test/harness'

describe('log redaction', () => {
  it('censors credential keys at the top level and one level down, and credential headers there', () => {
    const logged = {
      token: 'T1',
      session: { sessionKey: 'K1', session_key: 'K2', token: 'T2', userId: 'u_1' },
      wechat: { secret: 'S1', appSecret: 'S2' },
      upstream: { headers: { authorization: 'Bearer A1', cookie: 'C1', 'set-cookie': 'C2', accept: '*/*' } },
      authorization: 'Bearer A2',
    }
    expect(redactSecrets(logged)).toEqual({
      token: REDACTED,
      session: { sessionKey: REDACTED, session_key: REDACTED, token: REDACTED, userId: 'u_1' },
      wechat: { secret: REDACTED, appSecret: REDACTED },
      upstream: { headers: { authorization: REDACTED, cookie: REDACTED, 'set-cookie': REDACTED, accept: '*/*' } },
      authorization: REDACTED,
    })
  })

  it('never changes the object that was logged, and returns it as it is when it holds no credential', () => {
    const session = { token: 'T1', userId: 'u_1' }
    redactSecrets({ session })
    expect(session).toEqual({ token: 'T1', userId: 'u_1' })
    const plain = { userId: 'u_1', firstLogin: true, nested: { count: 2 } }
    expect(redactSecrets(plain)).toBe(plain)
  })

  it("keeps credentials out of a server's lines and of its child loggers' bindings", async () => {
    const { app, logs } = testServer()
    await app.ready()
    app.log.child({ token: 'CHILD-T', session: { sessionKey: 'CHILD-K' } }).info('child line')
    app.log.child({ area: 'outer' }).child({ appSecret: 'GRANDCHILD-S' }).info('grandchild line')
    app.log.info({ session: { token: 'LINE-T' }, upstream: { headers: { authorization: 'Bearer LINE-A' } } }, 'line')
    const text = logs.join('\n')
    for (const secret of ['CHILD-T', 'CHILD-K', 'GRANDCHILD-S', 'LINE-T', 'LINE-A'])
      expect({ secret, inLog: text.includes(secret) }).toEqual({ secret, inLog: false })
    expect(text).toContain('child line')
    expect(text).toContain('grandchild line')
  })
})

describe('request log lines', () => {
  it('writes one line per request, when it is answered: method, route pattern, status and time', async () => {
    const { app, logs } = testServer()
    await app.inject({ method: 'GET', url: '/profile?token=QUERY-T', headers: { authorization: 'Bearer nope' } })
    const lines = logs.map((line) => JSON.parse(line) as Record<string, unknown>)
    const requestLines = lines.filter((line) => line.req !== undefined || line.res !== undefined)
    expect(requestLines).toHaveLength(1)
    expect(requestLines[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', route: '/profile' },
      res: { statusCode: 401 },
      responseTime: expect.any(Number),
    })
    // Every line of the request carries the same id, so the one line still ties them together.
    expect(new Set(lines.filter((line) => line.reqId !== undefined).map((line) => line.reqId)).size).toBe(1)
    expect(logs.join('\n')).not.toContain('QUERY-T')
  })

  it('writes the line byte for byte as pino itself writes it, only faster', async () => {
    const lines = async (stream: { write(line: string): void }) => {
      const { app } = testServer({ config: { logger: { level: 'info', stream } } })
      for (const url of ['/profile', '/feed', '/nope'])
        await app.inject({ url, headers: { authorization: 'Bearer nope' } })
      await app.close()
    }
    const direct: string[] = []
    const throughPino: string[] = []
    await lines({ write: (line) => direct.push(line) })
    // A multistream needs pino's metadata per line: the server leaves such a stream to pino's own path.
    await lines(pino.multistream([{ stream: { write: (line: string) => throughPino.push(line) } }]))
    // Only the clock differs between two runs.
    const unclocked = (line: string) =>
      line.replace(/"time":\d+/, '"time":0').replace(/"responseTime":[\d.e-]+/, '"responseTime":0')
    const requestLines = (all: string[]) => all.filter((line) => line.includes('"req":')).map(unclocked)
    expect(requestLines(direct)).toHaveLength(3)
    expect(requestLines(direct)).toEqual(requestLines(throughPino))
  })

  it('writes nothing, and answers as ever, on a server without a logger or below info level', async () => {
    const lines: string[] = []
    for (const logger of [false, { level: 'warn', stream: { write: (line: string) => lines.push(line) } }] as const) {
      const { app } = testServer({ config: { logger } })
      const answers = []
      for (const url of ['/profile', '/feed']) answers.push((await app.inject({ url })).statusCode)
      await app.close()
      expect({ logger, answers, lines }).toEqual({ logger, answers: [401, 200], lines: [] })
    }
  })
})
