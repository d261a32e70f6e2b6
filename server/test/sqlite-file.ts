import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const made: string[] = []
// Test processes end between files: every folder made here goes with the process that made it.
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** A fresh folder for a test's data, removed when the test process exits. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'miniauth-data-'))
  made.push(dir)
  return dir
}

/** A path for a new SQLite file in a fresh folder (the file does not exist yet). */
export function tempSqlitePath(): string {
  return join(tempDataDir(), 'miniauth.sqlite')
}
