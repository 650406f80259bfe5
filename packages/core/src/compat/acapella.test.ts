import { beforeEach, describe, expect, it } from 'vitest'
import {
  cancel,
  commit,
  ErrorCode,
  FoundError,
  get,
  jsonCodec,
  jsonCodecOf,
  open,
  pack,
  set,
  stringCodec,
  Subspace,
  transaction,
  transactional,
  type Database,
  type TupleItem,
  type ValueCodec,
} from '../index.js'
import { Entries, Tree, type Entry } from './index.js'
import { dumpAll, forEachEngine, rejectsWith } from '../../test/harness.js'

const keysOf = (entries: ReadonlyArray<Entry<unknown>>): unknown[] => entries.map((e) => e.key)

forEachEngine('AStorage / AcapellaDB equivalents', ({ db, itWithoutFaults }) => {
  const store = new Entries(['acapella'], stringCodec)
  const key = ['foo', 'bar']

  describe('Entry: set, get, compare-and-set', () => {
    it('follows the seed: set, cas, then get gives the value and its version', async () => {
      const e1 = await store.set(db(), key, 'value 1')
      expect(e1).toMatchObject({ key, value: 'value 1' })
      expect(typeof e1.version).toBe('bigint')
      const e2 = await store.cas(db(), e1, 'value 2')
      expect(e2.version! > e1.version!).toBe(true)
      const read = await store.get(db(), key)
      expect(read).toEqual({ key, value: 'value 2', version: e2.version })
      expect(Object.isFrozen(read)).toBe(true)
    })

    it('an absent entry has value and version null', async () => {
      expect(await store.get(db(), ['nobody'])).toEqual({ key: ['nobody'], value: null, version: null })
    })

    it('cas fails with versionMismatch when the version moved, and leaves the data alone', async () => {
      const e1 = await store.set(db(), key, 'value 1')
      await store.set(db(), key, 'someone else')
      const before = await dumpAll(db())
      await rejectsWith(store.cas(db(), e1, 'value 2'), ErrorCode.versionMismatch, /\("foo", "bar"\) is at version \d+, but version \d+ was expected/)
      expect(await dumpAll(db())).toEqual(before)
      expect((await store.get(db(), key)).value).toBe('someone else')
    })

    it('cas on a deleted entry fails; versions keep growing across delete and re-create (no ABA)', async () => {
      const e1 = await store.set(db(), key, 'v1')
      expect(await store.delete(db(), key)).toBe(true)
      expect(await store.delete(db(), key)).toBe(false)
      await rejectsWith(store.cas(db(), e1, 'v2'), ErrorCode.versionMismatch, /does not exist/)
      expect(await dumpAll(db())).toEqual([])
      const e3 = await store.set(db(), key, 'v3')
      expect(e3.version! > e1.version!).toBe(true)
      await rejectsWith(store.cas(db(), e1, 'v4'), ErrorCode.versionMismatch, /is at version/)
      expect((await store.get(db(), key)).value).toBe('v3')
    })

    it('cas with version null creates only if absent', async () => {
      const created = await store.cas(db(), { key, version: null }, 'new')
      expect(created.value).toBe('new')
      await rejectsWith(store.cas(db(), { key, version: null }, 'again'), ErrorCode.versionMismatch, /it must not exist/)
      expect((await store.get(db(), key)).value).toBe('new')
    })

    it('of two concurrent cas from the same version, exactly one wins', async () => {
      const e = await store.set(db(), key, 'start')
      const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((v) => store.cas(db(), e, v)))
      const won = results.filter((r) => r.status === 'fulfilled')
      expect(won).toHaveLength(1)
      for (const r of results) if (r.status === 'rejected') expect((r.reason as FoundError).code).toBe(ErrorCode.versionMismatch)
      expect((await store.get(db(), key)).value).toBe((won[0] as PromiseFulfilledResult<Entry<string>>).value.value)
    })

    it('works in a scoped transaction (the seed\'s `async with session.transaction()`)', async () => {
      await store.set(db(), key, 'value 2')
      const e = await transactional(db(), async (tx) => {
        const entry = await store.get(tx, key)
        return store.cas(tx, entry, 'value 3')
      })
      expect((await store.get(db(), key)).version).toBe(e.version)
      await expect(
        transactional(db(), async (tx) => {
          await store.cas(tx, await store.get(tx, key), 'value 4')
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect((await store.get(db(), key)).value).toBe('value 3')
    })

    itWithoutFaults('commits a transaction by hand, with no retry loop')('works in a manual transaction with commit and rollback (cancel)', async () => {
      await store.set(db(), key, 'value 2')
      const tx = transaction(db())
      try {
        const entry = await store.get(tx, key)
        await store.cas(tx, entry, 'value 3')
        await commit(tx)
      } catch (err) {
        cancel(tx)
        throw err
      }
      expect((await store.get(db(), key)).value).toBe('value 3')
      const rolled = transaction(db())
      await store.cas(rolled, await store.get(rolled, key), 'never')
      cancel(rolled)
      expect((await store.get(db(), key)).value).toBe('value 3')
    })

    itWithoutFaults('commits a transaction by hand and expects exactly a conflict')('a manual transaction whose entry moved meanwhile fails to commit (conflict), then cas says why', async () => {
      const e = await store.set(db(), key, 'v1')
      const tx = transaction(db())
      await store.cas(tx, e, 'mine')
      await store.set(db(), key, 'theirs')
      await rejectsWith(commit(tx), ErrorCode.notCommitted, /conflict/)
      await rejectsWith(store.cas(db(), e, 'mine'), ErrorCode.versionMismatch, /version/)
      expect((await store.get(db(), key)).value).toBe('theirs')
    })

    it('getMany reads several entries', async () => {
      await store.set(db(), ['a'], '1')
      await store.set(db(), ['c'], '3')
      const got = await store.getMany(db(), [['a'], ['b'], ['c']])
      expect(got.map((e) => e.value)).toEqual(['1', null, '3'])
    })
  })

  describe('partition and clustering keys', () => {
    const users = new Entries(new Subspace(['app']), jsonCodecOf<{ age: number }>()).partition(['users'])

    it('scans inside a partition, with limit', async () => {
      await users.set(db(), ['first'], { age: 25 })
      await users.set(db(), ['second'], { age: 32 })
      await users.set(db(), ['third'], { age: 21 })
      await users.partition(['nested']).set(db(), ['x'], { age: 1 }) // another partition inside
      const other = new Entries(new Subspace(['app']), jsonCodec).partition(['admins'])
      await other.set(db(), ['root'], { age: 99 })
      const all = await users.range(db())
      expect(all.map((e) => [e.key[0], e.value?.age])).toEqual([['first', 25], ['nested', 1], ['second', 32], ['third', 21]])
      const two = await users.range(db(), { limit: 2 })
      expect(keysOf(two)).toEqual([['first'], ['nested', 'x']])
      const last = await users.range(db(), { reverse: true, limit: 1 })
      expect(keysOf(last)).toEqual([['third']])
    })

    it('pages a queue with first + limit (the AcapellaDB queue example)', async () => {
      const queue = new Entries(['queues'], jsonCodec).partition(['queue-1'])
      for (let b = 0; b < 10; b++) {
        const batch = queue.batch()
        for (let i = 0; i < 10; i++) batch.set([b * 10 + i], b * 10 + i) // time-ordered ids
        expect(batch.length).toBe(10)
        await batch.send(db())
        expect(batch.length).toBe(0)
      }
      const seen: unknown[] = []
      let first: readonly TupleItem[] = []
      for (let page = 0; page < 10; page++) {
        const data = await queue.range(db(), { first, limit: 10 })
        expect(data).toHaveLength(10)
        for (const e of data) seen.push(e.value)
        first = data[data.length - 1]!.key
      }
      expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i))
      expect(await queue.range(db(), { first, limit: 10 })).toEqual([])
      const interval = await queue.range(db(), { first: [41], last: [45] })
      expect(interval.map((e) => e.value)).toEqual([42, 43, 44])
      let n = 0
      for await (const e of queue.scan(db(), { first: [89] })) expect(e.value).toBe(90 + n++)
      expect(n).toBe(10)
    })

    it('batches split into transactions, join a transaction, and delete', async () => {
      const big = new Entries(['big'], stringCodec)
      const batch = big.batch()
      for (let i = 0; i < 200; i++) batch.set([i], 'x'.repeat(10_000))
      const done = await batch.send(db(), { split: true, transactionBytes: 500_000 })
      expect(done.operations).toBe(200)
      expect(done.transactions).toBeGreaterThanOrEqual(4)
      expect((await big.range(db())).length).toBe(200)
      const del = big.batch()
      for (let i = 0; i < 200; i += 2) del.delete([i])
      await transactional(db(), (tx) => del.send(tx))
      expect((await big.range(db())).map((e) => e.key[0])).toEqual(Array.from({ length: 100 }, (_, i) => 2 * i + 1))
    })
  })

  describe('trees and cursors', () => {
    const tree = new Tree(['test', 'tree'], stringCodec)
    beforeEach(async () => {
      for (const [k, v] of [['a', '1'], ['b', '2'], ['c', '3'], ['d', '4'], ['e', '5']] as const) await tree.cursor([k]).set(db(), v)
      await new Tree(['test', 'other'], stringCodec).set(db(), ['z'], 'elsewhere')
    })

    it('next and prev of a key', async () => {
      expect((await tree.cursor(['b']).next(db()))?.key).toEqual(['c'])
      expect((await tree.cursor(['b']).prev(db()))?.key).toEqual(['a'])
      expect((await tree.next(db(), ['bb']))?.value).toBe('3') // the key itself need not exist
      expect(await tree.next(db(), ['e'])).toBeNull()
      expect(await tree.prev(db(), ['a'])).toBeNull()
      expect((await tree.cursor(['c']).get(db())).value).toBe('3')
    })

    it('range(first, last, limit) excludes first and last, as the seed', async () => {
      const data = await tree.range(db(), { first: ['a'], last: ['d'], limit: 2 })
      expect(keysOf(data)).toEqual([['b'], ['c']])
      expect(keysOf(await tree.range(db(), { first: ['a'], last: ['d'] }))).toEqual([['b'], ['c']])
      expect(keysOf(await tree.range(db(), { first: ['d'] }))).toEqual([['e']])
      expect(keysOf(await tree.range(db(), { last: ['b'] }))).toEqual([['a']])
      expect(await tree.range(db(), { first: ['d'], last: ['a'] })).toEqual([])
    })

    it('walks with cursors inside a transaction', async () => {
      const walked = await transactional(db(), async (tx) => {
        const out: unknown[] = []
        let e: Entry<string> | null = await tree.cursor(['a']).get(tx)
        while (e !== null) {
          out.push(e.key[0])
          e = await tree.cursor(e.key).next(tx)
        }
        return out
      })
      expect(walked).toEqual(['a', 'b', 'c', 'd', 'e'])
      expect(await tree.cursor(['e']).delete(db())).toBe(true)
      expect((await tree.cursor(['d']).next(db()))).toBeNull()
      expect((await tree.cursor(['d']).prev(db()))?.key).toEqual(['c'])
      expect(tree.partition(['x'])).toBeInstanceOf(Tree)
    })
  })

  describe('bad input', () => {
    it('wrong types are TypeErrors, and nothing is stored', async () => {
      expect(() => new Entries('users' as never, stringCodec)).toThrow(TypeError)
      expect(() => new Entries(['users'], {} as never)).toThrow(TypeError)
      await expect(store.get(db(), 'foo' as never)).rejects.toThrow(TypeError)
      await expect(store.set(db(), ['k'], 42 as never)).rejects.toThrow(TypeError)
      await expect(store.set(db(), [undefined] as never, 'x')).rejects.toThrow(TypeError)
      await expect(store.set({} as never, ['k'], 'x')).rejects.toThrow(/Database or a Transaction/)
      await expect(store.cas(db(), { key: ['k'], version: 1 } as never, 'x')).rejects.toThrow(/bigint or null/)
      await expect(store.cas(db(), null as never, 'x')).rejects.toThrow(TypeError)
      await expect(store.range(db(), { limit: -1 })).rejects.toThrow(TypeError)
      await expect(store.range(db(), { first: 'a' as never })).rejects.toThrow(TypeError)
      await expect(store.getMany(db(), 'a' as never)).rejects.toThrow(TypeError)
      expect(() => new Tree(['t'], stringCodec).cursor('a' as never)).toThrow(TypeError)
      expect(await dumpAll(db())).toEqual([])
    })

    it('empty keys are FoundErrors naming the problem', async () => {
      await rejectsWith(store.set(db(), [], 'x'), ErrorCode.invalidArgument, /must not be empty/)
      expect(() => store.partition([])).toThrow(/must not be empty/)
      expect(await dumpAll(db())).toEqual([])
    })

    it('corrupt stored data is a FoundError (corruptData)', async () => {
      await transactional(db(), (tx) => set(tx, store.subspace.pack(['short']), Buffer.from([1, 2])))
      await rejectsWith(store.get(db(), ['short']), ErrorCode.corruptData, /too short to hold a version/)
      const broken: ValueCodec<string> = {
        encode: (s) => Buffer.from(s),
        decode: () => {
          throw new Error('cannot parse')
        },
      }
      const fragile = new Entries(['fragile'], broken)
      await fragile.set(db(), ['k'], 'v')
      await rejectsWith(fragile.get(db(), ['k']), ErrorCode.corruptData, /\("k"\).*could not be decoded \(cannot parse\)/)
      expect(await transactional(db(), (tx) => get(tx, pack(['fragile', 'k'])))).not.toBeNull()
    })
  })
}, { skipAs: 'tests' })

describe('AStorage entries when a commit reports 1021 after applying it', () => {
  it('cas returns the entry its applied attempt wrote, delete reports true, and versions only grow', async () => {
    const db = await open({ faults: { rate: 1, seed: 2, kinds: ['unknownApplied'] } })
    try {
      const store = new Entries(['retry'], stringCodec)
      const v1 = await store.set(db, ['k'], 'one')
      const v2 = await store.cas(db, v1, 'two') // ran again on top of its own write: no versionMismatch
      expect(v2.value).toBe('two')
      expect(v2.version!).toBeGreaterThan(v1.version!)
      const now = await store.get(db, ['k'])
      expect(now.value).toBe('two')
      expect(now.version!).toBeGreaterThanOrEqual(v2.version!)
      await rejectsWith(store.cas(db, v1, 'stale'), ErrorCode.versionMismatch, /version/) // a stale entry still fails
      expect(await store.delete(db, ['k'])).toBe(true)
      expect(await store.delete(db, ['k'])).toBe(false)
    } finally {
      await db.close()
    }
  })
})

