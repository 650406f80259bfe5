import { packPairs, type PackedPairs } from '../packed.js'
import type { Key, StoredValue } from './keyspace.js'

/** What a leaf of the live tree holds per key: its entry, which says whether a packed leaf copied its value. @internal */
export interface PackableEntry {
  /** A packed leaf holds this entry's value: a change of the value must make the tree copy the leaf. */
  packed: boolean
}

/** A leaf of `sorted-btree`: a node the tree copies before changing it once it is marked shared. @internal */
export interface TreeLeaf {
  readonly keys: readonly Key[]
  readonly values: readonly unknown[]
  isShared: boolean | undefined
}

/**
 * Leaves of the live tree packed for range reads: a leaf's keys and values
 * back to back in one Buffer with their offsets ({@link PackedPairs}, the
 * form a range read hands out), so that reading many adjacent keys copies
 * sequential memory instead of touching each key's string and entry, two
 * objects scattered over the heap (measured: ~0.6 µs per key on a tree of
 * 1.8 M keys).
 *
 * A packed leaf stays right without any check per read: packing marks the
 * leaf node shared, which makes `sorted-btree` copy it (copy-on-write, as
 * for its O(1) `clone`) before any insert, delete, merge or rebalance
 * touches it, so the packed node itself never changes; and it marks each
 * entry `packed`, so that the live data, which changes values in place in
 * the entry, first sets the key in the tree again (copying the leaf). A
 * copied leaf is a new node, packed again when read. This leans on
 * `sorted-btree`'s internals (read in 2.1.0's source: `set`, and `delete`'s
 * edit, merge and rebalance paths, copy a shared node before changing it),
 * so core pins that version exactly; packed-leaves.test.ts's model test
 * fails on a version that stops copying.
 *
 * A leaf is packed when a read takes at least half of it, or once small
 * reads have read as many of its keys as it holds (packing reads them all
 * once: the leaf is packed when reading it unpacked has cost what packing
 * costs: at most twice what the better choice in hindsight would have
 * cost), so random lookups of a few keys over a large store, which seldom
 * come back to a leaf, pay nothing for packing; a leaf they keep coming
 * back to is packed after a few reads.
 *
 * Memory: a packed leaf is a second copy of its keys' and values' bytes,
 * plus 8 bytes of offsets a pair and a few objects per leaf (a leaf holds
 * up to 64 keys), in a Buffer of its own (a slice of Node's shared pool
 * would keep its whole 8 KiB slab alive). Only leaves still in the tree stay
 * reachable (a leaf the tree copied away is garbage once no batch being
 * read holds it), so what packing holds is at most about the raw bytes of
 * the data that range reads went over, while the live data itself takes
 * 4 to 6 times its raw bytes. It is also capped by {@link budget} (default
 * 128 MiB): the bytes packed are counted (leaves copied away since stay in
 * the count, so it runs ahead of what is held), and a leaf that would take
 * the count past the budget first drops every packed leaf; the marks left
 * on nodes and entries then only cost, on their next write, a copy of the
 * leaf and a descent of the tree. Memory engine only: a durable store
 * evicts values from memory, which packed copies would defeat.
 *
 * @internal
 */
export class PackedLeaves {
  /** Per leaf node: its packed pairs, or how many of its keys small reads have read so far. */
  private leaves = new WeakMap<TreeLeaf, PackedPairs | number>()
  /** Bytes packed since the leaves were last dropped (data and offsets). */
  private held = 0

  /**
   * @param budget - Most bytes of packed leaves to hold (data and offsets);
   *   past it every packed leaf is dropped. A leaf larger than the whole
   *   budget is still packed (alone).
   */
  constructor(readonly budget: number = 128 * 1024 * 1024) {}

  /** Bytes packed since the leaves were last dropped (data and offsets). */
  get heldBytes(): number {
    return this.held
  }

  /**
   * The packed pairs of `leaf` for a read of its keys `from` to `to`
   * (excluded), or null when this read should read just those keys (a small
   * read of a leaf not yet read as much as it holds). `valueOf` gives an
   * entry's stored value.
   */
  of<E extends PackableEntry>(leaf: TreeLeaf, from: number, to: number, valueOf: (key: Key, entry: E) => StoredValue): PackedPairs | null {
    const known = this.leaves.get(leaf)
    if (typeof known === 'object') return known
    const keys = leaf.keys
    const n = keys.length
    // Packing touches every key of the leaf: worth it once reads have touched as many (rent or buy).
    const read = (known ?? 0) + (to - from)
    if (2 * (to - from) < n && read < n) {
      this.leaves.set(leaf, read)
      return null
    }
    const entries = leaf.values as readonly E[]
    // Stryker disable next-line ArrayDeclaration: equivalent: a pre-sized array, filled index by index
    const stored = new Array<StoredValue>(n)
    for (let i = 0; i < n; i++) {
      const entry = entries[i]!
      stored[i] = valueOf(keys[i]!, entry)
      entry.packed = true
    }
    // A Buffer of its own: a long-lived slice of the shared pool would keep its whole 8 KiB slab alive.
    const packed = packPairs(keys, stored, Buffer.allocUnsafeSlow)
    const size = packed.bytes.length + packed.offsets.byteLength
    if (this.held + size > this.budget) {
      this.leaves = new WeakMap()
      this.held = 0
    }
    leaf.isShared = true
    this.leaves.set(leaf, packed)
    this.held += size
    return packed
  }
}
