// A server logging to stdout with the default destination, for the stdout logging test: `exit` logs one line
// and exits at once; otherwise it listens on a free port until SIGTERM.
import { buildServer, createDevExchange, createMemoryStore } from '..'

const app = buildServer({ store: createMemoryStore(), exchange: createDevExchange(), config: {} })
if (process.argv[2] === 'exit') {
  app.log.info('last words before exit')
  process.exit(0)
}
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
void app.listen({ port: 0, host: '127.0.0.1' })
