import { beforeEach, describe, expect, it } from 'vitest'
import {
  bytesCodec,
  directory,
  ErrorCode,
  FoundError,
  jsonCodec,
  transactional,
} from '../index.js'
import { Elevator, ElevatorDb } from './index.js'
import { dumpAll, forEachEngine, rejectsWith } from '../../test/harness.js'

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

forEachEngine('Elevator equivalents', ({ db }) => {
  const elevator = new Elevator()

  describe('named databases (directories)', () => {
    it('follows the seed: default, createdb, listdb, connect, dropdb', async () => {
      expect(await elevator.listdb(db())).toEqual(['default'])
      const e = await elevator.connect(db())
      expect(e.name).toBe('default')
      await elevator.createdb(db(), 'testdb')
      expect(await elevator.listdb(db())).toEqual(['default', 'testdb'])
      const t = await elevator.connect(db(), 'testdb')
      await rejectsWith(elevator.connect(db(), 'dbthatdoesntexist'), ErrorCode.notFound, /"dbthatdoesntexist" does not exist/)
      await t.put(db(), 'k', 'in testdb')
      await elevator.dropdb(db(), 'testdb')
      expect(await elevator.listdb(db())).toEqual(['default'])
      const again = await elevator.createdb(db(), 'testdb')
      expect(await again.get(db(), 'k')).toBeNull()
      expect(await transactional(db(), (tx) => directory.exists(tx, ['elevator', 'testdb']))).toBe(true)
    })

    it('keeps databases apart', async () => {
      const a = await elevator.connect(db())
      const b = await elevator.createdb(db(), 'other')
      await a.put(db(), 'k', 'a')
      await b.put(db(), 'k', 'b')
      expect([await a.get(db(), 'k'), await b.get(db(), 'k')]).toEqual(['a', 'b'])
      expect(await a.range(db(), '', '\uffff')).toEqual([['k', 'a']])
      const separate = new Elevator({ root: ['elsewhere'] })
      expect(await (await separate.connect(db())).get(db(), 'k')).toBeNull()
    })

    it('dropping default empties it', async () => {
      const e = await elevator.connect(db())
      await e.put(db(), 'k', 'v')
      await elevator.dropdb(db(), 'default')
      expect(await (await elevator.connect(db())).get(db(), 'k')).toBeNull()
    })

    it('refuses existing, missing and empty names, changing nothing', async () => {
      await elevator.createdb(db(), 'testdb')
      const before = await dumpAll(db())
      await rejectsWith(elevator.createdb(db(), 'testdb'), ErrorCode.alreadyExists, /"testdb" already exists/)
      await rejectsWith(elevator.dropdb(db(), 'nothere'), ErrorCode.notFound, /"nothere" does not exist/)
      await rejectsWith(elevator.createdb(db(), ''), ErrorCode.invalidArgument, /must not be empty/)
      await rejectsWith(elevator.connect(db(), ''), ErrorCode.invalidArgument, /must not be empty/)
      await expect(elevator.createdb(db(), ['a'] as never)).rejects.toThrow(TypeError)
      await expect(elevator.listdb('db' as never)).rejects.toThrow(TypeError)
      expect(await dumpAll(db())).toEqual(before)
      expect(() => new Elevator({ root: [] })).toThrow(FoundError)
      expect(() => new Elevator({ root: 'x' as never })).toThrow(TypeError)
      expect(() => new Elevator({ root: [''] })).toThrow(/must not be empty/)
      expect(() => new Elevator({ directory: {} as never })).toThrow(TypeError)
      expect(() => new Elevator({ values: {} as never })).toThrow(TypeError)
    })

    it('runs in a transaction of yours', async () => {
      await expect(
        transactional(db(), async (tx) => {
          await elevator.createdb(tx, 'rolledback')
          throw new Error('no')
        }),
      ).rejects.toThrow('no')
      expect(await elevator.listdb(db())).toEqual(['default'])
    })
  })

  describe('reads and writes', () => {
    let e: ElevatorDb<string, string>
    beforeEach(async () => {
      e = await elevator.connect(db())
    })

    it('follows the seed: Put, Get, MGet, Delete, Range, Slice, RangeIter', async () => {
      await e.put(db(), 'abc', '123')
      await e.put(db(), 'easy as', 'do re mi')
      expect(await e.get(db(), 'abc')).toBe('123')
      expect(await e.mget(db(), ['abc', 'easy as', 'you and me'])).toEqual(['123', 'do re mi', null])
      await e.delete(db(), 'abc')
      expect(await e.get(db(), 'abc')).toBeNull()
      await e.delete(db(), 'abc') // absent: nothing happens
      for (let i = 0; i < 10; i++) await e.put(db(), String(i), String(i))
      expect(await e.range(db(), '1', '9')).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => [k, k]))
      expect(await e.slice(db(), '1', 2)).toEqual([['1', '1'], ['2', '2']])
      expect(await e.slice(db(), '1', 0)).toEqual([])
      expect(await collect(e.rangeIter(db(), '1', '2'))).toEqual([['1', '1'], ['2', '2']])
      expect(await transactional(db(), (tx) => collect(e.rangeIter(tx, '8', '9')))).toEqual([['8', '8'], ['9', '9']])
      expect(await e.range(db(), '9', '1')).toEqual([])
    })

    it('range is inclusive of a key that is a prefix of others; slice runs to the end of the database', async () => {
      for (const k of ['a', 'ab', 'abc', 'b', 'b\u0000', 'c']) await e.put(db(), k, k)
      expect((await e.range(db(), 'ab', 'b')).map(([k]) => k)).toEqual(['ab', 'abc', 'b'])
      expect((await e.slice(db(), 'b', 100)).map(([k]) => k)).toEqual(['b', 'b\u0000', 'c'])
    })

    it('rangeIter reads any number of keys on a database', async () => {
      const big = new Elevator({ keys: bytesCodec, values: bytesCodec })
      const b = await big.connect(db(), 'default')
      await b.batch(db(), (batch) => {
        for (let i = 0; i < 20_000; i++) batch.put(Buffer.from(i.toString(16).padStart(8, '0')), Buffer.alloc(50))
      })
      let n = 0
      for await (const [k] of b.rangeIter(db(), Buffer.from('00000000'), Buffer.from('ffffffff'))) {
        expect(Buffer.from(k).toString()).toBe(n.toString(16).padStart(8, '0'))
        n++
      }
      expect(n).toBe(20_000)
    })

    it('works in a transaction of yours, read-your-writes included', async () => {
      await expect(
        transactional(db(), async (tx) => {
          await e.put(tx, 'x', '1')
          expect(await e.get(tx, 'x')).toBe('1')
          throw new Error('rollback')
        }),
      ).rejects.toThrow('rollback')
      expect(await e.get(db(), 'x')).toBeNull()
    })

    it('takes codecs', async () => {
      const json = await new Elevator<string, { n: number }>({ values: jsonCodec as never }).connect(db(), 'default')
      await json.put(db(), 'k', { n: 1 })
      expect(await json.get(db(), 'k')).toEqual({ n: 1 })
    })

    it('refuses bad input, storing nothing', async () => {
      const before = await dumpAll(db())
      await expect(e.put(db(), 5 as never, 'x')).rejects.toThrow(TypeError)
      await expect(e.put(db(), 'k', 5 as never)).rejects.toThrow(TypeError)
      await expect(e.get(db(), null as never)).rejects.toThrow(TypeError)
      await expect(e.mget(db(), 'abc' as never)).rejects.toThrow(TypeError)
      await expect(e.slice(db(), 'a', -1)).rejects.toThrow(TypeError)
      await expect(e.range({} as never, 'a', 'b')).rejects.toThrow(TypeError)
      await expect(collect(e.rangeIter({} as never, 'a', 'b'))).rejects.toThrow(TypeError)
      await expect(e.batch(db(), 'nope' as never)).rejects.toThrow(TypeError)
      await rejectsWith(e.put(db(), 'k'.repeat(10_001), 'v'), ErrorCode.keyTooLarge, /limit/)
      expect(await dumpAll(db())).toEqual(before)
    })
  })

  describe('WriteBatch', () => {
    it('follows the seed: Put, Put, Put, Delete, Write', async () => {
      const e = await elevator.connect(db())
      const batch = e.writeBatch()
      batch.put('a', 'a').put('b', 'b').put('c', 'c').delete('c')
      expect(batch.length).toBe(4)
      await batch.write(db())
      expect(batch.length).toBe(0)
      expect(await e.mget(db(), ['a', 'b', 'c'])).toEqual(['a', 'b', null])
    })

    it('as a scoped block: written at the end, or not at all when the block throws', async () => {
      const e = await elevator.createdb(db(), 'testdb')
      await e.batch(db(), (b) => {
        b.put('abc', '123')
        b.put('or simple as...', 'do re mi')
      })
      expect(await e.get(db(), 'or simple as...')).toBe('do re mi')
      await expect(
        e.batch(db(), (b) => {
          b.put('never', 'x')
          throw new Error('abort')
        }),
      ).rejects.toThrow('abort')
      expect(await e.get(db(), 'never')).toBeNull()
    })

    it('splits a large batch into transactions when asked to (split: true)', async () => {
      const e = await elevator.connect(db())
      const batch = e.writeBatch({ split: true, transactionBytes: 1_000_000 })
      for (let i = 0; i < 300; i++) batch.put(`k${String(i).padStart(3, '0')}`, 'v'.repeat(20_000))
      const done = await batch.write(db())
      expect(done.transactions).toBeGreaterThanOrEqual(6)
      expect((await e.slice(db(), 'k', 1000)).length).toBe(300)
    })

    it('checks what it queues', async () => {
      const e = await elevator.connect(db())
      const batch = e.writeBatch()
      expect(() => batch.put(1 as never, 'x')).toThrow(TypeError)
      expect(() => batch.put('k', {} as never)).toThrow(TypeError)
      expect(() => batch.delete(undefined as never)).toThrow(TypeError)
      expect(batch.length).toBe(0)
    })
  })
}, { skipAs: 'tests' })
