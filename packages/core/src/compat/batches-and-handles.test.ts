// Elevator's WriteBatch and AStorage's EntryBatch are atomic, as LevelDB's
// write batch is: a concurrent reader sees none of a batch or all of it
// (they used to be split into 1 MB transactions, and a reader saw 99, 198,
// 297 of 300 keys). A handle on a dropped Elevator database refuses writes
// (they used to go to a prefix no database uses, silently lost).
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError, pack, query, range, stringCodec, transactional, type Database, type Transaction } from '../index.js'
import { Elevator, Entries } from './index.js'
import { dumpAll, forEachEngine, rejectsWith } from '../../test/harness.js'

/** Reads, until `done` settles, how many keys lie in [begin, end); returns every count seen. */
async function countsWhile(db: Database, begin: Uint8Array, end: Uint8Array, done: Promise<unknown>): Promise<Set<number>> {
  const seen = new Set<number>()
  let finished = false
  void done.finally(() => {
    finished = true
  })
  while (!finished) {
    seen.add(await transactional(db, async (tx) => (await query(tx, begin, end).toArray()).length))
    await new Promise((r) => setTimeout(r, 0))
  }
  seen.add(await transactional(db, async (tx) => (await query(tx, begin, end).toArray()).length))
  return seen
}

forEachEngine('compat batches: one transaction, all or nothing', ({ db }) => {
  const elevator = new Elevator()

  it('a 3 MB WriteBatch of 300 puts is seen by a concurrent reader as 0 or 300 keys, never part', async () => {
    const e = await elevator.createdb(db(), 'atomic')
    const batch = e.writeBatch()
    for (let i = 0; i < 300; i++) batch.put(`k${String(i).padStart(3, '0')}`, 'v'.repeat(10_000))
    const { begin, end } = range(e.subspace.key())
    const write = batch.write(db())
    const seen = await countsWhile(db(), begin, end, write)
    const done = await write
    expect(done).toMatchObject({ operations: 300, transactions: 1 })
    expect([...seen].filter((n) => n !== 0 && n !== 300)).toEqual([])
    expect(seen.has(300)).toBe(true)
  })

  it('a batch over 10,000,000 bytes fails with 2101, writes nothing and keeps its queue; split: true writes it', async () => {
    const e = await elevator.createdb(db(), 'big')
    const before = await dumpAll(db())
    const batch = e.writeBatch()
    for (let i = 0; i < 1_050; i++) batch.put(`k${String(i).padStart(4, '0')}`, 'v'.repeat(10_000))
    await rejectsWith(batch.write(db()), ErrorCode.transactionTooLarge, /./)
    expect(await dumpAll(db())).toEqual(before)
    expect(batch.length).toBe(1_050)
    const split = e.writeBatch({ split: true })
    for (let i = 0; i < 1_050; i++) split.put(`k${String(i).padStart(4, '0')}`, 'v'.repeat(10_000))
    const done = await split.write(db())
    expect(done.transactions).toBeGreaterThan(1)
    expect((await e.slice(db(), 'k', 2_000)).length).toBe(1_050)
  })

  it('an EntryBatch is atomic too, unless split', async () => {
    const entries = new Entries(['queue'], stringCodec)
    const batch = entries.batch()
    for (let i = 0; i < 300; i++) batch.set([i], 'x'.repeat(10_000))
    const { begin, end } = range(pack(['queue']))
    const send = batch.send(db())
    const seen = await countsWhile(db(), begin, end, send)
    expect(await send).toMatchObject({ operations: 300, transactions: 1 })
    expect([...seen].filter((n) => n !== 0 && n !== 300)).toEqual([])
  })

  it('transactionBytes without split is refused: it would be ignored', async () => {
    const e = await elevator.connect(db())
    await rejectsWith(
      (async () => e.writeBatch({ transactionBytes: 1_000_000 }))(),
      ErrorCode.invalidArgument,
      /transactionBytes applies only with split: true/,
    )
    await rejectsWith(new Entries(['q'], stringCodec).batch().send(db(), { transactionBytes: 1_000 }), ErrorCode.invalidArgument, /only with split/)
    await rejectsWith((async () => e.writeBatch({ splt: true } as never))(), 'TypeError', /unknown option "splt" \(did you mean "split"\?\)/)
  })
})

forEachEngine('compat batches in a transaction of yours: the queue stays until you clear it', ({ db }) => {
  /** Runs `body` in a transaction whose first run fails with a conflict after `body`: it runs at least twice. */
  async function twice(body: (tx: Transaction) => Promise<unknown>): Promise<number> {
    let runs = 0
    await transactional(db(), async (tx) => {
      await body(tx)
      if (++runs === 1) throw new FoundError(ErrorCode.notCommitted, 'a conflict, as FoundationDB reports it')
    })
    return runs
  }

  it('WriteBatch.write(tx): a body that runs again writes the batch again; clear() empties it', async () => {
    const e = await new Elevator().connect(db())
    await e.put(db(), 'gone', 'old')
    const batch = e.writeBatch().put('a', '1').delete('gone')
    expect(await twice((tx) => batch.write(tx))).toBeGreaterThanOrEqual(2)
    expect(await e.mget(db(), ['a', 'gone'])).toEqual(['1', null])
    expect(batch.length).toBe(2)
    batch.clear()
    expect(batch.length).toBe(0)
    await batch.write(db())
    expect(await e.get(db(), 'a')).toBe('1')
  })

  it('EntryBatch.send(tx): a body that runs again sends the batch again; clear() empties it', async () => {
    const entries = new Entries(['queue'], stringCodec)
    await entries.set(db(), ['gone'], 'old')
    const batch = entries.batch().set(['a'], '1').delete(['gone'])
    expect(await twice((tx) => batch.send(tx))).toBeGreaterThanOrEqual(2)
    expect((await entries.range(db())).map((entry) => [entry.key, entry.value])).toEqual([[['a'], '1']])
    expect(batch.length).toBe(2)
    batch.clear()
    expect(batch.length).toBe(0)
    expect(await batch.send(db())).toMatchObject({ operations: 0 })
  })
})

forEachEngine('Elevator: a handle on a dropped database', ({ db }) => {
  const elevator = new Elevator()

  it('refuses put, delete and batches with notFound, and nothing lands', async () => {
    await elevator.createdb(db(), 'testdb')
    const stale = await elevator.connect(db(), 'testdb')
    await stale.put(db(), 'before', '1')
    await elevator.dropdb(db(), 'testdb')
    const afterDrop = await dumpAll(db())
    await rejectsWith(stale.put(db(), 'k', 'lost'), ErrorCode.notFound, /ElevatorDb.put: the database "testdb" was dropped/)
    await rejectsWith(stale.delete(db(), 'k'), ErrorCode.notFound, /was dropped/)
    await rejectsWith(stale.writeBatch().put('k', 'lost').write(db()), ErrorCode.notFound, /WriteBatch.write: the database "testdb" was dropped/)
    await rejectsWith(
      transactional(db(), (tx) => stale.put(tx, 'k', 'lost')),
      ErrorCode.notFound,
      /was dropped/,
    )
    expect(await dumpAll(db())).toEqual(afterDrop)
    const again = await elevator.createdb(db(), 'testdb')
    await rejectsWith(stale.put(db(), 'k', 'lost'), ErrorCode.notFound, /was dropped/)
    expect(await again.get(db(), 'k')).toBeNull()
    await again.put(db(), 'k', 'kept')
    expect(await again.get(db(), 'k')).toBe('kept')
  })
})

describe("Elevator: py-elevator's Range(start, limit)", () => {
  it('range(db, from, n) with an integer is a limit, as slice', async () => {
    const { open } = await import('../index.js')
    const database = await open()
    const e = await new Elevator().connect(database)
    for (let i = 0; i < 10; i++) await e.put(database, String(i), String(i))
    expect(await e.range(database, '1', 2)).toEqual([
      ['1', '1'],
      ['2', '2'],
    ])
    expect(await e.range(database, '1', 2)).toEqual(await e.slice(database, '1', 2))
    expect(await e.range(database, '1', '3')).toEqual([
      ['1', '1'],
      ['2', '2'],
      ['3', '3'],
    ])
    await database.close()
  })
})
