import { setupServer } from 'msw/node'
import { handlers } from './handlers'

/** The msw server for jest: started for every test file by tests/jest/setup-dom.ts. */
export const server = setupServer(...handlers)
