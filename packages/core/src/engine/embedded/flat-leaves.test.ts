import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { gte } from '../../keys/selector.js'
import type { EngineTransaction } from '../types.js'
import { LiveData } from './live.js'
import { FlatLeaf, FlatLeaves } from './flat-leaves.js'
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

describe('flat leaves (range reads of the memory engine copy whole leaves)', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('a range read gives what a sorted model gives, after any mix of creates, overwrites, deletes and reads', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 40 }), (commands) => {
        const live = new LiveData()
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
            readAndCheck(live, model, c.lo, c.hi, c.reverse, c.max)
          }
        }
        readAndCheck(live, model, '', '\xff', false, 100_000)
        checkLeaves(live.flat!, model, live)
      }),
      { numRuns: 200, seed: 15 },
    )
  })

  it('leaves stay within 64 pairs and 8 KiB, split evenly, and a leaf left small takes in the next', () => {
    const live = new LiveData()
    const model = new Map<Key, string>()
    const put = (k: Key, v: string | null): void => {
      live.write(k, v === null ? null : b(v), 1)
      if (v === null) model.delete(k)
      else model.set(k, v)
    }
    // Appended in one batch: 1,000 pairs in even leaves of at most 64.
    for (let i = 0; i < 1_000; i++) put('k' + String(i).padStart(4, '0'), 'v')
    checkLeaves(live.flat!, model, live)
    expect(live.flat!.leafCount).toBe(16) // ceil(1000 / 64), each of 62 or 63 pairs
    // One more key into a full leaf, read between each: split into two of 32 / 33.
    for (let i = 0; i < 100; i++) {
      put('k0500' + String(i).padStart(3, '0'), 'w')
      readAndCheck(live, model, 'k05', 'k06', false, 1_000)
    }
    checkLeaves(live.flat!, model, live)
    // Big values: a leaf holds at most 8 KiB of pairs (one bigger pair alone).
    for (let i = 0; i < 20; i++) put('m' + String(i).padStart(2, '0'), 'x'.repeat(3_000))
    put('n', 'y'.repeat(20_000))
    checkLeaves(live.flat!, model, live)
    // Removing most keys: no leaf of fewer than 16 pairs is left behind a rewrite, but at the very end.
    const before = live.flat!.leafCount
    for (let i = 0; i < 1_000; i++) if (i % 10 !== 0) put('k' + String(i).padStart(4, '0'), null)
    checkLeaves(live.flat!, model, live)
    expect(live.flat!.leafCount).toBeLessThan(before)
    // Everything removed: no leaf, no byte.
    for (const k of [...model.keys()]) put(k, null)
    expect(live.flat!.leafCount).toBe(0)
    expect(live.flat!.heldBytes).toBe(0)
    readAndCheck(live, model, '', '\xff', false, 10)
  })

  it('a leaf lives in a page of a slab (256 B to 8 KiB, at most twice its bytes unless it is the smallest), a pair over 8 KiB in a Buffer of its own', () => {
    const live = new LiveData()
    live.write('a', b('A'), 1)
    live.write('b', b('BB'), 2)
    live.write('c', b('x'.repeat(300_000)), 3)
    live.write('d', b('D'), 4)
    const leaves: FlatLeaf[] = []
    live.flat!.walk('', '\xff', 10, (leaf) => leaves.push(leaf))
    expect(leaves.map((leaf) => leaf.keys)).toEqual([['a', 'b'], ['c'], ['d']]) // 8 KiB at most in a leaf of more than one pair
    const [ab, c, d] = leaves as [FlatLeaf, FlatLeaf, FlatLeaf]
    expect(ab.bytes.length).toBe(2 ** 20)
    expect(ab.capacity).toBe(256)
    expect(d.bytes.buffer).toBe(ab.bytes.buffer) // pages of one size share a slab
    expect(d.base).not.toBe(ab.base)
    expect(ab.offsets).toEqual([0, 1, 2, 3, 5])
    expect(ab.bytes.toString('latin1', ab.base, ab.base + 5)).toBe('aAbBB')
    expect(c.bytes.length).toBe(300_001)
    expect(c.base).toBe(0)
    expect(live.flat!.heldBytes).toBe(5 + 300_001 + 2)
  })

  it('reuses pages: rewriting the same data over and over makes no new slab, and a leaf that shrank moves to a smaller page', () => {
    const live = new LiveData()
    const model = new Map<Key, string>()
    const flat = live.flat!
    const put = (k: Key, v: string | null, version: number): void => {
      live.write(k, v === null ? null : b(v), version)
      if (v === null) model.delete(k)
      else model.set(k, v)
    }
    // 2,000 keys with values of 50 to 150 bytes, rewritten with other lengths (pages grow and shrink) and read between rounds.
    for (let round = 0; round < 30; round++) {
      for (let i = 0; i < 2_000; i++) put('k' + String(i).padStart(4, '0'), String(round % 10).repeat(50 + ((i * 7 + round * 13) % 100)), round + 1)
      readAndCheck(live, model, 'k0100', 'k1900', false, 10_000)
      if (round === 2) expect(flat.slabBytes).toBeGreaterThan(0)
    }
    const slabs = flat.slabBytes
    for (let round = 30; round < 60; round++) {
      for (let i = 0; i < 2_000; i++) put('k' + String(i).padStart(4, '0'), String(round % 10).repeat(50 + ((i * 7 + round * 13) % 100)), round + 1)
      readAndCheck(live, model, 'k0100', 'k1900', false, 10_000)
    }
    expect(flat.slabBytes).toBe(slabs)
    checkLeaves(flat, model, live)
    // Every value cut to one byte: the leaves move to smaller pages.
    const before = flat.pageBytes
    for (let i = 0; i < 2_000; i++) put('k' + String(i).padStart(4, '0'), 'v', 61)
    checkLeaves(flat, model, live)
    expect(flat.pageBytes).toBeLessThan(before / 4)
  })

  it('a batch keeps what it read when the leaves change in place after it; a second pack is a copy of its own', () => {
    const live = new LiveData()
    for (let i = 0; i < 40; i++) live.write('k' + String(i).padStart(2, '0'), b('v' + i), 1)
    const batch = scanForRange(viewOf(live), null, 'k10', 'k20', false, 100)
    for (let i = 0; i < 40; i++) live.write('k' + String(i).padStart(2, '0'), i % 2 === 0 ? null : b('changed'), 2)
    live.write('k105', b('new'), 2)
    scanForRange(viewOf(live), null, '', '\xff', false, 100) // the changes go into the leaf, in place
    const want = Array.from({ length: 10 }, (_, i) => `k${10 + i}=v${10 + i}`)
    const text = (pairs: Iterable<[Uint8Array, Uint8Array]>): string[] => [...pairs].map(([k, v]) => Buffer.from(k).toString() + '=' + Buffer.from(v).toString())
    expect(Array.from({ length: 10 }, (_, i) => batch.at(i)!).map(([k, v]) => Buffer.from(k).toString() + '=' + Buffer.from(v).toString())).toEqual(want)
    const first = batch.pack!()
    expect(text(first)).toEqual(want)
    const second = batch.pack!()
    expect(second.bytes).not.toBe(first.bytes)
    first.bytes.fill(0)
    expect(text(second)).toEqual(want)
  })

  it('an overwrite of a key a batch put in a leaf goes into the leaf at once; one that takes the leaf past 8 KiB splits it at once', () => {
    const live = new LiveData()
    const flat = live.flat!
    const model = new Map<Key, string>()
    for (let i = 0; i < 40; i++) {
      live.write('k' + String(i).padStart(2, '0'), b('v'), 1)
      model.set('k' + String(i).padStart(2, '0'), 'v')
    }
    expect(flat.leafCount).toBe(1) // the batch goes in
    const pending = (): number => (flat as unknown as { pending: Key[] }).pending.length
    live.write('k07', b('seven'), 2)
    model.set('k07', 'seven')
    expect(pending()).toBe(0)
    checkLeaves(flat, model, live)
    // 40 values of 300 bytes: 12 KiB in one leaf, split as soon as it passes 8 KiB.
    for (let i = 0; i < 40; i++) {
      const k = 'k' + String(i).padStart(2, '0')
      live.write(k, b('x'.repeat(300)), 3)
      model.set(k, 'x'.repeat(300))
    }
    expect(flat.leafCount).toBeGreaterThan(1)
    // The keys a split moved go with a batch (their entries still point to the first part); the others at once.
    checkLeaves(flat, model, live)
    readAndCheck(live, model, '', '\xff', false, 100)
    for (const value of ['y', 'z']) {
      for (const k of model.keys()) {
        live.write(k, b(value.repeat(300)), 4)
        model.set(k, value.repeat(300))
      }
      readAndCheck(live, model, '', '\xff', false, 100)
    }
    // The 'y' round sent each key a split had moved through a batch, which pointed its entry anew: the 'z' round went in at once.
    for (const k of model.keys()) expect(live.entry(k)!.leaf!.keys).toContain(k)
    live.write('k00', b('last'), 5)
    expect(pending()).toBe(0)
  })

  it('changes wait until a range read comes (or 16,384 of them wait), then go into the leaves at once', () => {
    const live = new LiveData()
    const flat = live.flat!
    const walk = vi.spyOn(flat, 'walk')
    for (let i = 0; i < 16_383; i++) live.write('k' + String(i).padStart(5, '0'), b(''), 1)
    expect((flat as unknown as { pending: Key[] }).pending.length).toBe(16_383)
    live.write('k16383', b('last'), 1) // fills the batch: it goes in with this write's value
    expect((flat as unknown as { pending: Key[] }).pending.length).toBe(0)
    const leaves: string[] = []
    flat.walk('k16383', 'k16384', 10, (leaf, from) => leaves.push(leaf.bytes.toString('latin1', leaf.base + leaf.offsets[2 * from + 1]!, leaf.base + leaf.offsets[2 * from + 2]!)))
    expect(leaves).toEqual(['last'])
    live.write('k16384', b('x'), 1)
    const batch = scanForRange(viewOf(live), null, 'k16380', 'k2', false, 100)
    expect(walk).toHaveBeenCalledTimes(2) // the check of the value above, and the read
    expect(batch.length).toBe(5)
    expect((flat as unknown as { pending: Key[] }).pending.length).toBe(0)
  })

  it('through the engine: an older read version reads a changed leaf as it was, a newer one as it is', async () => {
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
    }, seed)
  })

  it('a range read reads no entry of the live data (the flat leaves hold the values)', () => {
    const live = new LiveData()
    for (let i = 0; i < 200; i++) live.write('k' + String(i).padStart(3, '0'), b('v' + i), i + 1)
    const storedOf = vi.spyOn(live, 'storedOf')
    const batch = scanForRange(viewOf(live), null, 'k010', 'k150', false, 1_000)
    expect(storedOf).not.toHaveBeenCalled()
    expect([...batch.pack!()].map(([k, v]) => Buffer.from(k).toString() + '=' + Buffer.from(v).toString())).toEqual(
      Array.from({ length: 140 }, (_, i) => `k${String(10 + i).padStart(3, '0')}=v${10 + i}`),
    )
  })

  it('a durable store (values evicted to disk) keeps no flat leaves, and its forward range reads read the values from disk', () => {
    const disk = new Map<Key, Buffer>()
    const live = new LiveData((key) => disk.get(key))
    expect(live.flat).toBeNull()
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
  })
})

/**
 * Checks the leaves' shape against the model: every pair once, in order;
 * at most 64 pairs and 8 KiB of pairs per leaf (a bigger pair alone); the
 * bytes held are the leaves' bytes and offsets.
 */
function checkLeaves(flat: FlatLeaves, model: Map<Key, string>, live?: LiveData): void {
  const pairs: string[] = []
  let held = 0
  flat.walk('', '\xff', Number.MAX_SAFE_INTEGER, (leaf, from, to) => {
    expect(from).toBe(0)
    expect(to).toBe(leaf.keys.length)
    expect(leaf.keys.length).toBeGreaterThan(0)
    expect(leaf.keys.length).toBeLessThanOrEqual(64)
    expect(leaf.offsets).toHaveLength(2 * leaf.keys.length + 1)
    expect(leaf.offsets[0]).toBe(0)
    if (leaf.keys.length > 1) expect(leaf.size).toBeLessThanOrEqual(8_192)
    expect(leaf.capacity).toBeGreaterThanOrEqual(leaf.size)
    if (leaf.size > 8_192) expect(leaf.capacity).toBe(leaf.size)
    else expect(leaf.capacity === 256 || leaf.capacity < 4 * leaf.size).toBe(true) // a page at most four times its bytes (twice, but for a page that shrank)
    held += leaf.size
    const text = (i: number): string => leaf.bytes.toString('latin1', leaf.base + leaf.offsets[i]!, leaf.base + leaf.offsets[i + 1]!)
    for (let i = 0; i < leaf.keys.length; i++) {
      expect(text(2 * i)).toBe(leaf.keys[i])
      if (live !== undefined) {
        // Overwrites find the key's leaf through its entry: the leaf itself, or (after a split or merge) one that no longer holds the key.
        const pointed = live.entry(leaf.keys[i]!)!.leaf
        expect(pointed === leaf || pointed === null || pointed.dead || !pointed.keys.includes(leaf.keys[i]!)).toBe(true)
      }
      pairs.push(text(2 * i) + '=' + text(2 * i + 1))
    }
  })
  expect(pairs).toEqual([...model].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => k + '=' + v))
  expect(flat.heldBytes).toBe(held)
}
