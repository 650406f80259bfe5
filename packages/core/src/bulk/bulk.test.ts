import { describe, expect, it } from 'vitest'
import {
  bulkWrite,
  BulkWriter,
  ErrorCode,
  FoundError,
  get,
  pack,
  query,
  range,
  scanAll,
  set,
  transactional,
  type BulkOperation,
  type BulkProgress,
  type Database,
} from '../index.js'
import { dumpAll, forEachEngine, rejectsWith } from '../../test/harness.js'

const VALUE = 50_000
const ROWS = 600 // 600 × 50 KB = 30 MB

function put(i: number, size = 8, prefix = 'b'): BulkOperation {
  return { type: 'put', key: pack([prefix, i]), value: Buffer.alloc(size, i % 251) }
}

forEachEngine('bulk writer', ({ db }) => {
  it('writes 30 MB in several transactions, each well under the limit, reporting progress', async () => {
    const progress: BulkProgress[] = []
    const done = await bulkWrite(db(), Array.from({ length: ROWS }, (_, i) => put(i, VALUE)), { onProgress: (p) => progress.push(p) })
    expect(done.operations).toBe(ROWS)
    expect(done.transactions).toBeGreaterThanOrEqual(20) // 1 MB budget: ~20 rows per transaction
    expect(progress).toHaveLength(done.transactions)
    expect(progress.at(-1)).toEqual(done)
    let before = { operations: 0, bytes: 0 }
    for (const [i, p] of progress.entries()) {
      expect(p.transactions).toBe(i + 1)
      expect(p.operations).toBeGreaterThan(before.operations)
      expect(p.bytes - before.bytes).toBeGreaterThan(0)
      expect(p.bytes - before.bytes).toBeLessThanOrEqual(1_000_000) // the budget, far under 10,000,000
      before = p
    }
    expect(done.bytes).toBeGreaterThanOrEqual(ROWS * VALUE)
    const { begin, end } = range(pack(['b']))
    let n = 0
    let bytes = 0
    for await (const [, v] of scanAll(db(), begin, end)) {
      expect(v[0]).toBe(n % 251)
      n++
      bytes += v.length
    }
    expect(n).toBe(ROWS)
    expect(bytes).toBe(ROWS * VALUE)
  })

  it('takes a larger budget, and streams from an async generator', async () => {
    async function* source(): AsyncGenerator<BulkOperation> {
      for (let i = 0; i < ROWS; i++) yield put(i, VALUE)
    }
    const done = await bulkWrite(db(), source(), { transactionBytes: 5_000_000 })
    expect(done.operations).toBe(ROWS)
    expect(done.transactions).toBeGreaterThanOrEqual(6)
    expect(done.transactions).toBeLessThanOrEqual(8)
  })

  it('applies puts, deletes and range clears in order', async () => {
    await bulkWrite(db(), [put(1), put(2), put(3), { type: 'delete', key: pack(['b', 2]) }, put(10, 8, 'c'), put(11, 8, 'c')])
    const c = range(pack(['c']))
    const done = await bulkWrite(db(), [{ type: 'clearRange', begin: c.begin, end: c.end }, put(12, 8, 'c'), put(2)], { transactionBytes: 60 })
    expect(done).toMatchObject({ operations: 3, transactions: 3 })
    const keys = (await transactional(db(), (tx) => query(tx, Buffer.alloc(0), Buffer.from([0xff])).toArray())).map(([k]) => k)
    expect(keys).toEqual([pack(['b', 1]), pack(['b', 2]), pack(['b', 3]), pack(['c', 12])])
  })

  it('writes nothing for bad input in an array, and names the operation', async () => {
    await bulkWrite(db(), [put(0)])
    const before = await dumpAll(db())
    const bad: Array<[unknown, 'TypeError' | number, RegExp]> = [
      [{ type: 'put', key: 'k', value: Buffer.alloc(1) }, 'TypeError', /#3 \(put\): key must be a Uint8Array/],
      [{ type: 'put', key: pack(['x']) }, 'TypeError', /#3 \(put\): value/],
      [{ type: 'upsert', key: pack(['x']) }, 'TypeError', /#3: type must be 'put', 'delete' or 'clearRange'/],
      [null, 'TypeError', /#3 must be an object/],
      [{ type: 'put', key: Buffer.alloc(10_001), value: Buffer.alloc(1) }, ErrorCode.keyTooLarge, /#3.*10001 bytes/],
      [{ type: 'put', key: pack(['x']), value: Buffer.alloc(100_001) }, ErrorCode.valueTooLarge, /#3.*100001 bytes/],
      [{ type: 'delete', key: Buffer.from([0xff, 1]) }, ErrorCode.keyOutsideLegalRange, /#3.*system keyspace/],
      [{ type: 'clearRange', begin: pack(['z']), end: pack(['a']) }, ErrorCode.invertedRange, /#3.*begin sorts after end/],
    ]
    for (const [op, type, message] of bad) {
      await rejectsWith(bulkWrite(db(), [put(1), put(2), put(3), op as BulkOperation, put(4)], { transactionBytes: 50 }), type, message)
    }
    expect(await dumpAll(db())).toEqual(before)
  })

  it('refuses bad arguments', async () => {
    await rejectsWith(bulkWrite({} as never, []), 'TypeError', /db must be a Database/)
    await rejectsWith(bulkWrite(db(), 42 as never), 'TypeError', /must be an iterable/)
    await rejectsWith(bulkWrite(db(), [], { transactionBytes: 0 }), 'TypeError', /transactionBytes/)
    await rejectsWith(bulkWrite(db(), [], { transactionBytes: 20_000_000 }), ErrorCode.invalidOptionValue, /at most 9,000,000/)
    await rejectsWith(bulkWrite(db(), [], { onProgress: 'yes' as never }), 'TypeError', /onProgress/)
    expect(() => new BulkWriter({ transactionBytes: -5 })).toThrow(TypeError)
    expect(await bulkWrite(db(), [])).toEqual({ operations: 0, transactions: 0, bytes: 0 })
  })

  it('from a stream, stops at bad input; the error says what was already committed', async () => {
    function* source(): Generator<BulkOperation> {
      for (let i = 0; i < 10; i++) yield put(i)
      yield { type: 'put', key: 'oops' } as never
      yield put(99)
    }
    await rejectsWith(bulkWrite(db(), source(), { transactionBytes: 100 }), 'TypeError', /#10 \(put\).*earlier operations were already committed/)
    const { begin, end } = range(pack(['b']))
    const stored = await transactional(db(), (tx) => query(tx, begin, end).toArray())
    expect(stored.length).toBeGreaterThan(0)
    expect(stored.length).toBeLessThan(10)
    expect(await transactional(db(), (tx) => get(tx, pack(['b', 99])))).toBeNull()
  })

  describe('BulkWriter', () => {
    it('queues and writes (LevelDB WriteBatch: put, delete, write)', async () => {
      const batch = new BulkWriter()
      batch.put(pack(['a']), Buffer.from('a')).put(pack(['b']), Buffer.from('b')).put(pack(['c']), Buffer.from('c'))
      batch.delete(pack(['c']))
      expect(batch.length).toBe(4)
      expect(batch.bytes).toBeGreaterThan(0)
      const done = await batch.write(db())
      expect(done).toMatchObject({ operations: 4, transactions: 1 })
      expect(batch.length).toBe(0)
      const read = await transactional(db(), async (tx) => [await get(tx, pack(['a'])), await get(tx, pack(['b'])), await get(tx, pack(['c']))])
      expect(read.map((v) => v && Buffer.from(v).toString())).toEqual(['a', 'b', null])
    })

    it('copies what it queues', async () => {
      const key = Buffer.from(pack(['k']))
      const value = Buffer.from('before')
      const batch = new BulkWriter().put(key, value)
      value.write('AFTER!')
      key[key.length - 2] = 0x6d
      await batch.write(db())
      expect(Buffer.from((await transactional(db(), (tx) => get(tx, pack(['k']))))!).toString()).toBe('before')
    })

    it('joins a transaction of yours: nothing is written when it fails', async () => {
      const batch = new BulkWriter().put(pack(['x']), Buffer.from('1'))
      await expect(
        transactional(db(), async (tx) => {
          await batch.write(tx)
          throw new Error('changed my mind')
        }),
      ).rejects.toThrow('changed my mind')
      expect(await dumpAll(db())).toEqual([])
      const again = new BulkWriter().put(pack(['x']), Buffer.from('1'))
      expect(await transactional(db(), (tx) => again.write(tx))).toEqual({ operations: 1, transactions: 0, bytes: 0 })
      expect(await dumpAll(db())).toHaveLength(1)
      expect(again.length).toBe(1) // kept: the transaction's body may run again
    })

    it('in a transaction of yours, a body that runs again writes the batch again', async () => {
      const batch = new BulkWriter().put(pack(['x']), Buffer.from('1')).delete(pack(['y']))
      await transactional(db(), (tx) => set(tx, pack(['y']), Buffer.from('old')))
      let runs = 0
      await transactional(db(), async (tx) => {
        await batch.write(tx)
        if (++runs === 1) throw new FoundError(ErrorCode.notCommitted, 'a conflict, as FoundationDB reports it')
      })
      expect(runs).toBeGreaterThanOrEqual(2)
      expect(await dumpAll(db())).toEqual([[Buffer.from(pack(['x'])).toString('hex'), Buffer.from('1').toString('hex')]])
    })

    it('keeps what was not committed after a failure, so writing again finishes the job', async () => {
      const calls: number[] = []
      let fail = true
      const batch = new BulkWriter({
        transactionBytes: 200,
        onProgress: (p) => {
          calls.push(p.operations)
          if (fail && p.transactions === 2) throw new Error('progress sink broke')
        },
      })
      for (let i = 0; i < 20; i++) batch.put(pack(['w', i]), Buffer.from('x'))
      await expect(batch.write(db())).rejects.toThrow('progress sink broke')
      const committed = calls.at(-1)!
      expect(batch.length).toBe(20 - committed)
      fail = false
      await batch.write(db())
      expect(batch.length).toBe(0)
      const { begin, end } = range(pack(['w']))
      expect(await transactional(db(), (tx) => query(tx, begin, end).toArray())).toHaveLength(20)
    })

    it('checks each operation where it is queued', () => {
      const batch = new BulkWriter()
      expect(() => batch.put('k' as never, Buffer.alloc(1))).toThrow(TypeError)
      expect(() => batch.put(pack(['k']), 'v' as never)).toThrow(TypeError)
      expect(() => batch.delete(Buffer.alloc(10_001))).toThrow(FoundError)
      expect(() => batch.clearRange(pack(['z']), pack(['a']))).toThrow(/begin sorts after end/)
      expect(batch.length).toBe(0)
      batch.put(pack(['k']), Buffer.alloc(1))
      batch.clear()
      expect(batch.length).toBe(0)
      expect(batch.bytes).toBe(0)
    })

    it('refuses a write target that is neither a database nor a transaction', async () => {
      await expect(new BulkWriter().write({} as never)).rejects.toThrow(TypeError)
    })
  })
}, { skipAs: 'tests' })
