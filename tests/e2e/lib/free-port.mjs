import { createServer } from 'node:net'

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now. The kernel picks it (port 0), so two runs
 * on one machine, or a developer's own server on 3000, never collide with the test run.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => (port ? resolve(port) : reject(new Error('could not read the probed port'))))
    })
  })
}
