import '@testing-library/jest-dom'
import { server } from '../../mocks/node'

// Every test file talks to msw; a request no handler answers fails the test.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())
