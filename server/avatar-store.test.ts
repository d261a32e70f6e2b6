import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { avatarFileName, createDirectoryAvatarStore } from './avatar-store'
import { fixtureImage } from './test/multipart'

describe('the directory avatar store', () => {
  it('writes an avatar under its content hash and reads it back, leaving no temporary file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'miniauth-avatars-')), 'nested')
    const store = createDirectoryAvatarStore(dir)
    const bytes = fixtureImage('png')
    const name = avatarFileName(bytes, 'image/png')
    expect(name).toMatch(/^[0-9a-f]{64}\.png$/)
    await store.put(name, { bytes, mime: 'image/png' })
    await store.put(name, { bytes, mime: 'image/png' })
    expect(readdirSync(dir)).toEqual([name])
    expect(readFileSync(join(dir, name)).equals(bytes)).toBe(true)
    expect(await store.get(name)).toEqual({ bytes, mime: 'image/png' })
  })

  it('finds nothing for names that are not content-hashed avatars, so no path leaves its folder', async () => {
    const store = createDirectoryAvatarStore(mkdtempSync(join(tmpdir(), 'miniauth-avatars-')))
    for (const name of ['../package.json', `${'0'.repeat(64)}.png`, `${'0'.repeat(64)}.svg`, 'a.png']) {
      expect(await store.get(name)).toBeNull()
    }
    await expect(store.put(`${'0'.repeat(64)}.png`, { bytes: Buffer.from('x'), mime: 'image/jpeg' })).rejects.toThrow()
  })
})
