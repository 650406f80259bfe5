// The high-contention allocator on its own: windows, counters, recent
// candidates, with scripted random numbers.
import { describe, expect, it } from 'vitest'
import type { Database } from '../api/database.js'
import { query } from '../api/query.js'
import { transactional } from '../api/transactional.js'
import { set } from '../api/writes.js'
import { Subspace } from '../subspace/subspace.js'
import { unpack } from '../tuple/index.js'
import { HighContentionAllocator, windowSize } from './allocator.js'
import { forEachEngine } from '../../test/harness.js'

const hca = new Subspace(['hca-test'])

/** Random numbers that pick the given candidates of a window of `size`, in order. */
function picks(size: number, ...candidates: number[]): () => number {
  let i = 0
  return () => {
    if (i >= candidates.length) throw new Error('the allocator asked for more random numbers than scripted')
    return (candidates[i++]! % size) / size + 0.5 / size
  }
}

async function state(db: Database): Promise<{ counters: Array<[number, bigint]>; recent: number[] }> {
  return transactional(db, async (tx) => {
    const c = hca.subspace([0])
    const r = hca.subspace([1])
    const counters = (await query(tx, c.range().begin, c.range().end).toArray()).map(([k, v]): [number, bigint] => [
      c.unpack(k)[0] as number,
      Buffer.from(v).readBigInt64LE(0),
    ])
    const recent = (await query(tx, r.range().begin, r.range().end).toArray()).map(([k]) => r.unpack(k)[0] as number)
    return { counters, recent }
  })
}

describe('windowSize', () => {
  it('is 64 below 255, 1024 below 65535, then 8192, as the official bindings', () => {
    expect([0, 254, 255, 65534, 65535, 1e9].map(windowSize)).toEqual([64, 64, 1024, 1024, 8192, 8192])
  })
})

forEachEngine('high-contention allocator', ({ db }) => {
  it('returns pack((n,)) of the picked candidate and records it', async () => {
    const alloc = new HighContentionAllocator(hca, picks(64, 5, 0))
    const a = await transactional(db(), (tx) => alloc.allocate(tx))
    expect(Buffer.from(a).toString('hex')).toBe('1505')
    const b = await transactional(db(), (tx) => alloc.allocate(tx))
    expect(Buffer.from(b).toString('hex')).toBe('14') // candidate 0 packs as the integer zero
    expect(await state(db())).toEqual({ counters: [[0, 2n]], recent: [0, 5] })
  })

  it('a taken candidate is skipped: the next random pick is tried', async () => {
    const alloc = new HighContentionAllocator(hca, picks(64, 7, 7, 7, 9))
    await transactional(db(), (tx) => alloc.allocate(tx))
    const second = await transactional(db(), (tx) => alloc.allocate(tx))
    expect(unpack(second)).toEqual([9])
    expect((await state(db())).recent).toEqual([7, 9])
  })

  it('when a window is half full, allocation moves to the next one and clears the old state', async () => {
    // An allocation counts itself first and stays while count * 2 < 64: the window
    // [0, 64) takes 31 allocations, the 32nd moves on to [64, 128) (as the official code).
    const first = Array.from({ length: 31 }, (_, i) => i * 2)
    const alloc = new HighContentionAllocator(hca, picks(64, ...first, 10))
    for (let i = 0; i < 31; i++) await transactional(db(), (tx) => alloc.allocate(tx))
    expect((await state(db())).counters).toEqual([[0, 31n]])
    const next = await transactional(db(), (tx) => alloc.allocate(tx))
    expect(unpack(next)).toEqual([64 + 10])
    expect(await state(db())).toEqual({ counters: [[64, 1n]], recent: [74] })
  })

  it('several allocations in one transaction are distinct and all counted', async () => {
    const alloc = new HighContentionAllocator(hca, picks(64, 3, 3, 4, 3, 4, 5))
    const got = await transactional(db(), (tx) => Promise.all([alloc.allocate(tx), alloc.allocate(tx), alloc.allocate(tx)]))
    expect(got.map((g) => unpack(g)[0]).sort()).toEqual([3, 4, 5])
    expect(await state(db())).toEqual({ counters: [[0, 3n]], recent: [3, 4, 5] })
  })

  it('larger windows past 255: candidates pack as two-byte integers', async () => {
    // Start the counters at window 1024 by hand (as an older database would have them).
    await transactional(db(), (tx) => set(tx, hca.subspace([0]).pack([1024]), Buffer.from([1, 0, 0, 0, 0, 0, 0, 0])))
    const alloc = new HighContentionAllocator(hca, picks(1024, 500))
    const got = await transactional(db(), (tx) => alloc.allocate(tx))
    expect(Buffer.from(got).toString('hex')).toBe('16' + (1024 + 500).toString(16).padStart(4, '0'))
  })
}, { faults: 'skip: scripts the random numbers of each attempt and asserts the exact allocator state (the concurrency suite checks allocation under faults)' })
