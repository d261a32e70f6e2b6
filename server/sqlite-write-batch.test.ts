import { openSqlite, type SqliteConnection } from './sqlite-driver'
import { createWriteBatch } from './sqlite-write-batch'
import { tempSqlitePath } from './test/sqlite-file'

const opened: SqliteConnection[] = []
function open(path: string) {
  const db = openSqlite(path)
  opened.push(db)
  return db
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

function setUp() {
  const path = tempSqlitePath()
  const db = open(path)
  db.exec('PRAGMA journal_mode = WAL; CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)')
  const other = open(path)
  const insert = db.prepare<[number, string | null]>('INSERT INTO notes (id, text) VALUES (?, ?)')
  const seenByOther = () =>
    other.prepare<[], { id: number }>('SELECT group_concat(id) AS id FROM notes').get()?.id?.toString() ?? ''
  return { db, insert, seenByOther }
}

describe('batched SQLite writes', () => {
  it('runs the writes asked for in one turn in one transaction, and settles them once it has committed', async () => {
    const { db, insert, seenByOther } = setUp()
    const batched = createWriteBatch(db)
    const seenDuringSecond: string[] = []
    const writes = [
      batched(() => insert.run(1, 'one')),
      batched(() => {
        insert.run(2, 'two')
        // Another connection does not see the first write yet: both are in one open transaction.
        seenDuringSecond.push(seenByOther())
      }),
    ]
    expect(seenByOther()).toBe('')
    await Promise.all(writes)
    expect(seenDuringSecond).toEqual([''])
    expect(seenByOther()).toBe('1,2')
  })

  it('rolls back a write that throws, alone: the others of its turn commit', async () => {
    const { db, insert, seenByOther } = setUp()
    const batched = createWriteBatch(db)
    const results = await Promise.allSettled([
      batched(() => insert.run(1, 'one')),
      batched(() => {
        insert.run(2, 'two')
        insert.run(3, null)
      }),
      batched(() => insert.run(4, 'four')),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(seenByOther()).toBe('1,4')
  })

  it('runs the writes of a turn in order, each seeing those before it, also when one of them throws', async () => {
    const { db, insert, seenByOther } = setUp()
    const batched = createWriteBatch(db)
    const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM notes')
    const countThenInsert = (id: number) => () => {
      const before = count.get()?.n ?? -1
      insert.run(id, `after ${before}`)
      return before
    }
    const results = await Promise.allSettled([
      batched(countThenInsert(1)),
      batched(() => insert.run(1, 'a second note 1')),
      batched(countThenInsert(2)),
    ])
    expect(results).toEqual([
      { status: 'fulfilled', value: 0 },
      { status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('UNIQUE') }) },
      { status: 'fulfilled', value: 1 },
    ])
    expect(seenByOther()).toBe('1,2')
  })

  it('fails every write of a turn whose transaction cannot start, and works again after', async () => {
    const { db, insert, seenByOther } = setUp()
    const batched = createWriteBatch(db)
    db.exec('BEGIN')
    const refused = await Promise.allSettled([batched(() => insert.run(1, 'one')), batched(() => insert.run(2, 'two'))])
    db.exec('ROLLBACK')
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    await batched(() => insert.run(3, 'three'))
    expect(seenByOther()).toBe('3')
  })
})
