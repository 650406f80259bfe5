import { PackedPairs } from '../packed.js'
import type { FlatLeaf, FlatLeaves } from './flat-leaves.js'
import type { KeyValue } from '../types.js'
import { copyBytes, copyRange, type Key } from './keyspace.js'
import type { ReadBatch } from './range-reader.js'

/**
 * A batch of a range read made of runs of flat leaves ({@link FlatLeaves}):
 * pairs `from` to `to` of each run's leaf, in scan order. The leaves change
 * in place with the next write, so {@link seal} copies the runs into one
 * Buffer before the read returns (one copy per leaf run, the copy
 * {@link pack} hands out); {@link at} copies one pair from there.
 *
 * @internal
 */
export class LeafRuns implements ReadBatch {
  length = 0
  private runs: FlatLeaf[] = []
  /** Per run: its first pair in the leaf and the pair after its last (pairs of numbers). */
  private bounds: number[] = []
  private packed: PackedPairs | null = null
  /** Whether {@link pack} handed {@link packed} out (the caller owns it): later calls copy. */
  private handedOut = false
  /** The last key of the batch (the range read goes on after it): the last run's, as the walk gave it. */
  lastKey: Key | undefined = undefined

  // Stryker disable next-line BooleanLiteral: equivalent: scanForRange sets `done` on every batch it makes, once its walk is over
  constructor(public done = false) {}

  /**
   * Appends pairs `from` (included) to `to` (excluded) of `leaf`; `from < to`.
   * `last` is the key of pair `to - 1` (the walk holds it as a string: no need
   * to make it again from the bytes).
   */
  add(leaf: FlatLeaf, from: number, to: number, last: Key): void {
    this.runs.push(leaf)
    this.bounds.push(from, to)
    this.length += to - from
    this.lastKey = last
  }

  /** Copies the runs' pairs into one Buffer, each run with one call, and lets go of the leaves. */
  seal(): this {
    const runs = this.runs
    const bounds = this.bounds
    let total = 0
    for (let r = 0; r < runs.length; r++) {
      const o = runs[r]!.offsets
      total += o[2 * bounds[2 * r + 1]!]! - o[2 * bounds[2 * r]!]!
    }
    const bytes = Buffer.allocUnsafe(total)
    const offsets = new Uint32Array(2 * this.length + 1)
    let w = 0
    let k = 0
    for (let r = 0; r < runs.length; r++) {
      const run = runs[r]!
      const o = run.offsets
      const from = 2 * bounds[2 * r]!
      const to = 2 * bounds[2 * r + 1]!
      const start = o[from]!
      const shift = w - start
      for (let i = from; i < to; i++) offsets[k++] = o[i]! + shift
      const end = o[to]!
      run.bytes.copy(bytes, w, run.base + start, run.base + end)
      w += end - start
    }
    offsets[k] = w
    this.packed = new PackedPairs(bytes, offsets)
    this.runs = []
    this.bounds = []
    return this
  }

  at(index: number): KeyValue | undefined {
    if (!(index >= 0 && index < this.length)) return undefined
    const packed = this.packed!
    const o = packed.offsets
    const i = 2 * index
    return [copyRange(packed.bytes, o[i]!, o[i + 1]!), copyRange(packed.bytes, o[i + 1]!, o[i + 2]!)]
  }

  /** The batch's pairs: the copy {@link seal} made, the first time; a new copy after. */
  pack(): PackedPairs {
    const packed = this.packed!
    if (!this.handedOut) {
      this.handedOut = true
      return packed
    }
    return new PackedPairs(copyBytes(packed.bytes), packed.offsets.slice())
  }
}
