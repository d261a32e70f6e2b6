// `npm start`: the whole product in watch mode — the API server in dev mode, the WeChat mini program
// build for WeChat DevTools, and the H5 dev server logging in through the server's dev mode.
// The terminal shows what to open, errors and warnings; everything each child prints goes, prefixed with
// its name, to logs/npm-start.log. When one child stops, or on Ctrl-C, all of them stop.
import { spawn } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { buildLineFilter, serverLineToShow } from './start-output.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const SERVER_PORT = Number(process.env.PORT) || 3000
// The Taro H5 dev server (config/dev.ts reads the same variables): loopback unless H5_HOST says otherwise.
const H5_PORT = Number(process.env.H5_PORT) || 10086
const H5_HOST = process.env.H5_HOST || '127.0.0.1'
const API_URL = `http://127.0.0.1:${SERVER_PORT}`
const H5_URL = `http://127.0.0.1:${H5_PORT}`
const LOG_FILE = join(root, 'logs', 'npm-start.log')
// Lines of each child kept in memory, shown when it stops unexpectedly.
const TAIL_LINES = 40
const READY_TIMEOUT_MS = 5 * 60 * 1000
const STOP_GRACE_MS = 5000

const color = process.stdout.isTTY ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text
const bin = (name) => join(root, 'node_modules', '.bin', name)

/** The environment without the variables that would take the server out of dev mode or the builds out of development. */
function envWithout(...names) {
  const env = { ...process.env }
  for (const name of names) delete env[name]
  return env
}

const children = [
  {
    name: 'server',
    color: 36,
    command: bin('tsx'),
    args: ['server/main.ts'],
    // Dev mode with the embedded store, whatever the shell says: the H5 build's dev login needs it.
    env: {
      ...envWithout('WECHAT_APPID', 'WECHAT_SECRET', 'REDIS_URL'),
      PORT: String(SERVER_PORT),
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      CORS_ORIGIN: `http://127.0.0.1:${H5_PORT},http://localhost:${H5_PORT}`,
    },
    shows: serverLineToShow,
  },
  {
    name: 'weapp',
    color: 32,
    command: bin('taro'),
    args: ['build', '--type', 'weapp', '--watch'],
    env: { ...envWithout('NODE_ENV'), TARO_APP_API_BASE_URL: API_URL, FORCE_COLOR: '0' },
    shows: buildLineFilter(),
  },
  {
    name: 'h5',
    color: 35,
    command: bin('taro'),
    args: ['build', '--type', 'h5', '--watch'],
    env: {
      ...envWithout('NODE_ENV'),
      TARO_APP_API_BASE_URL: API_URL,
      TARO_APP_DEV_LOGIN: 'true',
      H5_HOST,
      H5_PORT: String(H5_PORT),
      FORCE_COLOR: '0',
    },
    shows: buildLineFilter(),
  },
]

const say = (line) => process.stdout.write(`${color(1, '[start]')} ${line}\n`)

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, () => probe.close(() => resolve(true)))
  })
}

for (const [port, what] of [
  [SERVER_PORT, 'the API server (set PORT to use another)'],
  [H5_PORT, 'the H5 dev server (set H5_PORT to use another)'],
]) {
  if (!(await portIsFree(port))) {
    say(`port ${port}, needed by ${what}, is in use. Is \`npm start\` already running?`)
    process.exit(1)
  }
}

let stopping = false
let exitCode = 0
const running = new Set()

function stopAll(code) {
  if (stopping) return
  stopping = true
  exitCode = code
  say('stopping everything…')
  for (const child of running) signalGroup(child, 'SIGTERM')
  // Watchers that ignore SIGTERM still go.
  setTimeout(() => {
    for (const child of running) signalGroup(child, 'SIGKILL')
  }, STOP_GRACE_MS).unref()
}

function signalGroup(child, signal) {
  try {
    // Each child leads its own process group, so its own children (webpack workers, tsx's node) stop too.
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

mkdirSync(dirname(LOG_FILE), { recursive: true })
const log = createWriteStream(LOG_FILE, { flags: 'w' })

for (const spec of children) {
  const prefix = color(spec.color, `[${spec.name}]`.padEnd(9))
  const child = spawn(spec.command, spec.args, {
    cwd: root,
    env: spec.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  const tail = []
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      log.write(`[${spec.name}] ${line}\n`)
      tail.push(line)
      if (tail.length > TAIL_LINES) tail.shift()
      const shown = spec.shows(line)
      if (shown !== null) process.stdout.write(`${prefix} ${shown}\n`)
    })
  }
  spec.tail = tail
  child.on('error', (error) => {
    say(`${spec.name} could not start: ${error.message}`)
    running.delete(child)
    stopAll(1)
  })
  child.on('exit', (code, signal) => {
    running.delete(child)
    if (!stopping) {
      say(`${spec.name} stopped (${signal ?? `exit code ${code}`}); its last lines:`)
      for (const line of spec.tail) process.stdout.write(`  ${line}\n`)
      say(`full output in ${LOG_FILE}; everything stops.`)
      stopAll(code || 1)
    }
    if (running.size === 0) process.exit(exitCode)
  })
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(0))

const guide = [
  `  • WeChat DevTools: open this folder (${root}); it loads dist/weapp, rebuilt on every change.`,
  `    Tick 「不校验合法域名」 in DevTools' details panel so the mini program may call ${API_URL}.`,
  `  • Browser (H5): ${H5_URL} — logs in as dev user h5-demo; add ?devUser=<name> for another user.`,
  `  • API server: ${API_URL} (dev mode: codes are not checked with WeChat; users and sessions`,
  '    are kept in .data/miniauth.sqlite, so a restart keeps them).',
]
say('starting the API server, the WeChat build and the H5 dev server (the first build takes a minute or two)…')
say(`build and server output: ${LOG_FILE}; errors and warnings show here.`)

async function reachable(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
    return response.ok
  } catch {
    return false
  }
}

const deadline = Date.now() + READY_TIMEOUT_MS
let ready = false
while (!stopping && !ready && Date.now() < deadline) {
  ready = (await reachable(`${API_URL}/health`)) && (await reachable(H5_URL))
  if (!ready) await new Promise((resolve) => setTimeout(resolve, 1000))
}
if (ready && !stopping) say(color(1, `ready:\n${guide.join('\n')}\n  Press Ctrl-C to stop.`))
else if (!stopping) say(`the server or the H5 dev server is still not answering; see ${LOG_FILE}.`)
