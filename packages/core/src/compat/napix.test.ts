import { describe, expect, it, vi } from 'vitest'
import {
  add,
  bytesCodec,
  ErrorCode,
  FoundError,
  get,
  littleEndian,
  open,
  pack,
  set,
  Subspace,
  transactional,
} from '../index.js'
import { Counter, Store } from './index.js'
import { dumpAll, forEachEngine, rejectsWith } from '../../test/harness.js'

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b)
const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1)

forEachEngine('napix equivalents', ({ db }) => {
  describe('Store', () => {
    it('behaves like a dict: get, set, delete, has, keys, values, entries, drop', async () => {
      const store = new Store('collection_name')
      expect(store.name).toBe('collection_name')
      await store.set(db(), 'value', 12)
      await store.set(db(), 'value2', { deep: ['x'] })
      await store.set(db(), 'value1', 'text')
      expect(await store.get(db(), 'value')).toBe(12)
      expect(await store.get(db(), 'missing')).toBeUndefined()
      expect(await store.has(db(), 'value1')).toBe(true)
      expect(await store.has(db(), 'missing')).toBe(false)
      expect(await store.keys(db())).toEqual(['value', 'value1', 'value2'])
      expect(await store.values(db())).toEqual([12, 'text', { deep: ['x'] }])
      expect(await store.entries(db())).toEqual([['value', 12], ['value1', 'text'], ['value2', { deep: ['x'] }]])
      expect(await store.delete(db(), 'value1')).toBe(true)
      expect(await store.delete(db(), 'value1')).toBe(false)
      expect(await store.keys(db())).toEqual(['value', 'value2'])
      await store.drop(db())
      expect(await store.keys(db())).toEqual([])
      expect(await dumpAll(db())).toEqual([])
    })

    it('keeps collections apart; drop removes only its own', async () => {
      const a = new Store('a')
      const ab = new Store('ab')
      const elsewhere = new Store('a', { subspace: new Subspace(['mine']) })
      await a.set(db(), 'k', 1)
      await ab.set(db(), 'k', 2)
      await elsewhere.set(db(), 'k', 3)
      await a.drop(db())
      expect(await a.get(db(), 'k')).toBeUndefined()
      expect(await ab.get(db(), 'k')).toBe(2)
      expect(await elsewhere.get(db(), 'k')).toBe(3)
    })

    it('joins a transaction of yours', async () => {
      const store = new Store('tx')
      await expect(
        transactional(db(), async (tx) => {
          await store.set(tx, 'k', 1)
          expect(await store.get(tx, 'k')).toBe(1)
          throw new Error('rollback')
        }),
      ).rejects.toThrow('rollback')
      expect(await store.has(db(), 'k')).toBe(false)
    })

    it('takes a codec', async () => {
      const blobs = new Store<Uint8Array>('blobs', { codec: bytesCodec })
      await blobs.set(db(), 'b', Buffer.from([1, 2]))
      expect(Buffer.from((await blobs.get(db(), 'b'))!)).toEqual(Buffer.from([1, 2]))
    })

    it('refuses bad input, storing nothing', async () => {
      expect(() => new Store('')).toThrow(FoundError)
      expect(() => new Store('')).toThrow(/name must not be empty/)
      expect(() => new Store(5 as never)).toThrow(TypeError)
      expect(() => new Store('x', { subspace: ['x'] as never })).toThrow(TypeError)
      expect(() => new Store('x', { codec: 'json' as never })).toThrow(TypeError)
      expect(() => new Store('x', null as never)).toThrow(TypeError)
      const store = new Store('s')
      await expect(store.get(db(), 5 as never)).rejects.toThrow(TypeError)
      await expect(store.set(db(), 'k', undefined as never)).rejects.toThrow(TypeError)
      await expect(store.set(db(), 'k', { n: NaN })).rejects.toThrow(TypeError)
      await expect(store.delete(db(), [] as never)).rejects.toThrow(TypeError)
      await expect(store.keys('db' as never)).rejects.toThrow(TypeError)
      expect(await dumpAll(db())).toEqual([])
      await transactional(db(), (tx) => set(tx, store.subspace.pack(['bad']), Buffer.from('{')))
      await rejectsWith(store.get(db(), 'bad'), ErrorCode.corruptData, /"bad".*not JSON/)
    })
  })

  describe('Counter', () => {
    it('increments and resets (napix: increment returns the new value, reset the old one)', async () => {
      const ids = new Counter('my-service-id')
      expect(await ids.value(db())).toBe(0)
      expect(await ids.increment(db())).toBe(1)
      expect(await ids.increment(db())).toBe(2)
      expect(await ids.increment(db(), 8)).toBe(10)
      expect(await ids.increment(db(), -3)).toBe(7)
      expect(await ids.reset(db())).toBe(7)
      expect(await ids.value(db())).toBe(0)
      expect(await ids.reset(db(), 100)).toBe(0)
      expect(await ids.value(db())).toBe(100)
      expect(`scp-${String(await ids.increment(db())).padStart(3, '0')}`).toBe('scp-101')
    })

    it('100 concurrent increments give exactly +100, each a distinct value', async () => {
      const c = new Counter('hits')
      await c.reset(db(), 1000)
      const got = await Promise.all(Array.from({ length: 100 }, () => c.increment(db())))
      expect(await c.value(db())).toBe(1100)
      expect(sorted(got)).toEqual(upTo(100).map((i) => 1000 + i))
    })

    it('a reset among concurrent increments never loses an update', async () => {
      const c = new Counter('mixed')
      const incs = Array.from({ length: 60 }, () => c.increment(db()))
      const reset = c.reset(db())
      const more = Array.from({ length: 40 }, () => c.increment(db()))
      const [values, old] = await Promise.all([Promise.all([...incs, ...more]), reset])
      const after = await c.value(db())
      // Serializable: the increments before the reset returned 1..old, those after it 1..after.
      expect(old + after).toBe(100)
      expect(sorted(values)).toEqual(sorted([...upTo(old), ...upTo(after)]))
    })

    it('joins a transaction of yours, and works with the atomic add', async () => {
      const c = new Counter('tx')
      await expect(
        transactional(db(), async (tx) => {
          await c.increment(tx, 5)
          throw new Error('rollback')
        }),
      ).rejects.toThrow('rollback')
      expect(await c.value(db())).toBe(0)
      // A blind atomic add is applied again when its body re-runs after an applied 1021 (as on
      // FoundationDB): made idempotent the usual way, by a marker checked and written with it.
      const marker = pack(['napix-test', 'added 5'])
      await transactional(db(), async (tx) => {
        if ((await get(tx, marker)) !== null) return
        set(tx, marker, Buffer.from('1'))
        add(tx, c.key, littleEndian(5))
      })
      expect(await c.increment(db())).toBe(6)
      // In a transaction of yours, tokens make each increment count once even if the body runs
      // again after an applied 1021 (without them it would count again: the documented caveat).
      const two = await transactional(db(), async (tx) => [
        await c.increment(tx, 1, { token: 'first' }),
        await c.increment(tx, 1, { token: 'second' }),
      ])
      expect(two).toEqual([7, 8])
      expect(await c.value(db())).toBe(8)
    })

    it('refuses bad input, changing nothing', async () => {
      expect(() => new Counter('')).toThrow(/name must not be empty/)
      expect(() => new Counter(null as never)).toThrow(TypeError)
      const c = new Counter('c')
      await c.increment(db(), 3)
      const before = await dumpAll(db())
      await expect(c.increment(db(), 1.5)).rejects.toThrow(TypeError)
      await expect(c.increment(db(), '1' as never)).rejects.toThrow(TypeError)
      await expect(c.reset(db(), NaN)).rejects.toThrow(TypeError)
      await expect(c.value({} as never)).rejects.toThrow(TypeError)
      expect(await dumpAll(db())).toEqual(before)
      await c.reset(db(), Number.MAX_SAFE_INTEGER)
      await rejectsWith(c.increment(db()), ErrorCode.invalidArgument, /would pass/)
      expect(await c.value(db())).toBe(Number.MAX_SAFE_INTEGER)
      await transactional(db(), (tx) => set(tx, c.key, Buffer.from([1, 2, 3])))
      await rejectsWith(c.value(db()), ErrorCode.corruptData, /not an 8-byte integer/)
    })
  })
}, { skipAs: 'tests' })

describe('napix Counter when a commit reports 1021 after applying it', () => {
  // Every attempt but each fourth one is applied and then reported as 1021: the body runs 4 times.
  const alwaysApplied = () => open({ faults: { rate: 1, seed: 9, kinds: ['unknownApplied'] } })

  it('counts each acknowledged increment and reset exactly once, and returns the first result', async () => {
    const db = await alwaysApplied()
    const c = new Counter('once')
    expect(await c.increment(db)).toBe(1)
    expect(await c.increment(db, 4)).toBe(5)
    expect(await c.value(db)).toBe(5)
    expect(await c.reset(db, 100)).toBe(5)
    expect(await c.increment(db)).toBe(101)
    expect(await c.value(db)).toBe(101)
    await db.close()
  })

  it('in a transaction of yours, a token makes it exactly once; without one the body counts on each applied run', async () => {
    const db = await alwaysApplied()
    const c = new Counter('tx')
    expect(await transactional(db, (tx) => c.increment(tx, 1, { token: 'order-1' }))).toBe(1)
    expect(await transactional(db, (tx) => c.increment(tx, 1, { token: 'order-1' }))).toBe(1) // a replay of the same order
    expect(await c.value(db)).toBe(1)
    await transactional(db, (tx) => c.increment(tx)) // no token: the caveat in Counter's TSDoc
    expect(await c.value(db)).toBe(5)
    await expect(c.increment(db, 1, { token: '' })).rejects.toThrow(/token must not be empty/)
    await expect(c.increment(db, 1, { tokn: 'x' } as never)).rejects.toThrow(/unknown option "tokn" \(did you mean "token"\?\)/)
    await db.close()
  })

  it('receipts older than their lifetime are cleared by later updates', async () => {
    const db = await open()
    const c = new Counter('sweep', { subspace: new Subspace(['sweep-test']) })
    const now = Date.now()
    const clock = vi.spyOn(Date, 'now')
    try {
      clock.mockReturnValue(now - 11 * 60_000)
      for (let i = 0; i < 5; i++) await c.increment(db)
      clock.mockReturnValue(now)
      await c.increment(db)
      // The counter, and the receipt (by token and by age) of the last increment only.
      expect(await dumpAll(db)).toHaveLength(3)
    } finally {
      clock.mockRestore()
      await db.close()
    }
  })
})

