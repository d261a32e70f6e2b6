// stdout for the server's log: lines gather in memory and leave in one asynchronous write per ~15 KB. pino's
// own buffered writer (sonic-boom) measures the UTF-8 length of its whole pending buffer on every line, which
// cost a tenth of a logged read's time once the buffer was large enough to save writes; here each line costs
// an array push and the buffer is measured once per write.
import { writeSync } from 'node:fs'
import pino from 'pino'

/** A log destination that can be flushed. */
export interface BufferedLog {
  /** Takes one formatted line (pino calls this). */
  write(line: string): void
  /** Starts writing whatever is gathered; what is gathered at exit is written then, synchronously. */
  flush(): void
}

/** Lines gather up to this many characters (UTF-16 units, about as many bytes for a JSON log) before a write. */
export const LOG_BUFFER_CHARS = 15 * 1024

/** stdout (or `fd`), buffered: asynchronous writes of about `limit` characters; at exit, the rest synchronously. */
export function bufferedStdout(limit: number = LOG_BUFFER_CHARS, fd = 1): BufferedLog {
  // Each write leaves at once when none is under way; pino's destination also flushes itself at exit.
  const out = pino.destination({ dest: fd, sync: false, minLength: 0 })
  let lines: string[] = []
  let size = 0
  const take = () => {
    const chunk = lines.join('')
    lines = []
    size = 0
    return chunk
  }
  // Registered after the destination's own exit flush, so what it still held is written first.
  const atExit = () => {
    try {
      out.flushSync()
    } catch {
      // Nothing pending, or an asynchronous write still under way: the lines below follow it.
    }
    if (lines.length > 0) writeSync(fd, take())
  }
  process.once('exit', atExit)
  return {
    write(line) {
      lines.push(line)
      size += line.length
      if (size >= limit) out.write(take())
    },
    flush() {
      if (lines.length > 0) out.write(take())
    },
  }
}
