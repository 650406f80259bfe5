import { BTree } from './btree.js'
import { ErrorCode, FoundError } from '../../errors.js'
import { compareKey, type Key } from './keyspace.js'

/**
 * The live value of a key and the version that wrote it. A value evicted
 * from memory is its length (a number): the bytes are on disk only.
 *
 * @internal
 */
export interface LiveEntry {
  value: Buffer | number
  readonly version: number
  /** Read since the eviction sweep last passed (a second chance). */
  used: boolean
}

/** The keys of the live data, in order (a B+ tree used as a set). @internal */
export type KeyTree = BTree<Key, undefined>

/** Reads the durable value of a key as it is on disk now. @internal */
export type DiskRead = (key: Key) => Buffer | undefined

/**
 * The newest committed data: the keys in a B+ tree (for order: range reads
 * and selectors) and every key's value in a hash index. Values live only in
 * the index: overwriting an existing key, the commonest write, is one Map
 * update with no tree work, and a point read is one Map lookup (~10x faster
 * than a B+ tree search over a million keys). Stored values are never
 * changed in place: a write stores a new Buffer.
 *
 * With a disk below (the durable engine), values may be evicted to keep
 * {@link hotBytes} under a budget; an evicted value is read back from disk
 * when asked for. Keys always stay in memory.
 *
 * @internal
 */
export class LiveData {
  /** The keys, in byte order. */
  readonly keys: KeyTree = new BTree<Key, undefined>(undefined, compareKey, 64)
  private readonly index = new Map<Key, LiveEntry>()
  /** Bytes of the values held in memory. */
  hotBytes = 0
  /** Where the eviction sweep goes on from (a clock over the index). */
  private hand: Iterator<LiveEntry> | null = null

  constructor(private readonly disk: DiskRead | null = null) {}

  /** How many keys there are. */
  get size(): number {
    return this.index.size
  }

  /** The key's live entry; undefined when absent. */
  entry(key: Key): LiveEntry | undefined {
    return this.index.get(key)
  }

  /** The bytes of a present key's entry, from disk when evicted. */
  bytesOf(key: Key, entry: LiveEntry): Buffer {
    const value = entry.value
    if (typeof value !== 'number') {
      entry.used = true
      return value
    }
    const stored = this.disk?.(key)
    if (stored === undefined) {
      throw new FoundError(ErrorCode.corruptData, `the value of a key evicted from memory is missing on disk (key ${Buffer.from(key, 'latin1').toString('hex')})`)
    }
    return stored
  }

  /** The key's live value; null when absent. */
  value(key: Key): Buffer | null {
    const entry = this.index.get(key)
    return entry === undefined ? null : this.bytesOf(key, entry)
  }

  /** The live value of a key known to be present (from {@link keys}). */
  valueOfPresent(key: Key): Buffer {
    return this.bytesOf(key, this.index.get(key)!)
  }

  /** The length of a present key's value, without reading it from disk. */
  lengthOf(key: Key): number {
    const value = this.index.get(key)!.value
    return typeof value === 'number' ? value : value.length
  }

  /**
   * Sets `key` to `value` (null: removes it), written at `version`. Returns
   * what it had: its bytes, null when absent, or the length of a value that
   * is on disk only.
   */
  write(key: Key, value: Buffer | null, version: number): Buffer | number | null {
    const before = this.index.get(key)
    if (before !== undefined && typeof before.value !== 'number') this.hotBytes -= before.value.length
    if (value === null) {
      if (before === undefined) return null
      this.index.delete(key)
      this.keys.delete(key)
      return before.value
    }
    this.index.set(key, { value, version, used: true })
    this.hotBytes += value.length
    if (before === undefined) {
      this.keys.set(key, undefined)
      return null
    }
    return before.value
  }

  /** Adds a key whose value (of `length` bytes) is on disk only; for loading. */
  addOnDisk(key: Key, length: number): void {
    this.index.set(key, { value: length, version: 0, used: false })
    this.keys.set(key, undefined)
  }

  /**
   * Evicts values (not written after `maxVersion`, which must be durable)
   * until at most `target` bytes are in memory: a clock sweep that gives
   * values read since its last pass a second chance.
   */
  evict(target: number, maxVersion: number): void {
    let budget = 2 * this.index.size + 2
    while (this.hotBytes > target && budget-- > 0) {
      let r = (this.hand ??= this.index.values()).next()
      if (r.done === true) {
        this.hand = this.index.values()
        r = this.hand.next()
        if (r.done === true) return
      }
      const entry = r.value
      const value = entry.value
      if (typeof value === 'number' || entry.version > maxVersion) continue
      if (entry.used) {
        entry.used = false
        continue
      }
      entry.value = value.length
      this.hotBytes -= value.length
    }
  }

  /** The keys in [lo, hi), ascending. */
  keysIn(lo: Key, hi: Key): Key[] {
    const out: Key[] = []
    this.keys.forRange(lo, hi, false, (k) => {
      out.push(k)
    })
    return out
  }
}
