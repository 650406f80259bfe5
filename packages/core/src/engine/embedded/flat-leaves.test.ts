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
    live.write('k07', b('seven'), 2)
    model.set('k07', 'seven')
    expect(pending(flat)).toBe(0)
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
    expect(pending(flat)).toBe(0)
  })

  it('changes wait until a range read comes (or 16,384 of them wait), then go into the leaves at once', () => {
    const live = new LiveData()
    const flat = live.flat!
    const walk = vi.spyOn(flat, 'walk')
    for (let i = 0; i < 16_383; i++) live.write('k' + String(i).padStart(5, '0'), b(''), 1)
    expect(pending(flat)).toBe(16_383)
    live.write('k16383', b('last'), 1) // fills the batch: it goes in with this write's value
    expect(pending(flat)).toBe(0)
    const leaves: string[] = []
    flat.walk('k16383', 'k16384', 10, (leaf, from) => leaves.push(leaf.bytes.toString('latin1', leaf.base + leaf.offsets[2 * from + 1]!, leaf.base + leaf.offsets[2 * from + 2]!)))
    expect(leaves).toEqual(['last'])
    live.write('k16384', b('x'), 1)
    const batch = scanForRange(viewOf(live), null, 'k16380', 'k2', false, 100)
    expect(walk).toHaveBeenCalledTimes(2) // the check of the value above, and the read
    expect(batch.length).toBe(5)
    expect(pending(flat)).toBe(0)
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

/** A live data and its model, written a key at a time (a write to the flat leaves waits for a batch unless it overwrites in place). */
function store(): { live: LiveData; flat: FlatLeaves; model: Map<Key, string>; put: (k: Key, v: string | null) => void; check: () => void } {
  const live = new LiveData()
  const model = new Map<Key, string>()
  let version = 0
  return {
    live,
    flat: live.flat!,
    model,
    put: (k, v) => {
      live.write(k, v === null ? null : b(v), ++version)
      if (v === null) model.delete(k)
      else model.set(k, v)
    },
    check: () => checkLeaves(live.flat!, model, live),
  }
}

/** Writes every key again with its value, through a batch where its entry points to a leaf that no longer holds it (after a split): then every entry points to its key's leaf, and overwrites go in place. */
function settle(s: ReturnType<typeof store>): void {
  void s.flat.leafCount // the split first
  for (const [k, v] of s.model) s.put(k, v)
  void s.flat.leafCount
  for (const k of s.model.keys()) expect(s.live.entry(k)!.leaf!.keys).toContain(k)
}

/** The leaves without putting the waiting changes in (what an overwrite did at once). */
const leavesNow = (flat: FlatLeaves): FlatLeaf[] => (flat as unknown as { leaves: FlatLeaf[] }).leaves
/** The leaves once the waiting changes went in. */
function leavesOf(flat: FlatLeaves): FlatLeaf[] {
  void flat.leafCount // puts the waiting changes in
  return leavesNow(flat)
}
/** How many pairs each leaf holds, once the waiting changes went in. */
const shape = (flat: FlatLeaves): number[] => leavesOf(flat).map((leaf) => leaf.keys.length)
const pending = (flat: FlatLeaves): number => (flat as unknown as { pending: Key[] }).pending.length
const k3 = (i: number): Key => 'k' + String(i).padStart(3, '0')

describe('flat leaves: splits, merges, pages and walks at their edges', () => {
  it('a leaf a batch leaves under 16 pairs takes in the next; one left with 16 does not, though both would fit', () => {
    const s = store()
    for (let i = 0; i < 100; i++) s.put(k3(i), 'v')
    expect(shape(s.flat)).toEqual([50, 50]) // 100 pairs split evenly
    for (let i = 50; i < 70; i++) s.put(k3(i), null)
    expect(shape(s.flat)).toEqual([50, 30])
    for (let i = 0; i < 34; i++) s.put(k3(i), null)
    expect(shape(s.flat)).toEqual([16, 30])
    s.put(k3(34), null)
    expect(shape(s.flat)).toEqual([45])
    s.check()
  })

  it('a merge takes in the next leaf when the two hold 64 pairs at most, in the page of the first when they fit there', () => {
    // 15 + 49 pairs, 90 + 422 bytes: exactly 64 pairs in exactly the first leaf's page of 512 bytes.
    const s = store()
    for (let i = 0; i < 100; i++) s.put(k3(i), 'vv')
    s.put(k3(99), null)
    s.put(k3(50), 'vv' + 'w'.repeat(128))
    const [first, second] = leavesOf(s.flat) as [FlatLeaf, FlatLeaf]
    expect([first.keys.length, first.size, first.capacity, second.keys.length, second.size]).toEqual([50, 300, 512, 49, 422])
    const { bytes, base } = first
    for (let i = 0; i < 35; i++) s.put(k3(i), null)
    expect(leavesOf(s.flat)).toEqual([first])
    expect([first.keys.length, first.size, first.capacity]).toEqual([64, 512, 512])
    expect(first.bytes === bytes && first.base === base).toBe(true) // the pairs of the next leaf went after its own, in place
    expect(second.dead).toBe(true)
    s.check()
    // 15 + 50 pairs: 65, no merge.
    const t = store()
    for (let i = 0; i < 100; i++) t.put(k3(i), 'v')
    expect(shape(t.flat)).toEqual([50, 50])
    for (let i = 0; i < 35; i++) t.put(k3(i), null)
    expect(shape(t.flat)).toEqual([15, 50])
    t.check()
  })

  it('a merge takes in the next leaf when the two hold 8 KiB at most: exactly 8 KiB merge, one byte more does not', () => {
    for (const [big, merged] of [
      [7_968, [45]],
      [7_969, [15, 30]],
    ] as const) {
      const s = store()
      for (let i = 0; i < 100; i++) s.put(k3(i), 'v')
      expect(shape(s.flat)).toEqual([50, 50])
      for (let i = 50; i < 70; i++) s.put(k3(i), null)
      s.put(k3(70), 'x'.repeat(big)) // the second leaf: 29 × 5 + 4 + big bytes
      expect(shape(s.flat)).toEqual([50, 30])
      for (let i = 0; i < 35; i++) s.put(k3(i), null) // the first leaf: 15 × 5 bytes
      expect(shape(s.flat)).toEqual(merged)
      s.check()
    }
  })

  it('a leaf that takes in the next moves to a smaller page when the two fill less than a quarter of its page, not when they fill more', () => {
    // 40 pairs of 50 bytes (a 2 KiB page) and 40 of 5: 5 + 40 pairs, 450 bytes, are left: a page of 512.
    const s = store()
    for (let i = 0; i < 80; i++) s.put(k3(i), i < 40 ? 'x'.repeat(46) : 'v')
    const [first] = leavesOf(s.flat) as [FlatLeaf]
    expect(shape(s.flat)).toEqual([40, 40])
    expect(first.capacity).toBe(2_048)
    for (let i = 0; i < 35; i++) s.put(k3(i), null)
    expect(leavesOf(s.flat)).toEqual([first])
    expect([first.size, first.capacity]).toEqual([450, 512])
    s.check()
    // 15 pairs of 18 bytes and 49 of 4 (64 pairs, 466 bytes) in the first leaf's page of 1 KiB: more than a quarter, it stays.
    const t = store()
    for (let i = 0; i < 100; i++) t.put(k3(i), i < 50 ? 'x'.repeat(14) : '')
    t.put(k3(99), null)
    const [head] = leavesOf(t.flat) as [FlatLeaf]
    expect(head.capacity).toBe(1_024)
    for (let i = 0; i < 35; i++) t.put(k3(i), null)
    expect(leavesOf(t.flat)).toEqual([head])
    expect([head.keys.length, head.size, head.capacity]).toEqual([64, 466, 1_024])
    t.check()
  })

  it('a leaf that takes in the next keeps its page while they fill more than a quarter of it, even exactly 8 KiB of a 16 KiB page', () => {
    const s = store()
    for (let i = 0; i < 30; i++) s.put('a' + String(i).padStart(2, '0'), '')
    s.put('c', 'x'.repeat(6_000))
    for (let i = 0; i < 39; i++) s.put('e' + String(i).padStart(2, '0'), '')
    expect(shape(s.flat)).toEqual([35, 35])
    // A batch takes the first leaf past 8 KiB (to a page of 16 KiB) and back under it: it stays in its page.
    s.put('b', 'y'.repeat(4_000))
    s.put('c', null)
    s.put('e10', 'z'.repeat(4_044))
    const [first] = leavesOf(s.flat) as [FlatLeaf]
    expect([first.size, first.capacity]).toEqual([4_103, 16_384])
    // Left with 15 pairs, it takes in the next: 8 KiB exactly, half its page.
    for (let i = 0; i < 20; i++) s.put('a' + String(i).padStart(2, '0'), null)
    expect(leavesOf(s.flat)).toEqual([first])
    expect([first.keys.length, first.size, first.capacity]).toEqual([50, 8_192, 16_384])
    s.check()
  })

  it('a batch reshapes only the leaves its changes fall in: a small leaf it does not change is left as it is', () => {
    // 10 pairs after a leaf of 50 that grows (no merge: 10 + 60 is over 64), then shrinks back in a later batch.
    const s = store()
    for (let i = 0; i < 200; i++) s.put(k3(i), 'v')
    expect(shape(s.flat)).toEqual([50, 50, 50, 50])
    for (let i = 50; i < 90; i++) s.put(k3(i), null)
    for (let i = 0; i < 10; i++) s.put(k3(100) + String.fromCharCode(97 + i), 'v')
    expect(shape(s.flat)).toEqual([50, 10, 60, 50])
    for (let i = 101; i < 111; i++) s.put(k3(i), null)
    expect(shape(s.flat)).toEqual([50, 10, 50, 50])
    const small = leavesOf(s.flat)[1]!
    // A change in the third leaf (found two leaves on from the first: the search does not stop at the second), then a split of the last.
    s.put(k3(111) + 'a', 'v')
    expect(shape(s.flat)).toEqual([50, 10, 51, 50])
    for (let i = 0; i < 20; i++) s.put(k3(160) + String.fromCharCode(97 + i), 'v')
    expect(shape(s.flat)).toEqual([50, 10, 51, 35, 35])
    expect(leavesOf(s.flat)[1]).toBe(small)
    s.check()
    // The same with the small leaf first.
    const t = store()
    for (let i = 0; i < 150; i++) t.put(k3(i), 'v')
    expect(shape(t.flat)).toEqual([50, 50, 50])
    for (let i = 0; i < 40; i++) t.put(k3(i), null)
    for (let i = 0; i < 10; i++) t.put(k3(50) + String.fromCharCode(97 + i), 'v')
    expect(shape(t.flat)).toEqual([10, 60, 50])
    for (let i = 51; i < 61; i++) t.put(k3(i), null)
    expect(shape(t.flat)).toEqual([10, 50, 50])
    for (let i = 0; i < 20; i++) t.put(k3(110) + String.fromCharCode(97 + i), 'v')
    expect(shape(t.flat)).toEqual([10, 50, 35, 35])
    t.check()
  })

  it('an emptied leaf goes: it is marked dead (entries that point to it take the batch way)', () => {
    const s = store()
    for (let i = 0; i < 100; i++) s.put(k3(i), 'v')
    settle(s)
    const second = s.live.entry(k3(60))!.leaf!
    expect(leavesOf(s.flat)[1]).toBe(second)
    for (let i = 50; i < 100; i++) s.put(k3(i), null)
    expect(shape(s.flat)).toEqual([50])
    expect(second.dead).toBe(true)
    s.check()
  })

  it('a split cuts a part when the next pair would take it past 8 KiB: a part of exactly 8 KiB is whole', () => {
    const s = store()
    s.put('a', 'x'.repeat(4_095))
    s.put('b', 'x'.repeat(4_095))
    s.put('c', 'x'.repeat(10))
    expect(leavesOf(s.flat).map((leaf) => leaf.keys)).toEqual([['a', 'b'], ['c']])
    s.check()
  })

  it('the first part of a split keeps the leaf page when it needs no smaller one; a change that leaves a leaf in its size class leaves it in place', () => {
    // 64 pairs of 3 bytes: a page of 256; one more splits it, and 33 pairs need a page of 256 still.
    const s = store()
    for (let i = 0; i < 64; i++) s.put('k' + String(i).padStart(2, '0'), '')
    const [leaf] = leavesOf(s.flat) as [FlatLeaf]
    const { bytes, base } = leaf
    expect(leaf.capacity).toBe(256)
    s.put('k64', '')
    expect(shape(s.flat)).toEqual([33, 32])
    expect(leavesOf(s.flat)[0]).toBe(leaf)
    expect(leaf.bytes === bytes && leaf.base === base).toBe(true)
    s.check()
    // A leaf of a few bytes that a batch changes stays in its page of 256 (the smallest: there is no smaller one).
    const t = store()
    t.put('a', '')
    const [small] = leavesOf(t.flat) as [FlatLeaf]
    const page = { bytes: small.bytes, base: small.base }
    t.put('b', '')
    expect(leavesOf(t.flat)).toEqual([small])
    expect([small.size, small.capacity]).toEqual([2, 256])
    expect(small.bytes === page.bytes && small.base === page.base).toBe(true)
    t.check()
  })

  it('a leaf moves to a smaller page when it holds a quarter of its page or less, not when it holds more', () => {
    const s = store()
    s.put('a', 'x'.repeat(600))
    s.put('b', 'y'.repeat(400))
    const [leaf] = leavesOf(s.flat) as [FlatLeaf]
    expect([leaf.size, leaf.capacity]).toEqual([1_002, 1_024])
    s.put('a', null) // by a batch: 401 bytes, more than a quarter
    expect(leavesOf(s.flat)).toEqual([leaf])
    expect([leaf.size, leaf.capacity]).toEqual([401, 1_024])
    s.put('b', 'y'.repeat(255)) // in place: exactly a quarter
    expect([leaf.size, leaf.capacity]).toEqual([256, 256])
    s.check()
  })

  it('a page grows to twice its size at least, or to what the change needs: exactly full, it stays', () => {
    const s = store()
    s.put('a', 'x')
    const [leaf] = leavesOf(s.flat) as [FlatLeaf]
    const { bytes, base } = leaf
    s.put('a', 'x'.repeat(255)) // in place: exactly the page
    expect([leaf.size, leaf.capacity]).toEqual([256, 256])
    expect(leaf.bytes === bytes && leaf.base === base).toBe(true)
    s.put('a', 'y'.repeat(1_000)) // past twice the page: what the change needs
    expect([leaf.size, leaf.capacity]).toEqual([1_001, 1_024])
    s.put('a', 'z'.repeat(9_999)) // a Buffer of its own
    expect([leaf.size, leaf.capacity]).toEqual([10_000, 10_000])
    s.put('a', 'w'.repeat(10_000)) // twice the page
    expect([leaf.size, leaf.capacity]).toEqual([10_001, 20_000])
    expect(leaf.bytes.toString('latin1', leaf.base, leaf.base + leaf.size)).toBe('a' + 'w'.repeat(10_000))
    readAndCheck(s.live, s.model, '', '\xff', false, 10)
  })

  it('an overwrite that takes a leaf of several pairs past 8 KiB splits it at once (the waiting changes go in with it); one that does not, or a leaf of one pair, waits', () => {
    // The second of two leaves.
    const s = store()
    for (let i = 0; i < 100; i++) s.put(k3(i), 'v')
    expect(shape(s.flat)).toEqual([50, 50])
    settle(s)
    s.put(k3(60), 'x'.repeat(8_000))
    expect(leavesNow(s.flat).length).toBeGreaterThan(2)
    s.check()
    // A leaf of exactly 8 KiB, one byte more.
    const t = store()
    t.put('a', 'x'.repeat(4_095))
    t.put('b', 'x'.repeat(4_095))
    expect(shape(t.flat)).toEqual([2])
    t.put('b', 'x'.repeat(4_096))
    expect(leavesNow(t.flat).map((leaf) => leaf.keys)).toEqual([['a'], ['b']])
    t.check()
    // Exactly 8 KiB after the overwrite: the change waiting stays waiting.
    const u = store()
    u.put('a', 'x'.repeat(4_095))
    u.put('b', 'x'.repeat(4_094))
    expect(shape(u.flat)).toEqual([2])
    u.put('c', 'v')
    u.put('b', 'x'.repeat(4_095))
    expect(pending(u.flat)).toBe(1)
    expect(shape(u.flat)).toEqual([2, 1])
    u.check()
    // A leaf of one pair past 8 KiB: nothing to split, the change waiting stays waiting.
    const v = store()
    v.put('a', 'x')
    expect(shape(v.flat)).toEqual([1])
    v.put('c', 'v')
    v.put('a', 'x'.repeat(10_000))
    expect(pending(v.flat)).toBe(1)
    v.check()
  })

  it('the leaf an overwrite took past 8 KiB is found among leaves the waiting changes emptied or reshaped', () => {
    // [keys removed (waiting), the key overwritten past 8 KiB, the leaves after]: the third leaf emptied and the
    // fourth split; then the last emptied and the second split, both reshaped.
    for (const [from, to, big, after] of [
      [100, 150, 160, [50, 50, 10, 1, 39]],
      [150, 200, 60, [50, 10, 1, 39, 50]],
    ] as const) {
      const s = store()
      for (let i = 0; i < 200; i++) s.put(k3(i), 'v')
      expect(shape(s.flat)).toEqual([50, 50, 50, 50])
      settle(s)
      for (let i = from; i < to; i++) s.put(k3(i), null)
      s.put(k3(big), 'x'.repeat(8_200))
      expect(pending(s.flat)).toBe(0)
      expect(leavesNow(s.flat).map((leaf) => leaf.keys.length)).toEqual(after)
      s.check()
    }
  })

  it('an empty store has no leaf and no slab, however often it is read', () => {
    const s = store()
    expect(s.flat.leafCount).toBe(0)
    expect(s.flat.forEachKey('', '\xff', 10, () => {})).toBe(false)
    expect(s.flat.leafCount).toBe(0)
    expect(s.flat.slabBytes).toBe(0)
    s.put('a', 'v')
    s.put('a', null)
    expect(s.flat.leafCount).toBe(0)
    expect(s.flat.leafCount).toBe(0)
  })

  it('walks across leaf boundaries, forward and backward, from and to the middle of leaves, cut at max', () => {
    const s = store()
    for (let i = 0; i < 200; i++) s.put(k3(i), 'v')
    expect(shape(s.flat)).toEqual([50, 50, 50, 50])
    const keys = (from: number, to: number): Key[] => Array.from({ length: to - from }, (_, i) => k3(from + i))
    const forward = (lo: Key, hi: Key, max: number): [Key[], boolean] => {
      const out: Key[] = []
      const more = s.flat.forEachKey(lo, hi, max, (k) => out.push(k))
      return [out, more]
    }
    const backward = (lo: Key, hi: Key, max: number): [Key[], boolean] => {
      const out: Key[] = []
      const more = s.flat.forEachKeyReverse(lo, hi, max, (k) => out.push(k))
      return [out, more]
    }
    expect(forward(k3(10), '\xff', 45)).toEqual([keys(10, 55), true]) // from the middle of a leaf into the next
    expect(forward(k3(10), k3(55), 45)).toEqual([keys(10, 55), false])
    expect(forward(k3(10), k3(55), 44)).toEqual([keys(10, 54), true])
    expect(forward(k3(100), k3(103), 10)).toEqual([keys(100, 103), false]) // from a leaf's first key
    expect(forward(k3(40), k3(160), 1_000)).toEqual([keys(40, 160), false])
    expect(backward(k3(30), k3(120), 1_000)).toEqual([keys(30, 120).reverse(), false])
    expect(backward(k3(30), k3(120), 5)).toEqual([keys(115, 120).reverse(), true])
    expect(backward(k3(50), k3(150), 100)).toEqual([keys(50, 150).reverse(), false])
    expect([...s.flat.keysBefore(k3(120))]).toEqual(keys(0, 120).reverse())
    expect([...s.flat.keysBefore('\xff')]).toEqual(keys(0, 200).reverse())
    expect([...s.flat.keysFrom(k3(120))]).toEqual(keys(120, 200))
    expect([...s.flat.keysFrom(k3(100))]).toEqual(keys(100, 200))
  })
})
