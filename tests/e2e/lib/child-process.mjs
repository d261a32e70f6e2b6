import { spawn } from 'node:child_process'

/** Every child started through this module that has not exited yet, so an aborted run can still stop them. */
const running = new Set()

/**
 * @typedef {object} Child
 * @property {import('node:child_process').ChildProcess} process
 * @property {() => string} output the child's stdout and stderr so far (the last 64 KB), for error messages
 * @property {Promise<number | null>} exited resolves with the exit code (null when killed by a signal)
 * @property {() => Promise<void>} stop SIGTERM to the whole process group, SIGKILL after 3 s
 */

/**
 * Starts a command in its own process group. `tsx` and `taro` start processes of their own; killing
 * the group (not just the pid we know) is what makes sure nothing outlives the run.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Child}
 */
export function startChild(command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const append = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString('utf8')).slice(-65_536)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  running.add(child)
  const exited = new Promise((resolve) => {
    child.once('exit', (code) => {
      running.delete(child)
      resolve(code)
    })
    child.once('error', (error) => {
      running.delete(child)
      append(Buffer.from(`\n${error.message}\n`))
      resolve(-1)
    })
  })

  async function stop() {
    if (!running.has(child)) return
    killGroup(child, 'SIGTERM')
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }

  return { process: child, output: () => output, exited, stop }
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
function killGroup(child, signal) {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is already gone.
  }
}

// A run stopped with Ctrl-C, or a crash, must not leave a server or a build behind.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL')
})
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    for (const child of running) killGroup(child, 'SIGKILL')
    process.exit(130)
  })
}
