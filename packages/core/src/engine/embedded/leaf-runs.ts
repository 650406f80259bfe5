import { PackedPairs } from '../packed.js'
import type { KeyValue } from '../types.js'
import { copyBytes, type Key } from './keyspace.js'
import type { ReadBatch } from './range-reader.js'

/**
 * A batch of a range read made of runs of packed leaves ({@link
 * PackedLeaves}): pairs `from` to `to` of each run's {@link PackedPairs}, in
 * scan order. The packed leaves are never changed (a change of the live
 * data makes the tree copy the leaf, which is packed anew when read), so
 * the batch holds them as they were read and copies only when asked:
 * {@link pack} copies each run's bytes with one call, {@link at} copies one
 * pair.
 *
 * @internal
 */
export class LeafRuns implements ReadBatch {
  length = 0
  private readonly runs: PackedPairs[] = []
  /** Per run: its first pair in the leaf, then the batch index where it starts (pairs of numbers). */
  private readonly bounds: number[] = []
  /** The run {@link at} read last: reads in order find their run at once. */
  private cursor = 0
  /** The last key of the batch (the range read goes on after it): the last run's, as the walk gave it. */
  lastKey: Key | undefined = undefined

  // Stryker disable next-line BooleanLiteral: equivalent: scanForRange sets `done` on every batch it makes, once its walk is over
  constructor(public done = false) {}

  /**
   * Appends pairs `from` (included) to `to` (excluded) of `packed`; `from < to`.
   * `last` is the key of pair `to - 1` (the walk holds it as a string: no need
   * to make it again from the bytes).
   */
  add(packed: PackedPairs, from: number, to: number, last: Key): void {
    this.runs.push(packed)
    this.bounds.push(from, this.length)
    this.length += to - from
    this.lastKey = last
  }

  at(index: number): KeyValue | undefined {
    if (!(index >= 0 && index < this.length)) return undefined
    let r = this.cursor
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: starting from the first run finds the same run, in more steps (the cursor only saves steps for reads in order) (also left out here: `false`, killed)
    if (index < this.bounds[2 * r + 1]!) r = 0
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent: past the last run the bound read is undefined, which no index reaches, so the loop stops at the last run anyway
    while (r + 1 < this.runs.length && this.bounds[2 * r + 3]! <= index) r++
    this.cursor = r
    const run = this.runs[r]!
    const i = 2 * (this.bounds[2 * r]! + index - this.bounds[2 * r + 1]!)
    const o = run.offsets
    return [copyBytes(run.bytes.subarray(o[i], o[i + 1])), copyBytes(run.bytes.subarray(o[i + 1], o[i + 2]))]
  }

  pack(): PackedPairs {
    let total = 0
    for (let r = 0; r < this.runs.length; r++) {
      const o = this.runs[r]!.offsets
      const from = this.bounds[2 * r]!
      total += o[2 * (from + this.pairsOf(r))]! - o[2 * from]!
    }
    const bytes = Buffer.allocUnsafe(total)
    const offsets = new Uint32Array(2 * this.length + 1)
    let o = 0
    let k = 0
    for (let r = 0; r < this.runs.length; r++) {
      const run = this.runs[r]!
      const from = 2 * this.bounds[2 * r]!
      const to = from + 2 * this.pairsOf(r)
      const start = run.offsets[from]!
      const shift = o - start
      for (let i = from; i < to; i++) offsets[k++] = run.offsets[i]! + shift
      const end = run.offsets[to]!
      bytes.set(run.bytes.subarray(start, end), o)
      o += end - start
    }
    offsets[k] = o
    return new PackedPairs(bytes, offsets)
  }

  /** How many pairs run `r` gives. */
  private pairsOf(r: number): number {
    const next = r + 1 < this.runs.length ? this.bounds[2 * r + 3]! : this.length
    return next - this.bounds[2 * r + 1]!
  }
}
