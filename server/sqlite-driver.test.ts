import { defaultSqliteDriver, openSqlite, sqliteResultCode } from './sqlite-driver'
import { tempSqlitePath } from './test/sqlite-file'

describe('the SQLite driver choice', () => {
  it('uses better-sqlite3 before Node 24 and the built-in node:sqlite from Node 24 on', () => {
    expect(defaultSqliteDriver('20.20.2')).toBe('better-sqlite3')
    expect(defaultSqliteDriver('22.23.3')).toBe('better-sqlite3')
    expect(defaultSqliteDriver('24.0.0')).toBe('node:sqlite')
    expect(defaultSqliteDriver('26.1.0')).toBe('node:sqlite')
  })

  it("opens this Node's driver and reads rows as plain objects", () => {
    const db = openSqlite(tempSqlitePath())
    try {
      expect(db.driver).toBe(defaultSqliteDriver())
      db.exec('CREATE TABLE t (a INTEGER, b TEXT)')
      expect(Number(db.prepare<[number, string]>('INSERT INTO t VALUES (?, ?)').run(1, 'x').changes)).toBe(1)
      expect(db.prepare<[number], { a: number; b: string }>('SELECT a, b FROM t WHERE a = ?').get(1)).toEqual({
        a: 1,
        b: 'x',
      })
      expect(db.prepare<[number]>('SELECT a FROM t WHERE a = ?').get(2)).toBeUndefined()
    } finally {
      db.close()
      db.close()
    }
  })
})

describe('SQLite result codes of driver errors', () => {
  it("reads better-sqlite3's named codes, extended ones by their primary code", () => {
    expect(sqliteResultCode({ code: 'SQLITE_BUSY' })).toBe('BUSY')
    expect(sqliteResultCode({ code: 'SQLITE_IOERR_SHORT_READ' })).toBe('IOERR')
    expect(sqliteResultCode({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' })).toBe('CONSTRAINT')
  })

  it("reads node:sqlite's numeric codes, extended ones by their low byte", () => {
    expect(sqliteResultCode({ code: 'ERR_SQLITE_ERROR', errcode: 5 })).toBe('BUSY')
    expect(sqliteResultCode({ code: 'ERR_SQLITE_ERROR', errcode: 13 })).toBe('FULL')
    // SQLITE_IOERR_WRITE = SQLITE_IOERR | (3 << 8)
    expect(sqliteResultCode({ code: 'ERR_SQLITE_ERROR', errcode: 10 | (3 << 8) })).toBe('IOERR')
  })

  it('is null for errors that are not SQLite results', () => {
    expect(sqliteResultCode(new TypeError('x'))).toBeNull()
    expect(sqliteResultCode({ code: 'ENOENT' })).toBeNull()
    expect(sqliteResultCode('SQLITE_BUSY')).toBeNull()
  })
})
