import { ErrorCode, FoundError } from '../errors.js'
import { get } from '../api/reads.js'
import { clear, set } from '../api/writes.js'
import { query } from '../api/query.js'
import type { Subspace } from '../subspace/index.js'
import { decodeWith, encodeWith, jsonCodec, requireCodec, type JsonValue, type ValueCodec } from '../codec/codec.js'
import { inTransaction, type DbOrTx } from '../bulk/context.js'
import { clearReportingExisted } from '../api/attempts.js'
import { requireName } from './util.js'
import { parentOf, requireKey, type NapixOptions } from './napix-options.js'

/**
 * A persistent, dict-like collection (napix's `Store(collection)`): string
 * keys to values, every operation applied to the database at once (napix's
 * synchronous backends, so there is no `save`). The backend is the
 * database you pass: in memory, on disk, or FoundationDB. An immutable
 * handle; every method takes a database or a transaction.
 *
 * @typeParam T - the type of the values (JSON by default)
 * @example
 * ```ts
 * const store = new Store('collection_name')
 * await store.set(db, 'value', 123)
 * await store.get(db, 'value') // 123
 * await store.keys(db)         // ['value']
 * await store.drop(db)
 * ```
 */
export class Store<T = JsonValue> {
  /**
   * The collection's name.
   * @example
   * ```ts
   * new Store('users').name // 'users'
   * ```
   */
  readonly name: string
  /**
   * Where its items live: key `subspace.pack([key])`.
   * @example
   * ```ts
   * new Store('users').subspace.range()
   * ```
   */
  readonly subspace: Subspace
  /**
   * How values are encoded.
   * @example
   * ```ts
   * new Store('users').codec === jsonCodec
   * ```
   */
  readonly codec: ValueCodec<T>

  /**
   * @param name - the collection's name (non-empty)
   * @param options - where it lives and how values are encoded
   * @throws TypeError for a non-string name; FoundError invalidArgument for an empty one
   * @example
   * ```ts
   * const sessions = new Store<{ user: string }>('sessions', { codec: jsonCodecOf<{ user: string }>() })
   * ```
   */
  constructor(name: string, options: NapixOptions<T> = {}) {
    this.name = requireName(name, 'new Store')
    const { subspace, codec } = parentOf(options, ['napix', 'store'], 'new Store', ['subspace', 'codec'])
    this.subspace = subspace.subspace([this.name])
    this.codec = codec === undefined ? (jsonCodec as unknown as ValueCodec<T>) : requireCodec(codec as ValueCodec<T>, 'new Store: codec')
  }

  /**
   * The value at `key`, or undefined when absent (as `Map.get`).
   * @example
   * ```ts
   * await store.get(db, 'value') // 12
   * ```
   */
  async get(where: DbOrTx, key: string): Promise<T | undefined> {
    const k = this.subspace.pack([requireKey(key, 'Store.get')])
    return inTransaction(where, 'Store.get', async (tx) => {
      const v = await get(tx, k)
      return v === null ? undefined : decodeWith(this.codec, v, `Store ${JSON.stringify(this.name)}: key ${JSON.stringify(key)}`)
    })
  }

  /**
   * Sets `key` to `value`.
   * @example
   * ```ts
   * await store.set(db, 'value', 123)
   * ```
   */
  async set(where: DbOrTx, key: string, value: T): Promise<void> {
    const k = this.subspace.pack([requireKey(key, 'Store.set')])
    const v = encodeWith(this.codec, value, 'Store.set')
    await inTransaction(where, 'Store.set', (tx) => set(tx, k, v))
  }

  /**
   * Deletes `key`.
   * @returns whether it was there (as `Map.delete`); also when the
   *   transaction ran again after a 1021 whose first attempt deleted it
   * @example
   * ```ts
   * await store.delete(db, 'value') // true
   * ```
   */
  async delete(where: DbOrTx, key: string): Promise<boolean> {
    const k = this.subspace.pack([requireKey(key, 'Store.delete')])
    return inTransaction(where, 'Store.delete', (tx) => clearReportingExisted(tx, k))
  }

  /**
   * Whether `key` is there.
   * @example
   * ```ts
   * await store.has(db, 'value') // true
   * ```
   */
  async has(where: DbOrTx, key: string): Promise<boolean> {
    const k = this.subspace.pack([requireKey(key, 'Store.has')])
    return inTransaction(where, 'Store.has', async (tx) => (await get(tx, k)) !== null)
  }

  /**
   * Every key, in order (read in one transaction).
   * @example
   * ```ts
   * await store.keys(db) // ['value', 'value1', 'value2']
   * ```
   */
  async keys(where: DbOrTx): Promise<string[]> {
    return (await this.entries(where)).map(([k]) => k)
  }

  /**
   * Every value, in key order (read in one transaction).
   * @example
   * ```ts
   * await store.values(db) // [12, 13, 14]
   * ```
   */
  async values(where: DbOrTx): Promise<T[]> {
    return (await this.entries(where)).map(([, v]) => v)
  }

  /**
   * Every `[key, value]` pair, in key order (read in one transaction; for
   * collections larger than one transaction can read, scan
   * `subspace.range()` with `scanAll`).
   * @example
   * ```ts
   * for (const [key, value] of await store.entries(db)) console.log(key, value)
   * ```
   */
  async entries(where: DbOrTx): Promise<Array<[string, T]>> {
    const { begin, end } = this.subspace.range()
    return inTransaction(where, 'Store.entries', async (tx) =>
      (await query(tx, begin, end).toArray()).map(([k, v]): [string, T] => {
        const [key] = this.subspace.unpack(k)
        if (typeof key !== 'string') throw new FoundError(ErrorCode.corruptData, `Store ${JSON.stringify(this.name)}: a stored key is not a string`)
        return [key, decodeWith(this.codec, v, `Store ${JSON.stringify(this.name)}: key ${JSON.stringify(key)}`)]
      }),
    )
  }

  /**
   * Removes the whole collection.
   * @example
   * ```ts
   * await store.drop(db)
   * ```
   */
  async drop(where: DbOrTx): Promise<void> {
    const { begin, end } = this.subspace.range()
    await inTransaction(where, 'Store.drop', (tx) => clear(tx, begin, end))
  }
}
