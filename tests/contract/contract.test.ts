import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { MOCK_API_BASE_URL, backend as mockBackend } from '../../mocks/handlers'
import { server as mockServer } from '../../mocks/node'
import { buildServer, createDevExchange, createMemoryStore } from '../../server'
import { describeContract } from './scenario'

describe('the msw handlers', () => {
  beforeAll(() => mockServer.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => mockServer.close())
  beforeEach(() => mockBackend.reset())
  describeContract(() => ({ baseUrl: MOCK_API_BASE_URL }))
})

describe('the reference server', () => {
  let app: FastifyInstance
  let baseUrl = ''
  beforeAll(async () => {
    app = buildServer({
      store: createMemoryStore(),
      exchange: createDevExchange(),
      config: { logger: false, loginRateLimitPerMinute: 10_000 },
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  })
  afterAll(() => app.close())
  describeContract(() => ({ baseUrl }))
})
