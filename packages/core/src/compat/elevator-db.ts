import { ErrorCode, FoundError } from '../errors.js'
import { describe, nextPrefix } from '../keys/bytes.js'
import type { KeyValue } from '../engine/types.js'
import { Transaction } from '../api/transaction.js'
import { get, getMany } from '../api/reads.js'
import { clear, set } from '../api/writes.js'
import { query } from '../api/query.js'
import type { Subspace } from '../subspace/index.js'
import type { DirectoryLayer } from '../directory/index.js'
import { sameBytes } from '../directory/layout.js'
import { decodeWith, encodeWith, stringCodec, type ValueCodec } from '../codec/codec.js'
import { inTransaction, requireDbOrTx, type DbOrTx } from '../bulk/context.js'
import type { BulkProgress } from '../bulk/chunks.js'
import { scanAll } from '../scan/all.js'
import { WriteBatch, type WriteBatchOptions } from './elevator-batch.js'
import { keyAfter, requireLimit } from './util.js'

/**
 * One named Elevator database, connected ({@link Elevator.connect}): a
 * LevelDB-style ordered map of keys to values inside its own directory.
 * Keys are stored as their codec's bytes right after the directory's
 * prefix, so they sort as LevelDB sorts them (byte-wise). An immutable
 * handle; every method takes a database or a transaction.
 *
 * @typeParam K - the type of the keys (string by default)
 * @typeParam V - the type of the values (string by default)
 * @example
 * ```ts
 * const e = await new Elevator().connect(db)
 * await e.put(db, 'abc', '123')
 * await e.get(db, 'abc')                              // '123'
 * await e.mget(db, ['abc', 'easy as', 'you and me'])  // ['123', 'do re mi', null]
 * ```
 */
export class ElevatorDb<K, V> {
  readonly #prefix: Buffer
  readonly #liveness: Liveness

  /** @internal Use {@link Elevator.connect} or {@link Elevator.createdb}. */
  constructor(
    /**
     * The database's name.
     * @example
     * ```ts
     * (await elevator.connect(db, 'testdb')).name // 'testdb'
     * ```
     */
    readonly name: string,
    /**
     * The directory it lives in (its keys start with `subspace.key()`).
     * @example
     * ```ts
     * e.subspace.key()
     * ```
     */
    readonly subspace: Subspace,
    /**
     * How keys are encoded (must preserve order).
     * @example
     * ```ts
     * e.keys === stringCodec
     * ```
     */
    readonly keys: ValueCodec<K>,
    /**
     * How values are encoded.
     * @example
     * ```ts
     * e.values === stringCodec
     * ```
     */
    readonly values: ValueCodec<V>,
    liveness: Liveness,
  ) {
    this.#prefix = Buffer.from(subspace.key())
    this.#liveness = liveness
  }

  /**
   * Throws notFound unless this handle's database still exists with the
   * same prefix, read in `tx` (one read of its directory entry): after a
   * `dropdb`, writes through an old handle would go to a prefix no database
   * uses, lost to a later `createdb` of the same name. @internal
   */
  async checkLive(tx: Transaction, what: string): Promise<void> {
    const { entryKey, directory, path } = this.#liveness
    let current: Uint8Array | null
    if (entryKey !== null) current = await get(tx, entryKey)
    else current = (await directory.exists(tx, path)) ? (await directory.open(tx, path)).key() : null
    if (current === null || !sameBytes(current, this.#prefix)) {
      throw new FoundError(
        ErrorCode.notFound,
        `${what}: the database ${JSON.stringify(this.name)} was dropped since this handle was made; connect again (elevator.connect) to write to a new one`,
      )
    }
  }

  /**
   * The value at `key`, or null.
   * @example
   * ```ts
   * await e.get(db, 'abc') // '123'
   * ```
   */
  async get(where: DbOrTx, key: K): Promise<V | null> {
    const k = this.rawKey(key, 'get')
    return inTransaction(where, 'ElevatorDb.get', async (tx) => this.value(await get(tx, k)))
  }

  /**
   * Sets `key` to `value`.
   * @example
   * ```ts
   * await e.put(db, 'abc', '123')
   * ```
   */
  async put(where: DbOrTx, key: K, value: V): Promise<void> {
    const k = this.rawKey(key, 'put')
    const v = encodeWith(this.values, value, 'ElevatorDb.put')
    await inTransaction(where, 'ElevatorDb.put', async (tx) => {
      await this.checkLive(tx, 'ElevatorDb.put')
      set(tx, k, v)
    })
  }

  /**
   * Deletes `key` (nothing happens when it is absent).
   * @example
   * ```ts
   * await e.delete(db, 'abc')
   * ```
   */
  async delete(where: DbOrTx, key: K): Promise<void> {
    const k = this.rawKey(key, 'delete')
    await inTransaction(where, 'ElevatorDb.delete', async (tx) => {
      await this.checkLive(tx, 'ElevatorDb.delete')
      clear(tx, k)
    })
  }

  /**
   * The values of several keys, read concurrently in one transaction; null for absent keys.
   * @example
   * ```ts
   * await e.mget(db, ['abc', 'easy as', 'you and me']) // ['123', 'do re mi', null]
   * ```
   */
  async mget(where: DbOrTx, keys: readonly K[]): Promise<Array<V | null>> {
    if (!Array.isArray(keys)) throw new TypeError(`ElevatorDb.mget: keys must be an array, got ${describe(keys)}`)
    const ks = keys.map((key, i) => this.rawKey(key, `mget: keys[${i}]`))
    return inTransaction(where, 'ElevatorDb.mget', async (tx) => (await getMany(tx, ks)).map((v) => this.value(v)))
  }

  /**
   * The pairs from `from` to `to`, **both included** (Elevator's `Range`), in one transaction.
   * As in py-elevator's `Range(start, limit)`, an integer `to` with string
   * keys (the default codec) is a limit: `range(db, '1', 2)` is
   * `slice(db, '1', 2)`.
   * @example
   * ```ts
   * await e.range(db, '1', '3') // [['1', '1'], ['2', '2'], ['3', '3']]
   * await e.range(db, '1', 2)   // [['1', '1'], ['2', '2']]
   * ```
   */
  async range(where: DbOrTx, from: K, to: K | number): Promise<Array<[K, V]>> {
    if (typeof to === 'number' && (this.keys as unknown) === stringCodec) return this.slice(where, from, to)
    const [begin, end] = this.bounds(from, to as K, 'range')
    return inTransaction(where, 'ElevatorDb.range', async (tx) =>
      Buffer.compare(begin, end) >= 0 ? [] : (await query(tx, begin, end).toArray()).map((kv) => this.pair(kv)),
    )
  }

  /**
   * `limit` pairs from `from` (included) on (Elevator's `Slice`).
   * @example
   * ```ts
   * await e.slice(db, '1', 2) // [['1', '1'], ['2', '2']]
   * ```
   */
  async slice(where: DbOrTx, from: K, limit: number): Promise<Array<[K, V]>> {
    const begin = this.rawKey(from, 'slice')
    requireLimit(limit, 'ElevatorDb.slice: limit')
    const end = this.subspaceEnd()
    return inTransaction(where, 'ElevatorDb.slice', async (tx) =>
      limit === 0 ? [] : (await query(tx, begin, end, { limit }).toArray()).map((kv) => this.pair(kv)),
    )
  }

  /**
   * The pairs from `from` to `to`, both included, as an async iterable
   * (Elevator's `RangeIter`). On a database, it reads in as many
   * transactions as it takes ({@link scanAll}: no size limit, not a
   * snapshot); in a transaction, within it.
   * @example
   * ```ts
   * for await (const [key, value] of e.rangeIter(db, '1', '2')) console.log(key, value)
   * ```
   */
  async *rangeIter(where: DbOrTx, from: K, to: K): AsyncGenerator<[K, V]> {
    requireDbOrTx(where, 'ElevatorDb.rangeIter')
    const [begin, end] = this.bounds(from, to, 'rangeIter')
    if (Buffer.compare(begin, end) >= 0) return
    const source = where instanceof Transaction ? query(where, begin, end) : scanAll(where, begin, end)
    for await (const kv of source) yield this.pair(kv)
  }

  /**
   * A new, empty {@link WriteBatch} on this database (Elevator's
   * `WriteBatch`): atomic, one transaction, unless `{ split: true }`.
   * @example
   * ```ts
   * const batch = e.writeBatch()
   * batch.put('a', 'a').put('b', 'b').delete('c')
   * await batch.write(db)
   * ```
   */
  writeBatch(options: WriteBatchOptions = {}): WriteBatch<K, V> {
    return new WriteBatch(this, options)
  }

  /**
   * Runs `fn` with a new {@link WriteBatch}, then writes it (Elevator's
   * `with WriteBatch() as batch:`); if `fn` throws, nothing is written.
   * @example
   * ```ts
   * await e.batch(db, (b) => { b.put('abc', '123'); b.put('or simple as...', 'do re mi') })
   * ```
   */
  async batch(where: DbOrTx, fn: (batch: WriteBatch<K, V>) => void | Promise<void>): Promise<BulkProgress> {
    requireDbOrTx(where, 'ElevatorDb.batch')
    if (typeof fn !== 'function') throw new TypeError(`ElevatorDb.batch: fn must be a function, got ${describe(fn)}`)
    const b = this.writeBatch()
    await fn(b)
    return b.write(where)
  }

  /** The stored key of `key`. @internal */
  rawKey(key: K, what: string): Buffer {
    return Buffer.concat([this.#prefix, encodeWith(this.keys, key, `ElevatorDb.${what}`)])
  }

  private subspaceEnd(): Uint8Array {
    return nextPrefix(this.#prefix)
  }

  private bounds(from: K, to: K, what: string): [Buffer, Buffer] {
    return [this.rawKey(from, what), keyAfter(this.rawKey(to, what))]
  }

  private value(bytes: Uint8Array | null): V | null {
    return bytes === null ? null : decodeWith(this.values, bytes, `ElevatorDb ${JSON.stringify(this.name)}`)
  }

  private pair([k, v]: KeyValue): [K, V] {
    const what = `ElevatorDb ${JSON.stringify(this.name)}`
    return [decodeWith(this.keys, k.subarray(this.#prefix.length), what), decodeWith(this.values, v, what)]
  }
}

/** How an {@link ElevatorDb} checks that its database still exists. @internal */
export interface Liveness {
  /** Its directory entry (`node(parent) + pack([0, name])`, whose value is its prefix), or null to look the path up. */
  readonly entryKey: Uint8Array | null
  /** The directory layer and path, for the lookup. */
  readonly directory: DirectoryLayer
  readonly path: readonly string[]
}
