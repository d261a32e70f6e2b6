import type { ExamplePaths } from '../testing/example-paths'
import { fakeTransport, jsonResponse } from '../testing/fake-transport'
import { createClient } from './client'
import { NetworkError, SdkError } from './errors'
import type { Middleware } from './middleware'

const baseUrl = 'https://api.test'
const user = { id: 'u1', nickname: '小明', avatarUrl: 'https://img.test/a.png' }

/** A middleware that appends `name:hook` to `log` from every hook, asynchronously. */
function recorder(name: string, log: string[]): Middleware {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1))
  return {
    async onRequest() {
      await tick()
      log.push(`${name}:request`)
    },
    async onResponse() {
      await tick()
      log.push(`${name}:response`)
    },
    async onError() {
      await tick()
      log.push(`${name}:error`)
    },
  }
}

describe('middleware', () => {
  it('sees requests in registration order and responses in reverse, awaiting each hook', async () => {
    const log: string[] = []
    const transport = fakeTransport(() => {
      log.push('transport')
      return jsonResponse(200, user)
    })
    const client = createClient<ExamplePaths>({ baseUrl, transport, middleware: [recorder('a', log)] })
    client.use(recorder('b', log), recorder('c', log))
    await client.GET('/profile')
    expect(log).toEqual(['a:request', 'b:request', 'c:request', 'transport', 'c:response', 'b:response', 'a:response'])
  })

  it('lets onRequest replace the request and onResponse replace the response', async () => {
    const transport = fakeTransport(() => jsonResponse(200, { ...user, nickname: 'server' }))
    const client = createClient<ExamplePaths>({
      baseUrl,
      transport,
      middleware: [
        {
          onRequest: ({ request }) => ({ ...request, headers: { ...request.headers, 'x-trace': '1' } }),
          onResponse: () => jsonResponse(200, { ...user, nickname: 'replaced' }),
        },
      ],
    })
    const result = await client.GET('/profile')
    expect(transport.requests[0]?.headers['x-trace']).toBe('1')
    expect(result.data?.nickname).toBe('replaced')
  })

  it('gives every hook of one call the same id, the method, the spec path and the operation metadata', async () => {
    const seen: unknown[] = []
    const operations = { 'GET /profile': { auth: 'bearer', ok: { 200: 'any' }, errors: {} } } as const
    const client = createClient<ExamplePaths>({
      baseUrl,
      transport: fakeTransport(() => jsonResponse(200, user)),
      operations,
      middleware: [
        {
          onRequest: ({ id, method, schemaPath, operation }) => void seen.push({ id, method, schemaPath, operation }),
          onResponse: ({ id, method, schemaPath, operation }) => void seen.push({ id, method, schemaPath, operation }),
        },
      ],
    })
    await client.GET('/profile')
    await client.GET('/profile')
    const [first, second, third] = seen as { id: number }[]
    expect(first).toEqual({
      id: expect.any(Number),
      method: 'GET',
      schemaPath: '/profile',
      operation: operations['GET /profile'],
    })
    expect(second).toEqual(first)
    expect(third?.id).not.toBe(first?.id)
  })

  it('passes a network failure to onError in reverse order', async () => {
    const log: string[] = []
    const failure = new NetworkError('NETWORK_ERROR', 'request:fail')
    const transport = fakeTransport(() => Promise.reject(failure))
    const client = createClient<ExamplePaths>({
      baseUrl,
      transport,
      middleware: [recorder('a', log), recorder('b', log)],
    })
    const result = await client.GET('/feed')
    expect(log).toEqual(['a:request', 'b:request', 'b:error', 'a:error'])
    expect(result.error).toBe(failure)
  })

  it('lets onError recover with a response, which then passes through onResponse', async () => {
    const log: string[] = []
    const transport = fakeTransport(() => Promise.reject(new NetworkError('TIMEOUT', 'request:fail timeout')))
    const retry: Middleware = { onError: () => jsonResponse(200, user) }
    const client = createClient<ExamplePaths>({ baseUrl, transport, middleware: [recorder('outer', log), retry] })
    const result = await client.GET('/profile')
    expect(result.data).toEqual(user)
    expect(log).toEqual(['outer:request', 'outer:response'])
  })

  it('lets onError replace the error', async () => {
    const transport = fakeTransport(() => Promise.reject(new NetworkError('NETWORK_ERROR', 'request:fail')))
    const replaced = new NetworkError('TIMEOUT', 'slow network')
    const client = createClient<ExamplePaths>({ baseUrl, transport, middleware: [{ onError: () => replaced }] })
    expect((await client.GET('/feed')).error).toBe(replaced)
  })

  it('resolves with the SDK error an onRequest hook throws, without calling the transport', async () => {
    const transport = fakeTransport(() => jsonResponse(200, user))
    const refusal = new NetworkError('NETWORK_ERROR', 'not now')
    const client = createClient<ExamplePaths>({
      baseUrl,
      transport,
      middleware: [
        {
          onRequest() {
            throw refusal
          },
        },
      ],
    })
    expect((await client.GET('/profile')).error).toBe(refusal)
    expect(transport.requests).toHaveLength(0)
  })

  it('wraps an SDK error outside the error union, which callers cannot switch on, in a NetworkError', async () => {
    class HomeMadeError extends SdkError<'HOME_MADE'> {}
    const thrown = new HomeMadeError('home made', 'HOME_MADE', 0)
    const client = createClient<ExamplePaths>({
      baseUrl,
      transport: fakeTransport(() => jsonResponse(200, user)),
      middleware: [
        {
          onRequest() {
            throw thrown
          },
        },
      ],
    })
    const { error } = await client.GET('/profile')
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', message: 'home made', cause: thrown })
  })

  it('stops calling middleware after eject', async () => {
    const log: string[] = []
    const a = recorder('a', log)
    const b = recorder('b', log)
    const client = createClient<ExamplePaths>({ baseUrl, transport: fakeTransport(() => jsonResponse(200, user)) })
    client.use(a, b)
    client.eject(a)
    await client.GET('/profile')
    expect(log).toEqual(['b:request', 'b:response'])
  })
})
