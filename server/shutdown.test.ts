import { connect } from 'node:net'
import { ERRORS } from './errors'
import { shutDown } from './shutdown'
import { testServer } from './test/harness'
import { firstResponse, listening, openConnection } from './test/raw-socket'
import type { CodeExchange, WechatIdentity } from './wechat'

/** An exchange that holds code `slow` until released, so a login stays in flight. */
function heldExchange() {
  let release: () => void = () => {}
  let arrived: () => void = () => {}
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  const slowArrived = new Promise<void>((resolve) => {
    arrived = resolve
  })
  const exchange: CodeExchange = {
    mode: 'wechat',
    async exchange(code: string): Promise<WechatIdentity> {
      if (code === 'slow') {
        arrived()
        await held
      }
      return { openid: `openid-${code}`, sessionKey: `key-${code}` }
    },
  }
  return { exchange, release: () => release(), slowArrived }
}

const health = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n'
function loginRequest(code: string) {
  const body = JSON.stringify({ code })
  return `POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.on('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.on('error', () => resolve(true))
  })
}

describe('shutting down', () => {
  it('stops accepting, finishes in-flight requests and answers late ones 503 { code, message } with Connection: close', async () => {
    const held = heldExchange()
    const { app } = testServer({ exchange: held.exchange })
    const port = await listening(app)
    const inFlight = await openConnection(port)
    const late = await openConnection(port)
    const idle = await openConnection(port)
    expect(firstResponse(await late.send(health)).status).toBe(200)
    expect(firstResponse(await idle.send(health)).status).toBe(200)
    const slowLogin = inFlight.send(loginRequest('slow'))
    await held.slowArrived

    const stopped = shutDown(app, { drainMs: 500, inFlightMs: 10_000 })
    expect(await refused(port)).toBe(true)

    const lateAnswer = firstResponse(await late.send(health))
    expect(lateAnswer.status).toBe(503)
    expect(lateAnswer.body).toEqual({ code: 'STORE_UNAVAILABLE', message: ERRORS.STORE_UNAVAILABLE.message })
    expect(lateAnswer.headers).toMatch(/\r\nconnection: close/)
    expect(await late.ended).toBe('closed')

    held.release()
    const loginAnswer = firstResponse(await slowLogin)
    expect(loginAnswer.status).toBe(200)
    expect(loginAnswer.body).toMatchObject({ token: expect.any(String) })
    expect(loginAnswer.headers).toMatch(/\r\nconnection: close/)
    expect(await inFlight.ended).toBe('closed')

    await stopped
    expect(await idle.ended).toBe('closed')
  })

  it('closes requests still in flight once the bound passes, and still finishes', async () => {
    const held = heldExchange()
    const { app } = testServer({ exchange: held.exchange })
    const port = await listening(app)
    const stuck = await openConnection(port)
    const stuckLogin = stuck.send(loginRequest('slow')).catch((error: Error) => error)
    await held.slowArrived
    await shutDown(app, { drainMs: 100, inFlightMs: 300 })
    expect(await stuckLogin).toBeInstanceOf(Error)
    held.release()
  })
})
