import { closeSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { bufferedStdout } from './log-destination'
import { tempDataDir } from './test/sqlite-file'

/** Reads `path` until it holds `length` characters. */
async function contentOf(path: string, length: number): Promise<string> {
  let text = readFileSync(path, 'utf8')
  while (text.length < length) {
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
})
