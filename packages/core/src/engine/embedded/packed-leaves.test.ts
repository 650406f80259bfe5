import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { gte } from '../../keys/selector.js'
import type { EngineTransaction } from '../types.js'
import { LiveData } from './live.js'
import { PackedLeaves, type TreeLeaf } from './packed-leaves.js'
import { scanForRange, type StoredView } from './scan.js'
import type { Key } from './keyspace.js'
import { b, withEmbeddedEngine } from '../../../test/harness.js'

/** The live data as a read at the newest version sees it (nothing changed since). */
const viewOf = (live: LiveData): StoredView => ({ live, changedKeys: () => [], valueAt: () => null })

/** What a read of [lo, hi) must give: the model's pairs in range, in scan order, cut at max. */
function expected(model: Map<Key, string>, lo: Key, hi: Key, reverse: boolean, max: number): { pairs: Array<[Key, string]>; done: boolean } {
  const all = [...model].filter(([k]) => k >= lo && k < hi).sort(([a], [b]) => (a < b ? -1 : 1))
  if (reverse) all.reverse()
  return { pairs: all.slice(0, max), done: all.length <= max }
}

/** Reads [lo, hi) through scanForRange and checks every way a batch hands out its pairs against the model. */
function readAndCheck(live: LiveData, model: Map<Key, string>, lo: Key, hi: Key, reverse: boolean, max: number): void {
  const want = expected(model, lo, hi, reverse, max)
  const batch = scanForRange(viewOf(live), null, lo, hi, reverse, max)
  expect(batch.length).toBe(want.pairs.length)
  expect(batch.done).toBe(want.done)
  expect(batch.lastKey).toBe(want.pairs.at(-1)?.[0])
  const packed = batch.pack!()
  const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1')
  expect([...packed].map(([k, v]) => [latin1(k), latin1(v)])).toEqual(want.pairs)
  expect(packed.bytes.length).toBe(want.pairs.reduce((bytes, [k, v]) => bytes + k.length + v.length, 0)) // no stray bytes after the pairs
  // at() in order, then backwards (its cursor must find earlier runs again), then past the end.
  const order = [...want.pairs.keys(), ...[...want.pairs.keys()].reverse()]
  expect(order.map((i) => batch.at(i)!.map(latin1))).toEqual(order.map((i) => want.pairs[i]))
  expect(batch.at(want.pairs.length)).toBeUndefined()
  expect(batch.at(-1)).toBeUndefined()
}

const key = fc.stringMatching(/^[a-f]{1,3}$/)
const command = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), key, value: fc.option(fc.stringMatching(/^[a-z]{0,4}$/), { freq: 4 }) }),
  fc.record({ kind: fc.constant('writeMany' as const), from: key, count: fc.integer({ min: 1, max: 120 }), value: fc.stringMatching(/^[a-z]{0,2}$/) }),
  fc.record({ kind: fc.constant('read' as const), lo: fc.stringMatching(/^[a-f]{0,3}$/), hi: fc.stringMatching(/^[a-g]{1,3}$/), reverse: fc.boolean(), max: fc.integer({ min: 1, max: 400 }) }),
)

describe('packed leaves (range reads of the memory engine copy whole leaves)', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('a range read gives what a sorted model gives, after any mix of creates, overwrites, deletes and repeated reads', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 40 }), fc.integer({ min: 200, max: 20_000 }), (commands, budget) => {
        const live = new LiveData(null, budget)
        const model = new Map<Key, string>()
        let version = 0
        for (const c of commands) {
          if (c.kind === 'write') {
            live.write(c.key, c.value === null ? null : b(c.value), ++version)
            if (c.value === null) model.delete(c.key)
            else model.set(c.key, c.value)
          } else if (c.kind === 'writeMany') {
            // Many adjacent keys: leaves fill, split and (deleted again later) merge.
            for (let i = 0; i < c.count; i++) {
              const k = c.from + String(i).padStart(3, '0')
              live.write(k, b(c.value + i), ++version)
              model.set(k, c.value + i)
            }
          } else {
            // Twice: a read that takes half a leaf packs it, small reads add up until they do, so both paths are checked.
            readAndCheck(live, model, c.lo, c.hi, c.reverse, c.max)
            readAndCheck(live, model, c.lo, c.hi, c.reverse, c.max)
          }
        }
        readAndCheck(live, model, '', '\xff', false, 100_000)
        readAndCheck(live, model, '', '\xff', false, 100_000)
        expect(live.packedLeaves!.heldBytes).toBeLessThanOrEqual(Math.max(budget, 0) + 4_096)
      }),
      { numRuns: 150, seed: 15 },
    )
  })

  it('a packed leaf follows an overwrite, a delete and a create of one of its keys', () => {
    const live = new LiveData()
    const model = new Map<Key, string>()
    for (let i = 0; i < 200; i++) {
      const k = 'k' + String(i).padStart(3, '0')
      live.write(k, b('v' + i), i + 1)
      model.set(k, 'v' + i)
    }
    readAndCheck(live, model, 'k', 'l', false, 1_000) // packs every leaf (each read whole)
    expect(live.packedLeaves!.heldBytes).toBeGreaterThan(0)
    live.write('k050', b('changed'), 300)
    model.set('k050', 'changed')
    readAndCheck(live, model, 'k', 'l', false, 1_000)
    live.write('k051', null, 301)
    model.delete('k051')
    readAndCheck(live, model, 'k040', 'k060', false, 1_000)
    live.write('k0505', b('new'), 302)
    model.set('k0505', 'new')
    readAndCheck(live, model, 'k', 'l', false, 1_000)
    readAndCheck(live, model, 'k049', 'k0506', false, 3)
  })

  it('packs a leaf when a read takes half of it or once small reads have read as many keys as it holds', () => {
    const live = new LiveData()
    for (let i = 0; i < 40; i++) live.write('k' + String(i).padStart(2, '0'), b('v'), i + 1) // one leaf (the root)
    const leaves = live.packedLeaves!
    scanForRange(viewOf(live), null, 'k00', 'k19', false, 100) // 19 of 40 keys: less than half
    expect(leaves.heldBytes).toBe(0)
    scanForRange(viewOf(live), null, 'k00', 'k05', false, 100) // 24 of 40 read so far
    scanForRange(viewOf(live), null, 'k10', 'k25', false, 100) // 39
    expect(leaves.heldBytes).toBe(0)
    scanForRange(viewOf(live), null, 'k30', 'k31', false, 100) // 40: as many as the leaf holds
    const held = leaves.heldBytes
    expect(held).toBeGreaterThan(0)
    scanForRange(viewOf(live), null, 'k00', 'k40', false, 100) // already packed: nothing new
    expect(leaves.heldBytes).toBe(held)

    const other = new LiveData()
    for (let i = 0; i < 40; i++) other.write('k' + String(i).padStart(2, '0'), b('v'), i + 1)
    scanForRange(viewOf(other), null, 'k00', 'k20', false, 100) // 20 of 40: half, packed at once
    expect(other.packedLeaves!.heldBytes).toBe(held)
  })

  it('a batch over packed and unpacked leaves gives every pair in order, each copied once', () => {
    const live = new LiveData()
    const model = new Map<Key, string>()
    for (let i = 0; i < 1_000; i++) {
      const k = 'k' + String(i).padStart(4, '0')
      live.write(k, b('v' + i), i + 1)
      model.set(k, 'v' + i)
    }
    // Pack the leaves of the middle of the key space only, then read across: unpacked, packed, unpacked leaves.
    scanForRange(viewOf(live), null, 'k0400', 'k0600', false, 1_000)
    expect(live.packedLeaves!.heldBytes).toBeGreaterThan(0)
    const edges = [...live.keys.keys()].filter((_, i) => i % 7 === 0)
    for (const lo of ['k0300', 'k0399', 'k0401', ...edges.slice(0, 20)]) {
      readAndCheck(live, model, lo, 'k0700', false, 1_000)
      readAndCheck(live, model, lo, 'k0700', false, 150)
    }
    // A small read of unpacked leaves alone is the pairs as read (no run).
    readAndCheck(live, model, 'k0900', 'k0903', false, 10)
  })

  it('a packed leaf is marked shared, marks its entries, and holds its bytes in a Buffer of its own (no pool slab kept alive)', () => {
    const keys = ['a', 'b', 'c']
    const entries = keys.map(() => ({ packed: false }))
    const leaf: TreeLeaf = { keys, values: entries, isShared: undefined }
    const packed = new PackedLeaves().of(leaf, 0, 3, (key) => key.toUpperCase())!
    expect([...packed].map(([k, v]) => Buffer.from(k).toString() + Buffer.from(v).toString())).toEqual(['aA', 'bB', 'cC'])
    expect(leaf.isShared).toBe(true)
    expect(entries.every((entry) => entry.packed)).toBe(true)
    expect(packed.bytes.byteOffset).toBe(0)
    expect(packed.bytes.buffer.byteLength).toBe(packed.bytes.byteLength)
  })

  it('past the budget, every packed leaf is dropped before the next is packed', () => {
    const leafOf = (prefix: string): TreeLeaf => ({ keys: [prefix + '1', prefix + '2'], values: [{ packed: false }, { packed: false }], isShared: undefined })
    const size = 2 * 2 + 2 * 1 + 5 * 4 // two 2-byte keys, two 1-byte values, 5 offsets of 4 bytes
    const leaves = new PackedLeaves(2 * size)
    const first = leafOf('a')
    const packedFirst = leaves.of(first, 0, 2, () => 'v')
    leaves.of(leafOf('b'), 0, 2, () => 'v')
    expect(leaves.heldBytes).toBe(2 * size) // exactly the budget: both kept
    expect(leaves.of(first, 0, 2, () => 'v')).toBe(packedFirst)
    leaves.of(leafOf('c'), 0, 2, () => 'v') // one more: the others go
    expect(leaves.heldBytes).toBe(size)
    const again = leaves.of(first, 0, 2, () => 'v')
    expect(again).not.toBe(packedFirst) // packed anew (dropped with the others)
    expect(leaves.heldBytes).toBe(2 * size)
  })

  it('through the engine: an older read version reads a changed packed leaf as it was, a newer one as it is', async () => {
    const seed = Object.fromEntries(Array.from({ length: 300 }, (_, i) => ['k' + String(i).padStart(3, '0'), 'v' + i]))
    await withEmbeddedEngine(async (engine) => {
      const options = { limit: 0, reverse: false, mode: 'want_all', snapshot: true } as const
      const readAll = async (tx: EngineTransaction): Promise<string[]> => {
        const out: string[] = []
        for await (const batch of tx.getRange(gte(b('k')), gte(b('l')), options)) {
          for (const [k, v] of batch.pack!()) out.push(Buffer.from(k).toString() + '=' + Buffer.from(v).toString())
        }
        return out
      }
      const before = Object.entries(seed).map(([k, v]) => k + '=' + v)
      const old = engine.createTransaction()
      expect(await readAll(old)).toEqual(before)
      expect(await readAll(old)).toEqual(before) // every leaf read whole: packed
      const writer = engine.createTransaction()
      writer.set(b('k150'), b('changed'))
      writer.clear(b('k151'))
      writer.set(b('k1505'), b('new'))
      await writer.commit()
      expect(await readAll(old)).toEqual(before)
      const after = before.filter((pair) => !pair.startsWith('k151=')).map((pair) => (pair.startsWith('k150=') ? 'k150=changed' : pair))
      after.splice(after.indexOf('k150=changed') + 1, 0, 'k1505=new')
      const fresh = engine.createTransaction()
      expect(await readAll(fresh)).toEqual(after)
      expect(await readAll(fresh)).toEqual(after)
    }, seed)
  })

  it('a re-read of a packed leaf reads no entry; a small first read reads only the entries it returns', () => {
    const live = new LiveData()
    for (let i = 0; i < 40; i++) live.write('k' + String(i).padStart(2, '0'), b('v' + i), i + 1) // one leaf (the root)
    const storedOf = vi.spyOn(live, 'storedOf')
    const small = scanForRange(viewOf(live), null, 'k10', 'k15', false, 100)
    expect(storedOf).toHaveBeenCalledTimes(5)
    expect(small.lastKey).toBe('k14')
    scanForRange(viewOf(live), null, 'k00', 'k40', false, 100) // packs the leaf: reads each entry once
    expect(storedOf).toHaveBeenCalledTimes(5 + 40)
    const again = scanForRange(viewOf(live), null, 'k10', 'k20', false, 100)
    expect(storedOf).toHaveBeenCalledTimes(5 + 40)
    expect([...again.pack!()].map(([k, v]) => Buffer.from(k).toString() + '=' + Buffer.from(v).toString())).toEqual(
      Array.from({ length: 10 }, (_, i) => `k${10 + i}=v${10 + i}`),
    )
  })

  it('holds 128 MiB of packed leaves by default', () => {
    expect(new LiveData().packedLeaves!.budget).toBe(128 * 2 ** 20)
  })

  it('a durable store (values evicted to disk) packs nothing, and its forward range reads read the values from disk', () => {
    const disk = new Map<Key, Buffer>()
    const live = new LiveData((key) => disk.get(key))
    expect(live.packedLeaves).toBeNull()
    const model = new Map<Key, string>()
    for (let i = 0; i < 100; i++) {
      const k = 'k' + String(i).padStart(3, '0')
      live.write(k, b('v' + i), i + 1)
      disk.set(k, b('v' + i))
      model.set(k, 'v' + i)
    }
    live.evict(0, 100) // every value on disk only
    expect(live.hotBytes).toBe(0)
    readAndCheck(live, model, 'k', 'l', false, 1_000)
    readAndCheck(live, model, 'k', 'l', false, 30)
    readAndCheck(live, model, 'k', 'l', false, 1_000)
  })
})
