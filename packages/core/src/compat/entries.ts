import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { requireKnownOptions } from '../options/known.js'
import type { KeyValue } from '../engine/types.js'
import type { Database } from '../api/database.js'
import type { Transaction } from '../api/transaction.js'
import { get, getMany } from '../api/reads.js'
import { set } from '../api/writes.js'
import { query } from '../api/query.js'
import { addReadConflictKey, readVersion } from '../api/versions.js'
import type { Subspace } from '../subspace/index.js'
import type { TupleItem } from '../tuple/index.js'
import { decodeWith, encodeWith, requireCodec, type ValueCodec } from '../codec/codec.js'
import { inTransaction, type DbOrTx } from '../bulk/context.js'
import { clearReportingExisted, earlierAttempt, rememberAttempt } from '../api/attempts.js'
import { scanAll } from '../scan/all.js'
import { EntryBatch } from './entry-batch.js'
import { formatTuple, keyAfter, requireLimit, requireTuple, toSubspace } from './util.js'
import { packStored, splitStored, type Entry, type EntryRangeOptions } from './entry.js'

/**
 * Versioned entries under one subspace (AStorage / AcapellaDB's `Entry`,
 * and their partition / clustering keys): `get`, `set`, compare-and-set
 * `cas`, `delete`, and range reads. An immutable handle; every method takes
 * a database (it runs in a transaction of its own) or a transaction (it
 * joins it). Stored value: the 8-byte big-endian version, then the codec's bytes.
 *
 * @typeParam T - the type of the values
 * @example
 * ```ts
 * const users = new Entries(['users'], jsonCodec)
 * const e1 = await users.set(db, ['foo', 'bar'], 'value 1')
 * const e2 = await users.cas(db, e1, 'value 2')   // fails if someone wrote in between
 * ```
 */
export class Entries<T> {
  /**
   * Where the entries are stored: key `subspace.pack(key)`.
   * @example
   * ```ts
   * users.subspace.range() // every entry
   * ```
   */
  readonly subspace: Subspace
  /**
   * How values are encoded.
   * @example
   * ```ts
   * users.codec === jsonCodec
   * ```
   */
  readonly codec: ValueCodec<T>

  /**
   * @param prefix - a subspace, or tuple items to make one
   * @param codec - how values are encoded
   * @example
   * ```ts
   * const users = new Entries(new Subspace(['app', 'users']), jsonCodec)
   * ```
   */
  constructor(prefix: Subspace | readonly TupleItem[], codec: ValueCodec<T>) {
    this.subspace = toSubspace(prefix, `new ${new.target.name}`)
    this.codec = requireCodec(codec, `new ${new.target.name}: codec`)
  }

  /**
   * The entries of one partition (AcapellaDB's partition key): those whose
   * keys start with `partition`; their own keys are the clustering keys.
   * @example
   * ```ts
   * const users = store.partition(['users'])
   * await users.set(db, ['first'], { age: 25 })
   * await users.range(db, { limit: 2 })
   * ```
   */
  partition(partition: readonly TupleItem[]): this {
    const p = requireTuple(partition, `${this.constructor.name}.partition: partition`)
    const Ctor = this.constructor as new (s: Subspace, c: ValueCodec<T>) => this
    return new Ctor(this.subspace.subspace(p), this.codec)
  }

  /**
   * Reads the entry at `key` (value and version; both null when absent).
   * @example
   * ```ts
   * const e = await users.get(db, ['foo', 'bar'])
   * ```
   */
  async get(where: DbOrTx, key: readonly TupleItem[]): Promise<Entry<T>> {
    const k = this.keyOf(key, 'get')
    return inTransaction(where, `${this.constructor.name}.get`, async (tx) => this.decode(key, await get(tx, k)))
  }

  /**
   * Several entries at once, read concurrently in one transaction.
   * @example
   * ```ts
   * const [a, b] = await users.getMany(db, [['a'], ['b']])
   * ```
   */
  async getMany(where: DbOrTx, keys: ReadonlyArray<readonly TupleItem[]>): Promise<Array<Entry<T>>> {
    if (!Array.isArray(keys)) throw new TypeError(`${this.constructor.name}.getMany: keys must be an array of keys, got ${describe(keys)}`)
    const ks = keys.map((key, i) => this.keyOf(key, `getMany: keys[${i}]`))
    return inTransaction(where, `${this.constructor.name}.getMany`, async (tx) => (await getMany(tx, ks)).map((v, i) => this.decode(keys[i]!, v)))
  }

  /**
   * Sets the value at `key`, whatever its version.
   * @returns the entry as written, with its new version
   * @example
   * ```ts
   * const e = await users.set(db, ['foo', 'bar'], 'value 1')
   * ```
   */
  async set(where: DbOrTx, key: readonly TupleItem[], value: T): Promise<Entry<T>> {
    const k = this.keyOf(key, 'set')
    const bytes = encodeWith(this.codec, value, `${this.constructor.name}.set`)
    return inTransaction(where, `${this.constructor.name}.set`, (tx) => this.write(tx, key, k, value, bytes))
  }

  /**
   * Compare-and-set: writes `value` only if the entry is still at
   * `expected.version` (null: only if it does not exist).
   * @returns the entry as written, with its new version
   * @throws FoundError versionMismatch when the entry moved on (written or
   *   deleted since `expected` was read); nothing is written. Safe to
   *   retry: when an earlier attempt of the same transaction wrote the entry
   *   and was applied although its commit reported 1021, the retry returns
   *   that entry instead of failing
   * @example
   * ```ts
   * const e = await users.get(db, ['foo', 'bar'])
   * await users.cas(db, e, 'value 3')
   * ```
   */
  async cas(where: DbOrTx, expected: Pick<Entry<T>, 'key' | 'version'>, value: T): Promise<Entry<T>> {
    const what = `${this.constructor.name}.cas`
    if (typeof expected !== 'object' || expected === null) throw new TypeError(`${what}: expected must be an entry ({ key, version }), got ${describe(expected)}`)
    const { key, version } = expected
    if (version !== null && typeof version !== 'bigint') throw new TypeError(`${what}: expected.version must be a bigint or null, got ${describe(version)}`)
    const k = this.keyOf(key, 'cas: expected.key')
    const bytes = encodeWith(this.codec, value, what)
    return inTransaction(where, what, async (tx) => {
      const stored = await get(tx, k)
      const current = this.decode(key, stored)
      const memo = `entry written ${Buffer.from(k).toString('hex')}`
      // After 1021, the stored bytes (version and value) may be exactly what an earlier attempt of this cas wrote: it was applied.
      const earlier = earlierAttempt(tx, memo)
      if (stored !== null && earlier instanceof Uint8Array && Buffer.compare(stored, earlier) === 0) return current
      if (current.version !== version) {
        const now = current.version === null ? 'does not exist (it was deleted, or never written)' : `is at version ${current.version}`
        const want = version === null ? 'it must not exist' : `version ${version} was expected`
        throw new FoundError(ErrorCode.versionMismatch, `${what}: the entry ${formatTuple(key)} ${now}, but ${want}; read it again and retry`)
      }
      const written = await this.write(tx, key, k, value, bytes)
      rememberAttempt(tx, memo, packStored(written.version!, bytes))
      return written
    })
  }

  /**
   * Deletes the entry at `key`.
   * @returns whether it existed; also when the transaction ran again after
   *   a 1021 whose first attempt deleted it
   * @example
   * ```ts
   * await users.delete(db, ['foo', 'bar'])
   * ```
   */
  async delete(where: DbOrTx, key: readonly TupleItem[]): Promise<boolean> {
    const k = this.keyOf(key, 'delete')
    return inTransaction(where, `${this.constructor.name}.delete`, (tx) => clearReportingExisted(tx, k))
  }

  /**
   * The entries between `first` and `last` (both exclusive), in key order,
   * read in one transaction. For more than a transaction can read, use
   * {@link Entries.scan}.
   * @example
   * ```ts
   * const data = await tree.range(db, { first: ['a'], last: ['d'], limit: 2 }) // keys b, c
   * ```
   */
  async range(where: DbOrTx, options: EntryRangeOptions = {}): Promise<Array<Entry<T>>> {
    const { begin, end, limit, reverse } = this.bounds(options, 'range')
    return inTransaction(where, `${this.constructor.name}.range`, async (tx) => {
      if (Buffer.compare(begin, end) >= 0) return []
      return (await query(tx, begin, end, { limit, reverse }).toArray()).map((kv) => this.fromPair(kv))
    })
  }

  /**
   * The entries between `first` and `last` (both exclusive), however many:
   * read in as many transactions as it takes ({@link scanAll}), so not a
   * snapshot.
   * @example
   * ```ts
   * for await (const e of queue.scan(db)) console.log(e.key, e.value)
   * ```
   */
  async *scan(db: Database, options: EntryRangeOptions = {}): AsyncGenerator<Entry<T>> {
    const { begin, end, limit, reverse } = this.bounds(options, 'scan')
    if (Buffer.compare(begin, end) >= 0) return
    for await (const kv of scanAll(db, begin, end, { limit, reverse })) yield this.fromPair(kv)
  }

  /**
   * A batch of writes to send at once (AcapellaDB's `BatchManual`).
   * @example
   * ```ts
   * const batch = queue.batch()
   * for (let i = 0; i < 10; i++) batch.set([Date.now(), i], i)
   * await batch.send(db)
   * ```
   */
  batch(): EntryBatch<T> {
    return new EntryBatch(this)
  }

  /** Writes one entry at the transaction's read version. @internal */
  write(tx: Transaction, key: readonly TupleItem[], k: Uint8Array, value: T, bytes: Uint8Array): Promise<Entry<T>> {
    return readVersion(tx).then((version) => {
      addReadConflictKey(tx, k) // the next writer must see this write: versions only grow
      set(tx, k, packStored(version, bytes))
      return Object.freeze({ key: [...key], value, version })
    })
  }

  /** The stored key of `key`. @internal */
  keyOf(key: readonly TupleItem[], what: string): Uint8Array {
    return this.subspace.pack(requireTuple(key, `${this.constructor.name}.${what}`))
  }

  private decode(key: readonly TupleItem[], stored: Uint8Array | null): Entry<T> {
    if (stored === null) return Object.freeze({ key: [...key], value: null, version: null })
    const what = `${this.constructor.name}: entry ${formatTuple(key)}`
    const { version, bytes } = splitStored(stored, what)
    return Object.freeze({ key: [...key], value: decodeWith(this.codec, bytes, what), version })
  }

  /** An entry from a range-read pair. @internal */
  fromPair([k, v]: KeyValue): Entry<T> {
    return this.decode(this.subspace.unpack(k), v)
  }

  private bounds(options: EntryRangeOptions, what: string): { begin: Uint8Array; end: Uint8Array; limit: number; reverse: boolean } {
    const w = `${this.constructor.name}.${what}`
    if (options === null) throw new TypeError(`${w}: options must be an object, got ${describe(options)}`)
    const { first = [], last = [], limit = 0, reverse = false } = requireKnownOptions(w, options, ['first', 'last', 'limit', 'reverse'])
    requireTuple(first, `${w}: first`, true)
    requireTuple(last, `${w}: last`, true)
    requireLimit(limit, `${w}: limit`)
    if (typeof reverse !== 'boolean') throw new TypeError(`${w}: reverse must be a boolean, got ${describe(reverse)}`)
    const all = this.subspace.range()
    return {
      begin: first.length === 0 ? all.begin : keyAfter(this.subspace.pack(first)),
      end: last.length === 0 ? all.end : this.subspace.pack(last),
      limit,
      reverse,
    }
  }
}
