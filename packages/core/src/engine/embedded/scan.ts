import type { LiveData, LiveEntry } from './live.js'
import { resolvePending, type PendingWrite, type WriteBuffer } from './write-buffer.js'
import type { Key, StoredValue } from './keyspace.js'
import { LeafRuns } from './leaf-runs.js'
import type { FlatLeaves } from './flat-leaves.js'
import { StoredPairs, type ReadBatch } from './range-reader.js'

/**
 * A value a scan found: a stored value (a string: immutable, converted to
 * bytes when handed out), or a Buffer (read from disk, or the transaction's
 * own write: copied when handed out).
 *
 * @internal
 */
export type ScanValue = StoredValue | Buffer

/** One batch of a merged scan. @internal */
export interface ScanBatch {
  /** Keys and values, in scan order. */
  readonly keys: Key[]
  readonly values: ScanValue[]
  /** True when the range is exhausted (no key left after this batch). */
  readonly done: boolean
}

/**
 * The stored data as one read version sees it: the live tree, corrected by
 * the keys that changed after that version (their older values come from
 * the undo log).
 *
 * @internal
 */
export interface StoredView {
  /** The live (newest) data. */
  readonly live: LiveData
  /** Keys in [lo, hi) whose value at this version may differ from the live tree, ascending. */
  changedKeys(lo: Key, hi: Key): Key[]
  /** The value of `key` at this version (null: absent). */
  valueAt(key: Key): ScanValue | null
}

/**
 * Reads up to `max` live pairs of [lo, hi) as the transaction sees them: the
 * stored data at its read version overlaid with its own writes
 * (read-your-writes). Forward scans walk up from `lo`; reverse scans walk
 * down from just below `hi`. Synchronous, so no commit can interleave.
 *
 * @internal
 */
export function scanMerged(
  view: StoredView,
  buffer: WriteBuffer | null,
  lo: Key,
  hi: Key,
  reverse: boolean,
  max: number,
): ScanBatch {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArrayDeclaration: equivalent: a fast path; an empty range finds no key in either source and is done anyway, and no caller asks for fewer than one pair (batchSize and selectors ask for at least 1); a batch with no keys has its values never read (also left out here: a key in `keys: []`, killed by merged-scan.test.ts)
  if (lo >= hi || max <= 0) return { keys: [], values: [], done: true }
  return scanChanged(view, buffer, lo, hi, reverse, max, view.changedKeys(lo, hi))
}

/**
 * {@link scanMerged} for a range read's batch. A forward read of the memory
 * engine that nothing overlays (no own writes, no key of the range changed
 * since the read version) is copied from its flat leaves a leaf at a time
 * ({@link FlatLeaves}, {@link LeafRuns}): no object per key.
 *
 * @internal
 */
export function scanForRange(view: StoredView, buffer: WriteBuffer | null, lo: Key, hi: Key, reverse: boolean, max: number): ReadBatch {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArrayDeclaration: equivalent: a fast path; an empty or inverted range walks to no key and is done anyway, and no caller asks for fewer than one pair (batchSize asks for at least 1); a batch with no keys has its values never read (also left out here: `true`, and a key in `keys: []`, killed by flat-leaves.test.ts)
  if (lo >= hi || max <= 0) return new StoredPairs({ keys: [], values: [], done: true })
  const changed = view.changedKeys(lo, hi)
  const flat = view.live.flat
  if (reverse || flat === null || changed.length > 0 || (buffer !== null && !buffer.isEmpty)) {
    return new StoredPairs(scanChanged(view, buffer, lo, hi, reverse, max, changed))
  }
  const runs = new LeafRuns()
  const more = flat.walk(lo, hi, max, (leaf, from, to) => {
    runs.add(leaf, from, to, leaf.keys[to - 1]!)
  })
  runs.done = !more
  return runs.seal()
}

/** {@link scanMerged} once the keys of [lo, hi) changed since the read version are known. */
function scanChanged(
  view: StoredView,
  buffer: WriteBuffer | null,
  lo: Key,
  hi: Key,
  reverse: boolean,
  max: number,
  changed: Key[],
): ScanBatch {
  const keys: Key[] = []
  const values: ScanValue[] = []
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: a fast path; the merge below reads the same pairs (also left out here: `true`, killed by merged-scan.test.ts)
  if ((buffer === null || buffer.isEmpty) && changed.length === 0) {
    // Nothing in the range changed since the read version: read the tree directly.
    return reverse ? scanStoredReverse(view.live, lo, hi, max, keys, values) : scanStoredForward(view.live, lo, hi, max, keys, values)
  }
  const stored = versionedEntries(view, changed, lo, hi, reverse)
  const written: Iterator<[Key, PendingWrite]> =
    buffer === null
      ? [][Symbol.iterator]()
      : reverse
        ? buffer.entries.entriesReversed(hi, undefined, true)
        : buffer.entries.entries(lo)
  const inRange = (k: Key): boolean => k >= lo && k < hi
  // Walks both sources in order; "before" means earlier in scan direction.
  const before = reverse ? (a: Key, b: Key) => a > b : (a: Key, b: Key) => a < b
  // versionedEntries yields fresh pairs, all in range: no copy needed (nextOf, not nextInRange).
  let s = nextOf(stored)
  let w = nextInRange(written, inRange)
  while (keys.length < max && (s !== undefined || w !== undefined)) {
    let key: Key
    let value: ScanValue | null
    if (w === undefined || (s !== undefined && before(s[0], w[0]))) {
      key = s![0]
      value = buffer?.isCleared(key) === true ? null : s![1]
      s = nextOf(stored)
    } else if (s === undefined || before(w[0], s[0])) {
      key = w[0]
      value = resolvePending(w[1], null)
      w = nextInRange(written, inRange)
    } else {
      key = w[0]
      value = resolvePending(w[1], s[1])
      s = nextOf(stored)
      w = nextInRange(written, inRange)
    }
    if (value !== null) {
      keys.push(key)
      values.push(value)
    }
  }
  return { keys, values, done: s === undefined && w === undefined }
}

/** The stored pairs of [lo, hi) at the view's version, in scan order. */
function* versionedEntries(view: StoredView, changed: Key[], lo: Key, hi: Key, reverse: boolean): Generator<[Key, ScanValue]> {
  const live = view.live
  const inRange = (k: Key): boolean => k >= lo && k < hi
  const it = liveInRange(live, reverse ? live.keysBefore(hi) : live.keysFrom(lo), inRange)
  const before = reverse ? (a: Key, b: Key) => a > b : (a: Key, b: Key) => a < b
  let ci = reverse ? changed.length - 1 : 0
  const step = reverse ? -1 : 1
  let t = nextOf(it)
  for (;;) {
    const c = changed[ci]
    if (c === undefined) {
      if (t === undefined) return
      yield t
      t = nextOf(it)
      continue
    }
    if (t !== undefined && before(t[0], c)) {
      yield t
      t = nextOf(it)
      continue
    }
    if (t !== undefined && t[0] === c) t = nextOf(it)
    ci += step
    const v = view.valueAt(c)
    if (v !== null) yield [c, v]
  }
}

/** The live keys, while in range, with their live values (a fresh pair each). */
function* liveInRange(live: LiveData, keys: Iterator<Key>, inRange: (k: Key) => boolean): Generator<[Key, ScanValue]> {
  for (let r = keys.next(); r.done !== true && inRange(r.value); r = keys.next()) {
    yield [r.value, live.storedOf(r.value, live.entry(r.value)!)]
  }
}

function nextOf<T>(it: Iterator<T>): T | undefined {
  const r = it.next()
  // Stryker disable next-line ConditionalExpression: equivalent: nextOf reads only generators, whose done result has the value undefined
  return r.done === true ? undefined : r.value
}

function nextInRange<V>(it: Iterator<[Key, V]>, inRange: (k: Key) => boolean): [Key, V] | undefined {
  const r = it.next()
  if (r.done === true) return undefined
  // Copy: sorted-btree may reuse the pair array between calls.
  return inRange(r.value[0]) ? [r.value[0], r.value[1]] : undefined
}

function scanStoredForward(live: LiveData, lo: Key, hi: Key, max: number, keys: Key[], values: ScanValue[]): ScanBatch {
  const more = live.walkForward(lo, hi, max, (k, entry) => {
    keys.push(k)
    values.push(live.storedOf(k, entry))
  })
  return { keys, values, done: !more }
}

function scanStoredReverse(live: LiveData, lo: Key, hi: Key, max: number, keys: Key[], values: ScanValue[]): ScanBatch {
  const more = live.walkReverse(lo, hi, max, (k, entry) => {
    keys.push(k)
    values.push(live.storedOf(k, entry))
  })
  return { keys, values, done: !more }
}
