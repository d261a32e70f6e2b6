import { closeSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { bufferedStdout } from './log-destination'
import { tempDataDir } from './test/sqlite-file'

/** Reads `path` until it holds `length` characters, or for a second at most: what it then holds. */
async function contentOf(path: string, length: number): Promise<string> {
  let text = readFileSync(path, 'utf8')
  for (let waited = 0; text.length < length && waited < 1000; waited += 10) {
    await sleep(10)
    text = readFileSync(path, 'utf8')
  }
  return text
}

describe('the buffered log destination', () => {
  const opened: number[] = []
  afterEach(() => {
    for (const fd of opened.splice(0)) closeSync(fd)
  })
  function logFile() {
    const path = join(tempDataDir(), 'server.log')
    const fd = openSync(path, 'w')
    opened.push(fd)
    return { path, fd }
  }
  const line = (n: number) => `{"msg":"line ${String(n).padStart(4, '0')}","text":"登录 ${'x'.repeat(40)}"}\n`

  it('holds lines until they fill its buffer, then writes them together, whole and in order', async () => {
    const { path, fd } = logFile()
    const log = bufferedStdout(1000, fd)
    const lines = Array.from({ length: 30 }, (_, n) => line(n))
    for (const text of lines.slice(0, 10)) log.write(text)
    // Under the limit: nothing is written yet (a write would start at once, there being none under way).
    await sleep(20)
    expect(readFileSync(path, 'utf8')).toBe('')
    for (const text of lines.slice(10)) log.write(text)
    const written = lines.join('')
    const beforeFlush = await contentOf(path, 1)
    expect(written.startsWith(beforeFlush)).toBe(true)
    log.flush()
    expect(await contentOf(path, written.length)).toBe(written)
  })

  it('writes a line longer than its whole buffer on its own, whole, between the lines around it', async () => {
    const { path, fd } = logFile()
    const log = bufferedStdout(300, fd)
    // 200 UTF-16 units of three UTF-8 bytes each: 600 bytes, twice the buffer.
    const long = `{"msg":"${'登录'.repeat(100)}"}\n`
    const lines = [line(1), line(2), long, line(3)]
    for (const text of lines) log.write(text)
    log.flush()
    const written = lines.join('')
    expect(await contentOf(path, written.length)).toBe(written)
  })

  it('keeps every byte of lines of many-byte characters, which take more bytes than characters', async () => {
    const { path, fd } = logFile()
    // 43 characters, 103 bytes of UTF-8: a buffer counted in characters would take a third line it has no
    // room for.
    const log = bufferedStdout(250, fd)
    const lines = Array.from({ length: 40 }, (_, n) => `{"msg":"${String(n).padStart(2, '0')}${'登录'.repeat(15)}"}\n`)
    for (const text of lines) log.write(text)
    log.flush()
    const written = lines.join('')
    expect(await contentOf(path, written.length)).toBe(written)
  })

  it('writes to a regular file in place: a filled buffer is in the file when the write that filled it returns', () => {
    const { path, fd } = logFile()
    const log = bufferedStdout(1000, fd)
    const lines = Array.from({ length: 30 }, (_, n) => line(n))
    for (const text of lines) log.write(text)
    // Read at once, in the same turn: a worker thread's write could not have landed yet.
    const text = readFileSync(path, 'utf8')
    expect(text.length).toBeGreaterThan(0)
    expect(lines.join('').startsWith(text)).toBe(true)
  })
})
