import { MOCK_API_BASE_URL, backend as mockBackend } from '../../mocks/handlers'
import { server as mockServer } from '../../mocks/node'
import { type ReferenceServer, startReferenceServer } from '../../server/test/reference-server'
import { describeContract } from './scenario'

describe('the msw handlers', () => {
  beforeAll(() => mockServer.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => mockServer.close())
  beforeEach(() => mockBackend.reset())
  describeContract(() => ({ baseUrl: MOCK_API_BASE_URL }))
})

describe('the reference server', () => {
  let server: ReferenceServer
  beforeAll(async () => {
    server = await startReferenceServer()
  })
  afterAll(() => server.close())
  describeContract(() => ({ baseUrl: server.url }))
})
