import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openEmbeddedStore, sqlitePathFrom } from './store-from-env'
import { tempDataDir } from './test/sqlite-file'

describe('the embedded store location', () => {
  it('is .data/miniauth.sqlite under the working directory by default', () => {
    expect(sqlitePathFrom({}, '/srv/miniauth')).toBe('/srv/miniauth/.data/miniauth.sqlite')
  })

  it('follows DATA_DIR, relative or absolute', () => {
    expect(sqlitePathFrom({ DATA_DIR: 'var' }, '/srv/miniauth')).toBe('/srv/miniauth/var/miniauth.sqlite')
    expect(sqlitePathFrom({ DATA_DIR: '/var/lib/miniauth' }, '/srv')).toBe('/var/lib/miniauth/miniauth.sqlite')
  })

  it('takes SQLITE_PATH over DATA_DIR', () => {
    expect(sqlitePathFrom({ SQLITE_PATH: '/db/users.db', DATA_DIR: '/var/lib/miniauth' }, '/srv')).toBe('/db/users.db')
  })

  it('opens a durable sqlite store there', async () => {
    const dir = tempDataDir()
    const store = openEmbeddedStore({ DATA_DIR: dir })
    try {
      expect(store.kind).toBe('sqlite')
      expect(await store.ping()).toBe(true)
    } finally {
      await store.close()
    }
  })

  it('names the file and the variables to set when the folder cannot be made', () => {
    // A data folder below a regular file cannot exist, for root too.
    const file = join(tempDataDir(), 'not-a-folder')
    writeFileSync(file, '')
    expect(() => openEmbeddedStore({ DATA_DIR: join(file, 'data') })).toThrow(
      /not-a-folder\/data\/miniauth\.sqlite.*DATA_DIR.*SQLITE_PATH/,
    )
  })
})
