import { setupServer } from 'msw/node'
import { handlers } from './handlers'

/** The msw server for Node tests (jest): every test file starts it via tests/jest/setup-dom.ts. */
export const server = setupServer(...handlers)
