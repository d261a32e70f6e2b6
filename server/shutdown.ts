import { Server as NetServer } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { errorBody } from './errors'

/** How long a shutdown may take. */
export interface ShutdownBounds {
  /** How long open keep-alive connections stay open, so requests already sent on them get 503, not a reset. */
  drainMs: number
  /** How long in-flight requests get to finish before their connections are closed. */
  inFlightMs: number
}

/** Default bounds: exit within 1 s + 10 s. */
export const DEFAULT_SHUTDOWN_BOUNDS: ShutdownBounds = { drainMs: 1_000, inFlightMs: 10_000 }

const draining = new WeakMap<FastifyInstance, { on: boolean }>()

/**
 * Lets `shutDown` drain this server: once draining, new requests are answered 503 `{ code, message }` and every
 * response (in-flight ones included) carries `Connection: close`, so each connection ends after its answer.
 */
export function enableDraining(app: FastifyInstance) {
  const state = { on: false }
  draining.set(app, state)
  // Callback hooks: every request passes through them, and an async hook costs a promise each time.
  app.addHook('onRequest', (_request, reply, done) => {
    if (!state.on) {
      done()
      return
    }
    // Its own serializer: the route's response schema for 503 (e.g. /health's) does not describe this body.
    reply
      .code(503)
      .header('connection', 'close')
      .type('application/json; charset=utf-8')
      .serializer(JSON.stringify)
      .send(errorBody('STORE_UNAVAILABLE'))
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (state.on) reply.header('connection', 'close')
    done(null, payload)
  })
}

function delay(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms).unref())
}

/**
 * Stops the server within `drainMs + inFlightMs`: stops accepting at once, answers what arrives on open
 * connections with 503, lets in-flight requests finish, then closes whatever is left and the app itself.
 */
export async function shutDown(app: FastifyInstance, bounds: ShutdownBounds = DEFAULT_SHUTDOWN_BOUNDS) {
  const state = draining.get(app)
  if (state) state.on = true
  const server = app.server
  if (server.listening) {
    const allClosed = new Promise<void>((resolve) => server.once('close', () => resolve()))
    // net's close, not http's: http's also drops idle keep-alive connections at once, resetting requests
    // a client has already sent on them; those get their 503 during the drain instead.
    NetServer.prototype.close.call(server)
    await Promise.race([allClosed, delay(bounds.drainMs)])
    server.closeIdleConnections()
    await Promise.race([allClosed, delay(bounds.inFlightMs)])
    server.closeAllConnections()
  }
  await app.close()
}
