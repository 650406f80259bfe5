/**
 * {@link Entry} and {@link EntryRangeOptions}: what {@link Entries} reads and takes.
 *
 * @module
 */
import { ErrorCode, FoundError } from '../errors.js'
import type { TupleItem } from '../tuple/index.js'

/**
 * A versioned value (AStorage / AcapellaDB's `Entry`), as {@link Entries}
 * reads and writes it. An absent entry has `value` and `version` null.
 *
 * A version is the read version of the transaction that wrote the entry:
 * it only grows, also across a delete and a new write, so a compare-and-set
 * against an old version never succeeds by accident.
 * @typeParam T - the type of the values
 * @example
 * ```ts
 * const e = await users.get(db, ['foo', 'bar'])
 * console.log(`value = ${e.value}, version = ${e.version}`)
 * ```
 */
export interface Entry<T> {
  /**
   * The entry's key (inside its {@link Entries}).
   * @example
   * ```ts
   * e.key // ['foo', 'bar']
   * ```
   */
  readonly key: readonly TupleItem[]
  /**
   * The value; null when the entry does not exist.
   * @example
   * ```ts
   * if (e.version !== null) console.log(e.value)
   * ```
   */
  readonly value: T | null
  /**
   * The version; null when the entry does not exist.
   * @example
   * ```ts
   * await users.cas(db, { key: ['ada'], version: null }, v) // create only if absent
   * ```
   */
  readonly version: bigint | null
}

/**
 * Bounds of a range read in {@link Entries} (AcapellaDB's `range`).
 * `first` and `last` are exclusive, as in the seed: with keys a..e,
 * `{ first: ['a'], last: ['d'] }` gives b and c. An empty array (or
 * nothing) leaves that side open.
 * @example
 * ```ts
 * const page = await queue.range(db, { first: lastSeen, limit: 10 })
 * ```
 */
export interface EntryRangeOptions {
  /**
   * Only keys after this one (exclusive).
   * @example
   * ```ts
   * { first: ['a'] }
   * ```
   */
  first?: readonly TupleItem[]
  /**
   * Only keys before this one (exclusive).
   * @example
   * ```ts
   * { last: ['d'] }
   * ```
   */
  last?: readonly TupleItem[]
  /**
   * At most this many entries; 0 (the default) means all.
   * @example
   * ```ts
   * { limit: 2 }
   * ```
   */
  limit?: number
  /**
   * From the last key down.
   * @example
   * ```ts
   * { reverse: true, limit: 1 } // the newest entry of a queue
   * ```
   */
  reverse?: boolean
}

/** How many bytes the version takes at the start of a stored entry. */
const VERSION_BYTES = 8

/** A stored entry: the 8-byte big-endian version, then the encoded value. @internal */
export function packStored(version: bigint, bytes: Uint8Array): Buffer {
  const stored = Buffer.alloc(VERSION_BYTES + bytes.length)
  stored.writeBigUInt64BE(version, 0)
  stored.set(bytes, VERSION_BYTES)
  return stored
}

/** Splits a stored entry into its version and encoded value. @internal */
export function splitStored(stored: Uint8Array, what: string): { version: bigint; bytes: Uint8Array } {
  if (stored.length < VERSION_BYTES) throw new FoundError(ErrorCode.corruptData, `${what}: the stored value is too short to hold a version`)
  const version = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).readBigUInt64BE(0)
  return { version, bytes: stored.subarray(VERSION_BYTES) }
}
