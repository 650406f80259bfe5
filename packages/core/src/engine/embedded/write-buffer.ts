import { BTree } from './btree.js'
import type { MutationType } from '../types.js'
import { ErrorCode, FoundError } from '../../errors.js'
import { applyAtomic } from './atomic.js'
import { compareKey, fromLatin1, keyAfter, type Key, type StoredValue } from './keyspace.js'
import type { Mutation } from './mutation.js'

/** An atomic operation that can be folded into a known value. @internal */
export type FoldableMutation = Exclude<MutationType, 'setVersionstampedKey' | 'setVersionstampedValue'>

/**
 * What a transaction knows about one key it wrote:
 * - `value`: the key's value is known (null: cleared);
 * - `ops`: atomic operations wait on the stored value, read at read time;
 * - `unreadable`: a versionstamped value whose bytes exist only after commit.
 *
 * @internal
 */
export type PendingWrite =
  | { readonly kind: 'value'; readonly value: Buffer | null }
  | { readonly kind: 'ops'; readonly ops: ReadonlyArray<readonly [FoldableMutation, Buffer]> }
  | { readonly kind: 'unreadable' }

const CLEARED: PendingWrite = Object.freeze({ kind: 'value', value: null })
const UNREADABLE: PendingWrite = Object.freeze({ kind: 'unreadable' })

/**
 * A transaction's uncommitted writes, kept so that its own reads see them
 * (read-your-writes): one entry per written key, plus the cleared ranges.
 *
 * @internal
 */
export class WriteBuffer {
  /** Key -> what the transaction wrote there. */
  private readonly writes = new Map<Key, PendingWrite>()
  /** The same entries in key order, made when a range read or range clear first needs them. */
  private ordered: BTree<Key, PendingWrite> | null = null
  /** Disjoint cleared ranges: begin -> end (exclusive); made on the first clear of a range. */
  private clearedRanges: BTree<Key, Key> | null = null

  /** True when nothing has been written. */
  get isEmpty(): boolean {
    // (clearedRanges, once made, always holds a range: clearRange only adds.)
    // Stryker disable next-line ConditionalExpression: equivalent for `false`: a fast path, an empty buffer's unknown ranges and merged scans are the whole range and the stored pairs (also left out here: `true`, killed by the read-your-writes range tests)
    return this.writes.size === 0 && this.clearedRanges === null
  }

  /** The written keys in order (most transactions never ask, and never pay for ordering). */
  get entries(): BTree<Key, PendingWrite> {
    // Stryker disable next-line ConditionalExpression: equivalent for `true`: a cache; `writes` and `ordered` hold the same entries, so rebuilding gives the same tree (also left out here: `false`, killed by every range read)
    if (this.ordered === null) {
      // Stryker disable next-line MethodExpression: equivalent: sorted-btree's constructor inserts the pairs one by one in any order (sorted input is only cheaper)
      const keys = [...this.writes.keys()].sort()
      this.ordered = new BTree<Key, PendingWrite>(
        keys.map((k) => [k, this.writes.get(k)!]),
        compareKey,
      )
    }
    return this.ordered
  }

  private put(key: Key, pending: PendingWrite): void {
    this.writes.set(key, pending)
    this.ordered?.set(key, pending)
  }

  set(key: Key, value: Buffer): void {
    this.put(key, { kind: 'value', value })
  }

  clear(key: Key): void {
    this.put(key, CLEARED)
  }

  clearRange(begin: Key, end: Key): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: the transaction records no empty or inverted range (it returns, or throws 2005, first)
    if (begin >= end) return
    const entries = this.entries
    entries.forRange(begin, end, false, (k) => {
      this.writes.delete(k)
    })
    entries.deleteRange(begin, end, false)
    const cleared = (this.clearedRanges ??= new BTree<Key, Key>(undefined, compareKey))
    // Merge with every cleared range that overlaps or touches [begin, end).
    let newBegin = begin
    let newEnd = end
    const before = cleared.getPairOrNextLower(begin)
    // (Its end is merged by the walk below, which starts at its begin.)
    // Stryker disable next-line EqualityOperator: equivalent for `>`: a range that only touches `begin`, kept apart, clears and reads the same (also left out here: `<`, killed by write-buffer-model.test.ts)
    if (before !== undefined && before[1] >= begin) newBegin = before[0]
    // Stryker disable next-line ArrayDeclaration: equivalent: deleting a key that is not a range's begin does nothing
    const absorbed: Key[] = []
    // Stryker disable next-line BooleanLiteral: equivalent: a range that only touches newEnd, kept apart, clears and reads the same
    cleared.forRange(newBegin, newEnd, true, (b, e) => {
      absorbed.push(b)
      // Stryker disable next-line EqualityOperator: equivalent for `>=`: newEnd = e when equal changes nothing (also left out here: `<=`, killed by write-buffer-model.test.ts)
      if (e > newEnd) newEnd = e
    })
    cleared.deleteKeys(absorbed)
    cleared.set(newBegin, newEnd)
  }

  /** Records an atomic operation, folding it into a known value when there is one. */
  atomic(key: Key, type: FoldableMutation, param: Buffer): void {
    const pending = this.lookup(key)
    if (pending === undefined) {
      this.put(key, { kind: 'ops', ops: [[type, param]] })
    } else if (pending.kind === 'value') {
      this.put(key, { kind: 'value', value: applyAtomic(type, pending.value, param) })
    } else if (pending.kind === 'ops') {
      this.put(key, { kind: 'ops', ops: [...pending.ops, [type, param]] })
    }
    // An unreadable key stays unreadable: its base is only known at commit.
  }

  /** Records one of the transaction's writes (in the order they were made). */
  replay(m: Mutation): void {
    switch (m.type) {
      case 'set':
        return this.set(m.key, m.value)
      case 'clear':
        return this.clear(m.key)
      case 'clearRange':
        return this.clearRange(m.begin, m.end)
      case 'atomic':
        return this.atomic(m.key, m.op, m.param)
      case 'versionstampedValue':
        return this.setUnreadable(m.key)
      // Stryker disable next-line ConditionalExpression: equivalent: without the case, the switch ends the same way (nothing recorded)
      case 'versionstampedKey':
        // Its key is unknown until commit: the transaction keeps the range it may land in unreadable.
        return
    }
  }

  /** Marks a key whose value holds a versionstamp (unknown until commit). */
  setUnreadable(key: Key): void {
    this.put(key, UNREADABLE)
  }

  /** Whether `key` lies in a range this transaction cleared. */
  isCleared(key: Key): boolean {
    const cleared = this.clearedRanges
    if (cleared === null) return false
    const pair = cleared.getPairOrNextLower(key)
    return pair !== undefined && key < pair[1]
  }

  /**
   * The parts of [begin, end) whose values the transaction does not know
   * from its own writes: everything but the cleared ranges and the keys it
   * set or cleared (a key with pending atomic operations depends on the
   * stored value, so it stays unknown). Reads of the known parts need no
   * read conflict.
   */
  unknownRanges(begin: Key, end: Key): Array<[Key, Key]> {
    const known: Array<[Key, Key]> = []
    const cleared = this.clearedRanges
    if (cleared !== null) {
      // The range starting at or before `begin` may reach into [begin, end): the walk below skips
      // the part before `from`, and a range ending before `begin` or listed twice adds nothing.
      const before = cleared.getPairOrNextLower(begin)
      if (before !== undefined) known.push(before)
      // Stryker disable next-line BooleanLiteral: equivalent: a cleared range starting at `end` adds nothing inside [begin, end)
      cleared.forRange(begin, end, false, (b, e) => {
        known.push([b, e])
      })
    }
    // Stryker disable next-line BooleanLiteral: equivalent: a value at `end` would add [end, end 00), which lies outside [begin, end)
    this.entries.forRange(begin, end, false, (k, pending) => {
      if (pending.kind === 'value') known.push([k, keyAfter(k)])
    })
    known.sort((a, b) => compareKey(a[0], b[0]))
    const unknown: Array<[Key, Key]> = []
    let from = begin
    // Every known range starts below `end` (so `b` needs no clamping); the ones after `from` reached `end` add nothing.
    for (const [b, e] of known) {
      if (b > from) unknown.push([from, b])
      // Stryker disable next-line EqualityOperator: equivalent for `>=`: from = e when they are equal changes nothing (also left out here: `<=`, killed by write-buffer-model.test.ts)
      if (e > from) from = e
    }
    if (from < end) unknown.push([from, end])
    return unknown
  }

  /** What the transaction wrote at `key`, if anything (a cleared range counts). */
  lookup(key: Key): PendingWrite | undefined {
    const entry = this.writes.get(key)
    if (entry !== undefined) return entry
    return this.isCleared(key) ? CLEARED : undefined
  }
}

/**
 * The value a reader sees for a key given what the transaction wrote there
 * (undefined: nothing) and the stored value underneath.
 *
 * @internal
 */
export function resolvePending<S extends StoredValue | Buffer>(pending: PendingWrite | undefined, stored: S | null): S | Buffer | null {
  if (pending === undefined) return stored
  switch (pending.kind) {
    case 'value':
      return pending.value
    case 'ops': {
      let value = typeof stored === 'string' ? fromLatin1(stored) : (stored as Buffer | null)
      for (const [type, param] of pending.ops) value = applyAtomic(type, value, param)
      return value
    }
    case 'unreadable':
      throw new FoundError(
        ErrorCode.accessedUnreadable,
        'read a key whose value was set with setVersionstampedValue in this transaction: it is unknown until commit',
      )
  }
}
