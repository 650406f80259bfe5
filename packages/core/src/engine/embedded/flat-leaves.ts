import { lowerBound, type Key, type StoredValue } from './keyspace.js'
import { Pages } from './pages.js'

/**
 * A leaf of {@link FlatLeaves}: its keys (the live data's own strings, for
 * binary search) and its pairs back to back in a page of {@link bytes} from
 * {@link base} on, at {@link offsets} from there, in the layout of
 * `PackedPairs` (key 0, value 0, key 1, …; `2 × length + 1` offsets, the
 * first 0). Changed in place by the writes that fall in it: a range read
 * copies what it reads at once.
 *
 * @internal
 */
export class FlatLeaf {
  constructor(
    readonly keys: Key[],
    readonly offsets: number[],
    /** The page's Buffer: a slab shared with other pages (see {@link Pages}), or its own. */
    public bytes: Buffer,
    public base: number,
    /** Bytes of the page. */
    public capacity: number,
  ) {}

  /** Out of the leaves (emptied, or taken in by the leaf before it): its page is another leaf's now. */
  dead = false

  /** Bytes of its pairs. */
  get size(): number {
    return this.offsets[this.offsets.length - 1]!
  }
}

/**
 * What the live data holds per key, as the flat leaves use it: the value
 * now, and the leaf a batch last put the key in (null until one does; after
 * a split or a merge it may point to a leaf that no longer holds the key,
 * which an overwrite finds out). @internal
 */
export interface FlatEntry {
  readonly value: StoredValue | number
  leaf: FlatLeaf | null
}

/** A full leaf: changes past it split the leaf (64, as the live tree's nodes). */
const MAX_PAIRS = 64
/** Most bytes of pairs in a leaf that holds more than one pair: a change moves its leaf's bytes after it, so big values get leaves of their own. */
const MAX_BYTES = 8_192
/** A leaf changes leave with fewer pairs takes in the next leaf when both fit in one, as the next is then (deletes would otherwise leave many tiny leaves). */
const MIN_PAIRS = 16
/**
 * Most created or removed keys waiting before they go into the leaves: in
 * key order, the changes of a batch find their leaves a few steps apart
 * (instead of a search of the whole tree each), but the range read that
 * finds them waiting puts them in first (see docs/performance.md).
 */
const BATCH = 16_384

/** Writes a latin1 string's bytes at `at`: a JS loop for short ones (the native write's call costs more than the loop). */
function writeLatin1(bytes: Buffer, text: string, at: number): void {
  const n = text.length
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: either way writes the same bytes (which is faster depends on the length)
  if (n > 32) bytes.write(text, at, 'latin1')
  else for (let i = 0; i < n; i++) bytes[at + i] = text.charCodeAt(i)
}

/**
 * The last index of [lo - 1, hi) whose key in `keys` (ascending) is not
 * above `key`, when `keys[lo - 1]` is not (or `lo` is 0, which gives 0 when
 * every key is above it).
 */
function lastNotAbove(keys: readonly Key[], key: Key, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (keys[mid]! <= key) lo = mid + 1
    else hi = mid
  }
  return Math.max(lo - 1, 0)
}

/** Whether `leaf`, under {@link MIN_PAIRS}, and the leaf after it fit in one leaf. */
function mergeable(leaf: FlatLeaf, following: FlatLeaf): boolean {
  return leaf.keys.length < MIN_PAIRS && leaf.keys.length + following.keys.length <= MAX_PAIRS && leaf.size + following.size <= MAX_BYTES
}

/**
 * The memory engine's live data once more, for range reads: every key and
 * value in key order, in leaves of up to 64 pairs whose bytes lie back to
 * back in a page ({@link FlatLeaf}, {@link Pages}), so that a range read
 * copies sequential memory, a leaf at a time, instead of touching each
 * key's string and entry (two objects scattered over the heap: measured ≈
 * 3× slower on data no read had touched, with the CPU's caches cold; see
 * docs/performance.md).
 *
 * Kept up to date as the data is written, in place, as in a B+ tree's page
 * (the pairs after a change move by its change in size; never an object per
 * unchanged key touched): an overwrite of a key already in a leaf at once
 * (the live data's entry points to the key's leaf); created and removed
 * keys wait in a list until {@link BATCH} of them wait or a range read
 * comes, then go into their leaves in key order. A leaf past 64 pairs (or
 * 8 KiB) is split into even parts; one left under 16 pairs takes in the
 * next leaf when they fit in one (judged when the batch's changes to the
 * small leaf are in, before those to the next: a batch that also empties
 * much of the next leaf may leave two that would fit in one, until a later
 * batch changes the first); an emptied leaf goes.
 *
 * Memory: a second copy of the raw bytes of every key and value, in pages
 * up to twice their size, plus 8 bytes an offset (2 a pair) and a few
 * objects per leaf. Memory engine only: a durable store evicts values from
 * memory, which a second copy would defeat.
 *
 * @internal
 */
export class FlatLeaves {
  private leaves: FlatLeaf[] = []
  /** Each leaf's first key (searched without going through the leaf). */
  private firsts: Key[] = []
  /** Keys created or removed (or changed before a batch put them in a leaf) since the last batch went in: a key may be there more than once. */
  private pending: Key[] = []
  /** A leaf an overwrite in place took past 8 KiB: split by the batch that goes in at once. */
  private overfull: FlatLeaf[] = []
  private readonly pages = new Pages()

  /** Bytes of pairs the leaves hold. */
  get heldBytes(): number {
    this.flush()
    let held = 0
    for (const leaf of this.leaves) held += leaf.size
    return held
  }

  /** Bytes of the pages the leaves take. */
  get pageBytes(): number {
    this.flush()
    let bytes = 0
    for (const leaf of this.leaves) bytes += leaf.capacity
    return bytes
  }

  /** Bytes of the slabs made for pages (see {@link Pages}). */
  get slabBytes(): number {
    return this.pages.slabBytes
  }

  /** How many leaves there are. */
  get leafCount(): number {
    this.flush()
    return this.leaves.length
  }

  /**
   * @param entryOf - A key's entry now (undefined: absent): the live data's
   *   own, read when the changes go in; its {@link FlatEntry.leaf} is kept
   *   up to date here.
   */
  constructor(private readonly entryOf: (key: Key) => FlatEntry | undefined) {}

  /** Records that `key` was created or removed: its value (or its absence) is read from {@link entryOf} when the batch goes in. */
  changed(key: Key): void {
    // An array push: a map of the new values cost a quarter of a read-modify-write transaction's time (measured).
    this.pending.push(key)
    if (this.pending.length >= BATCH) this.flush()
  }

  /**
   * Records that an existing key has a new value: in its leaf at once when
   * a batch put it in one (the commonest write, an overwrite, costs a
   * search of one leaf and no sort), else with the next batch.
   */
  overwritten(key: Key, entry: FlatEntry): void {
    const leaf = entry.leaf
    if (leaf === null) {
      this.changed(key)
      return
    }
    const i = lowerBound(leaf.keys, key)
    // A leaf split or merged since may no longer hold the key: then it goes with the next batch, which points the entry anew.
    if (leaf.dead || leaf.keys[i] !== key) {
      this.changed(key)
      return
    }
    // Stryker disable next-line ConditionalExpression: equivalent for `false`: between changes no leaf of several pairs holds more than 8 KiB (a batch splits it, and so does an overwrite at once), so `over` is true only for a leaf of one pair, which the count test below refuses anyway (also left out here: `true`, killed)
    const over = leaf.size > MAX_BYTES
    this.putPair(leaf, i, true, key, entry.value as StoredValue)
    // Past 8 KiB now: split at once (rare; until then each change of the leaf would move up to all its bytes).
    if (!over && leaf.keys.length > 1 && leaf.size > MAX_BYTES) {
      this.overfull.push(leaf)
      this.flush()
    } else /* Stryker disable next-line ConditionalExpression,ArithmeticOperator: equivalent for `true` and `4 / leaf.size`: fit() makes the same test itself, this one only spares the call (also left out here: `false`, a compile error) */ if (4 * leaf.size <= leaf.capacity) this.fit(leaf)
  }

  /**
   * Calls `run` for the keys of [lo, hi) in ascending order, a leaf at a
   * time (keys `from` to `to` of the leaf, never empty), at most `max` keys
   * in all. Returns true when a key of the range is left after them. The
   * leaves are the live ones: `run` must copy what it keeps before any
   * write.
   */
  walk(lo: Key, hi: Key, max: number, run: (leaf: FlatLeaf, from: number, to: number) => void): boolean {
    this.flush()
    const leaves = this.leaves
    const firsts = this.firsts
    // The leaves the range reaches: from the last whose first key is not above lo to the last whose first key is below hi.
    // Found by two searches of `firsts` (whose upper levels stay in the caches from read to read) so that the walk
    // reads no key of the leaves between them: a compare per leaf with its last key cost a cache miss or three per leaf.
    let t = lastNotAbove(firsts, lo, 0, firsts.length)
    const last = lowerBound(firsts, hi) - 1
    let left = max
    for (let i = t < leaves.length ? lowerBound(leaves[t]!.keys, lo) : 0; t <= last; t++, i = 0) {
      const leaf = leaves[t]!
      const keys = leaf.keys
      // Stryker disable next-line ConditionalExpression: equivalent for `true`: a leaf before the last the range reaches holds only keys below the next leaf's first key, itself below hi, so the search gives keys.length too (also left out here: `false`, killed)
      const end = t === last ? lowerBound(keys, hi, i) : keys.length
      if (i < end) {
        if (left === 0) return true
        // Stryker disable next-line EqualityOperator: equivalent for `>=`: when end - i is left, i + left is end (also left out here: `<=`, killed)
        const to = end - i > left ? i + left : end
        run(leaf, i, to)
        left -= to - i
        if (to < end) return true
      }
    }
    return false
  }

  /** Calls `take` for the keys of [lo, hi) in ascending order, at most `max` of them. Returns true when a key of the range is left after them. */
  forEachKey(lo: Key, hi: Key, max: number, take: (key: Key) => void): boolean {
    return this.walk(lo, hi, max, (leaf, from, to) => {
      const keys = leaf.keys
      for (let i = from; i < to; i++) take(keys[i]!)
    })
  }

  /** Calls `take` for the keys of [lo, hi) in descending order, at most `max` of them. Returns true when a key of the range is left after them. */
  forEachKeyReverse(lo: Key, hi: Key, max: number, take: (key: Key) => void): boolean {
    this.flush()
    const leaves = this.leaves
    const firsts = this.firsts
    let taken = 0
    // From the last leaf with a key below hi, down.
    // Stryker disable next-line BooleanLiteral: equivalent for `top = true` on every leaf: below the top leaf every key is below hi (the leaf after it starts below hi), so lowerBound(keys, hi) - 1 is keys.length - 1 (also left out here: `top = false` at the start, killed)
    for (let t = lowerBound(firsts, hi) - 1, top = true; t >= 0; t--, top = false) {
      const keys = leaves[t]!.keys
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `false` and `>`: when the leaf's first key is lo or above, lowerBound(keys, lo) is 0 too (also left out here: `true` and `<`, killed)
      const start = firsts[t]! >= lo ? 0 : lowerBound(keys, lo)
      for (let i = top ? lowerBound(keys, hi) - 1 : keys.length - 1; i >= start; i--) {
        if (taken === max) return true
        take(keys[i]!)
        taken++
      }
      // Stryker disable next-line ConditionalExpression: equivalent for `false`: the leaves before one whose first key is below lo hold only keys below lo, so the walk down takes none of them and returns false all the same (also left out here: `true` and the comparisons, killed)
      if (start > 0) return false
    }
    return false
  }

  /** The keys from `lo` up, ascending, for a walk that no write interrupts (the leaves change in place). */
  *keysFrom(lo: Key): Generator<Key> {
    this.flush()
    const leaves = this.leaves
    let t = lastNotAbove(this.firsts, lo, 0, this.firsts.length)
    for (let i = t < leaves.length ? lowerBound(leaves[t]!.keys, lo) : 0; t < leaves.length; t++, i = 0) {
      const keys = leaves[t]!.keys
      for (; i < keys.length; i++) yield keys[i]!
    }
  }

  /** The keys below `hi`, descending, for a walk that no write interrupts (the leaves change in place). */
  *keysBefore(hi: Key): Generator<Key> {
    this.flush()
    const leaves = this.leaves
    // Stryker disable next-line BooleanLiteral: equivalent for `top = true` on every leaf: as in forEachKeyReverse, below the top leaf every key is below hi (also left out here: `top = false` at the start, killed)
    for (let t = lowerBound(this.firsts, hi) - 1, top = true; t >= 0; t--, top = false) {
      const keys = leaves[t]!.keys
      for (let i = top ? lowerBound(keys, hi) - 1 : keys.length - 1; i >= 0; i--) yield keys[i]!
    }
  }

  /** Puts the waiting changes into the leaves. */
  private flush(): void {
    const pending = this.pending
    if (pending.length === 0 && this.overfull.length === 0) return
    this.pending = []
    // Latin1 keys: the default sort's UTF-16 order is their byte order; then each key once, with its value now.
    pending.sort()
    const keys: Key[] = []
    const entries: Array<FlatEntry | undefined> = []
    for (let j = 0; j < pending.length; j++) {
      const key = pending[j]!
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `j > 0` as `true` and `j >= 0`: at j = 0, pending[-1] is undefined, never a key (also left out here: the line's other mutants, killed)
      if (j > 0 && key === pending[j - 1]) continue
      keys.push(key)
      entries.push(this.entryOf(key))
    }
    const leaves = this.leaves
    const firsts = this.firsts
    if (leaves.length === 0) leaves.push(new FlatLeaf([], [0], this.pages.take(0), this.pages.at, Pages.capacityFor(0)))
    // Leaves to split, remove or merge once every change is in (by index: the array does not change until then).
    const reshape: number[] = []
    let t = 0
    let c = 0
    while (c < keys.length) {
      // The leaf of keys[c]: from the last one on, by steps that double (changes in key order are mostly a few leaves apart).
      let step = 1
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent for the bound test as `true`, `<=` and `t - step`: past the end firsts[t + step] is undefined, and `undefined <= key` is false, which ends the loop as the bound test does (also left out here: the line's other mutants, killed or timed out)
      while (t + step < firsts.length && firsts[t + step]! <= keys[c]!) {
        t += step
        step *= 2
      }
      // Stryker disable next-line MethodExpression,ArithmeticOperator: equivalent for `Math.max` and `t - 1`: firsts[t] is not above the key and firsts[t + step] (if any) is, so a search from t - 1 or up to the end finds the same leaf (also left out here: `t - step` for the end, killed)
      t = lastNotAbove(firsts, keys[c]!, t + 1, Math.min(t + step, firsts.length))
      const d = t + 1 < leaves.length ? lowerBound(keys, firsts[t + 1]!, c) : keys.length
      const leaf = leaves[t]!
      this.apply(leaf, keys, entries, c, d)
      const n = leaf.keys.length
      if (n > 0) firsts[t] = leaf.keys[0]!
      // Stryker disable next-line EqualityOperator: equivalent for `n >= MAX_PAIRS`, `n >= 1` and `leaf.size >= MAX_BYTES`: reshape() neither splits nor merges a leaf of exactly 64 pairs, of one pair or of exactly 8 KiB (the next leaf would have to be empty, and goes either way), it fits it as the else branch does (also left out here: the line's other comparisons, killed)
      if (n === 0 || n > MAX_PAIRS || (n > 1 && leaf.size > MAX_BYTES) || (t + 1 < leaves.length && mergeable(leaf, leaves[t + 1]!))) reshape.push(t)
      else this.fit(leaf)
      c = d
    }
    // Leaves overwrites took past 8 KiB (unless a change above already took them in hand, or one left them).
    for (const leaf of this.overfull) {
      const at = lastNotAbove(firsts, leaf.keys[0]!, 0, firsts.length)
      // Stryker disable next-line LogicalOperator,EqualityOperator: equivalent: `at` is the leaf's index whenever it holds a pair, and reshape() only fits a leaf of one pair or of exactly 8 KiB, as the loop above did (also left out here: `!==` and the `<=` comparisons, killed)
      if (leaves[at] === leaf && leaf.keys.length > 1 && leaf.size > MAX_BYTES) reshape.push(at)
    }
    this.overfull = []
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `true` and `>=`: a reshape of no index keeps every leaf and makes the same arrays again (also left out here: `false` and `<=`, killed)
    if (reshape.length > 0) this.reshape([...new Set(reshape)].sort((a, b) => a - b))
  }

  /** Puts changes `c` to `d` (excluded) of `keys`/`entries`, all in the leaf's range, into the leaf. */
  private apply(leaf: FlatLeaf, keys: readonly Key[], entries: ReadonlyArray<FlatEntry | undefined>, c: number, d: number): void {
    let i = 0
    for (; c < d; c++) {
      const key = keys[c]!
      const entry = entries[c]
      i = lowerBound(leaf.keys, key, i)
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `i < leaf.keys.length` as `true` and `<=`: past the last key leaf.keys[i] is undefined, never the key (also left out here: the line's other mutants, killed)
      const found = i < leaf.keys.length && leaf.keys[i] === key
      if (entry === undefined) {
        if (found) this.removePair(leaf, i)
      } else {
        this.putPair(leaf, i, found, key, entry.value as StoredValue)
        entry.leaf = leaf
        // Stryker disable next-line UpdateOperator: equivalent for `i--`: `i` is only where the next search starts, and one before the pair just put still is at or below the next key's place (from -1 too: the search never reads keys[-1], as keys[0] is below the next key)
        i++
      }
    }
  }

  /** Sets pair `i` (replaced when `found`, else inserted before the pair there) to `key` and `value`. */
  private putPair(leaf: FlatLeaf, i: number, found: boolean, key: Key, value: StoredValue): void {
    const o = leaf.offsets
    const used = o[o.length - 1]!
    const start = o[2 * i]!
    const oldEnd = found ? o[2 * i + 2]! : start
    const size = key.length + value.length
    const delta = size - (oldEnd - start)
    // Twice the page at least: a leaf filled pair by pair (a batch appended) moves a few times, not once per pair.
    if (used + delta > leaf.capacity) this.move(leaf, Math.max(used + delta, 2 * leaf.capacity))
    const bytes = leaf.bytes
    const base = leaf.base
    // The pairs after it move by the change in size.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent for `true`, `||` and `<=`: with a delta of 0 the copy is onto itself, and with no pair after it the copy has no byte (also left out here: `false`, `delta === 0` and `>=`, killed)
    if (delta !== 0 && oldEnd < used) bytes.copyWithin(base + oldEnd + delta, base + oldEnd, base + used)
    // A key found is there already: only its value is written.
    // Stryker disable next-line ConditionalExpression: equivalent for `true`: a key found is there already, and writing it again writes the same bytes (also left out here: `false`, killed)
    if (!found) writeLatin1(bytes, key, base + start)
    writeLatin1(bytes, value, base + start + key.length)
    if (found) {
      // Stryker disable next-line ConditionalExpression: equivalent: shifting by 0 changes nothing (a value of the same length: the commonest overwrite)
      if (delta !== 0) for (let j = 2 * i + 2; j < o.length; j++) o[j]! += delta
    } else {
      leaf.keys.splice(i, 0, key)
      o.splice(2 * i + 1, 0, start + key.length, start + size)
      for (let j = 2 * i + 3; j < o.length; j++) o[j]! += delta
    }
  }

  /** Removes pair `i`. */
  private removePair(leaf: FlatLeaf, i: number): void {
    const o = leaf.offsets
    const used = o[o.length - 1]!
    const start = o[2 * i]!
    const end = o[2 * i + 2]!
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `true` and `<=`: after the last pair the copy has no byte (also left out here: `false` and `>=`, killed)
    if (end < used) leaf.bytes.copyWithin(leaf.base + start, leaf.base + end, leaf.base + used)
    leaf.keys.splice(i, 1)
    o.splice(2 * i + 1, 2)
    const size = end - start
    for (let j = 2 * i + 1; j < o.length; j++) o[j]! -= size
  }

  /** Moves the leaf's bytes to a page of {@link Pages.capacityFor}(size) (room for `size` bytes) and gives its old page back. */
  private move(leaf: FlatLeaf, size: number): void {
    const pages = this.pages
    const bytes = pages.take(size)
    const base = pages.at
    leaf.bytes.copy(bytes, base, leaf.base, leaf.base + leaf.size)
    pages.give(leaf.bytes, leaf.base, leaf.capacity)
    leaf.bytes = bytes
    leaf.base = base
    leaf.capacity = Pages.capacityFor(size)
  }

  /** Moves a leaf that holds less than a quarter of its page to a smaller one. */
  private fit(leaf: FlatLeaf): void {
    const capacity = Pages.capacityFor(leaf.size)
    if (4 * leaf.size <= leaf.capacity && capacity < leaf.capacity) this.move(leaf, leaf.size)
  }

  /** Splits, removes or merges the leaves at `at` (ascending indexes), and remakes the arrays of leaves. */
  private reshape(at: readonly number[]): void {
    const old = this.leaves
    const out: FlatLeaf[] = []
    let next = 0
    // The leaf at l took in the next: it is looked at again there.
    let carried = false
    for (let l = 0; l < old.length; l++) {
      const leaf = old[l]!
      let marked = carried
      carried = false
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `next < at.length` as `true` and `<=`: at[at.length] is undefined, never an index (also left out here: the whole test as `true`, and the line's other mutants, killed)
      if (next < at.length && at[next] === l) {
        marked = true
        next++
      }
      if (!marked) {
        out.push(leaf)
        continue
      }
      const n = leaf.keys.length
      if (n === 0) {
        leaf.dead = true
        this.pages.give(leaf.bytes, leaf.base, leaf.capacity)
      } else if (l + 1 < old.length && mergeable(leaf, old[l + 1]!)) {
        this.append(leaf, old[l + 1]!)
        old[l + 1] = leaf
        carried = true
      } else /* Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `n > 1` as `true` and `n >= 1`: a leaf of one pair past 8 KiB is never marked here (it takes in no leaf, none takes it in, and only leaves of several pairs are split) (also left out here: the line's other mutants, killed) */ if (n > MAX_PAIRS || (n > 1 && leaf.size > MAX_BYTES)) {
        for (const part of this.split(leaf)) out.push(part)
      } else {
        this.fit(leaf)
        out.push(leaf)
      }
    }
    this.leaves = out
    this.firsts = out.map((leaf) => leaf.keys[0]!)
  }

  /** Appends the pairs of `following` to `leaf` and gives the page of `following` back. */
  private append(leaf: FlatLeaf, following: FlatLeaf): void {
    const used = leaf.size
    const size = following.size
    // Stryker disable next-line ArithmeticOperator: equivalent for `2 / leaf.capacity`: two leaves that merge hold 8 KiB at most, so the page they outgrow is a power of two of 4 KiB at most, and the page for more bytes is twice it at least anyway (also left out here: `used - size`, killed)
    if (used + size > leaf.capacity) this.move(leaf, Math.max(used + size, 2 * leaf.capacity))
    following.bytes.copy(leaf.bytes, leaf.base + used, following.base, following.base + size)
    for (const key of following.keys) leaf.keys.push(key)
    following.dead = true
    const o = leaf.offsets
    const from = following.offsets
    for (let j = 1; j < from.length; j++) o.push(from[j]! + used)
    this.pages.give(following.bytes, following.base, following.capacity)
  }

  /**
   * The leaf split into even parts of at most {@link MAX_PAIRS} pairs and
   * {@link MAX_BYTES} bytes (a bigger pair alone): the first part stays in
   * the leaf, each other gets a page of its own (and its keys' entries point
   * to it).
   */
  private split(leaf: FlatLeaf): FlatLeaf[] {
    const n = leaf.keys.length
    const o = leaf.offsets
    const parts: FlatLeaf[] = [leaf]
    // Stryker disable next-line UnaryOperator: equivalent: the loop always ends a first part (at j = n at the latest), which sets `first` before it is read
    let first = -1
    const target = Math.ceil(n / Math.ceil(n / MAX_PAIRS))
    let a = 0
    for (let j = 1; j <= n; j++) {
      // Pairs a to j (excluded) make a part when the next pair would overfill it, or at the end.
      const full = j === n || j - a === target || (o[2 * j + 2]! - o[2 * a]! > MAX_BYTES)
      if (!full) continue
      if (a === 0) {
        first = j
        a = j
        continue
      }
      const start = o[2 * a]!
      const size = o[2 * j]! - start
      const bytes = this.pages.take(size)
      const base = this.pages.at
      leaf.bytes.copy(bytes, base, leaf.base + start, leaf.base + start + size)
      const offsets = o.slice(2 * a, 2 * j + 1)
      for (let k = 0; k < offsets.length; k++) offsets[k]! -= start
      parts.push(new FlatLeaf(leaf.keys.slice(a, j), offsets, bytes, base, Pages.capacityFor(size)))
      a = j
    }
    // The first part: the leaf itself, cut short, moved to a page its size. The keys of the other parts still point
    // to it from their entries: an overwrite of one finds it gone and takes the batch's way (see overwritten).
    leaf.keys.length = first
    o.length = 2 * first + 1
    if (Pages.capacityFor(leaf.size) < leaf.capacity) this.move(leaf, leaf.size)
    return parts
  }
}
