import { describe, expect, it } from 'vitest'
import { FlatLeaf } from './flat-leaves.js'
import { LeafRuns } from './leaf-runs.js'

// LeafRuns: a range read's batch of flat-leaf runs hands out the one copy it sealed the first time it is packed
// (no second copy), and a copy of its own (bytes and offsets) on every later call.

/** A leaf of pairs a=A and b=BB in a page of its own. */
const leaf = (): FlatLeaf => new FlatLeaf(['a', 'b'], [0, 1, 2, 3, 5], Buffer.from('aAbBB', 'latin1'), 0, 5)

describe('leaf runs (a range read batch of flat leaves)', () => {
  it('the first pack hands out the sealed copy itself; later packs copy its bytes and offsets', () => {
    const runs = new LeafRuns(true)
    runs.add(leaf(), 0, 2, 'b')
    runs.seal()
    const sealed = (runs as unknown as { packed: { bytes: Uint8Array; offsets: Uint32Array } }).packed
    const first = runs.pack()
    expect(first === sealed).toBe(true) // one copy per batch: the one seal made
    const second = runs.pack()
    expect(second.bytes === first.bytes).toBe(false)
    expect(second.offsets === first.offsets).toBe(false)
    // A later pack is the caller's own: changing it changes neither the first nor the next one.
    second.offsets.fill(0)
    second.bytes.fill(0)
    const text = (pairs: Iterable<[Uint8Array, Uint8Array]>): string[] => [...pairs].map(([k, v]) => Buffer.from(k).toString() + '=' + Buffer.from(v).toString())
    expect(text(first)).toEqual(['a=A', 'b=BB'])
    expect(text(runs.pack())).toEqual(['a=A', 'b=BB'])
  })
})
