// What `npm start` shows on the terminal of each child's output (everything also goes to its log file).
// Kept apart from scripts/start.mjs so the filters can be tested on real output lines.

/**
 * Server lines for the terminal: pino records at warn level and above, and anything not JSON but its banner.
 * @param {string} line
 * @returns {string | null}
 */
export function serverLineToShow(line) {
  if (line.startsWith('{')) {
    try {
      const record = JSON.parse(line)
      if (record.level < 40) return null
      return [record.msg, record.err?.message ?? record.detail].filter(Boolean).join(': ')
    } catch {
      return line
    }
  }
  // The dev-mode banner and the start line: the guide `npm start` prints says the same in its own words.
  if (/^\s*([┌│└]|$)/.test(line) || line.startsWith('miniauth server on')) return null
  return line
}

/**
 * Build lines for the terminal: Taro's ✖ blocks (the error and its code frame), and the recovery after one.
 * @returns {(line: string) => string | null}
 */
export function buildLineFilter() {
  let left = 0
  let failed = false
  return (raw) => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour and cursor escapes are what is removed.
    const line = raw.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    if (/Compiled successfully/i.test(line)) {
      const recovered = failed
      failed = false
      left = 0
      return recovered ? line.trim() : null
    }
    if (/^\s*✖/.test(line)) {
      failed = true
      left = 15
    } else if (/^\s*→ Watching/.test(line)) {
      left = 0
    }
    // Stack frames and blank lines say nothing a developer needs here; the log has them.
    if (left === 0 || /^\s*(at\s|$)/.test(line)) return null
    left -= 1
    return line
  }
}
