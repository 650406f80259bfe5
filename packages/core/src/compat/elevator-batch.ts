import { encodeWith } from '../codec/codec.js'
import type { DbOrTx } from '../bulk/context.js'
import { BulkWriter } from '../bulk/writer.js'
import type { BulkOptions, BulkProgress } from '../bulk/chunks.js'
import type { ElevatorDb } from './elevator-db.js'

/**
 * Writes to one {@link ElevatorDb} queued and written at once (Elevator's
 * and LevelDB's `WriteBatch`: `Put`, `Delete`, `Write`), on top of
 * {@link BulkWriter}: split into transactions under FoundationDB's limits
 * on a database, or joined to your transaction.
 *
 * @typeParam K - the type of the keys
 * @typeParam V - the type of the values
 * @example
 * ```ts
 * const batch = e.writeBatch()
 * batch.put('a', 'a').put('b', 'b').put('c', 'c').delete('c')
 * await batch.write(db)
 * ```
 */
export class WriteBatch<K, V> {
  readonly #writer: BulkWriter

  /** @internal Use {@link ElevatorDb.writeBatch}. */
  constructor(
    private readonly target: ElevatorDb<K, V>,
    options: BulkOptions,
  ) {
    this.#writer = new BulkWriter(options)
  }

  /**
   * Operations queued and not yet written.
   * @example
   * ```ts
   * batch.length // 4
   * ```
   */
  get length(): number {
    return this.#writer.length
  }

  /**
   * Drops every queued operation.
   * @example
   * ```ts
   * await transactional(db, (tx) => batch.write(tx))
   * batch.clear()
   * ```
   */
  clear(): void {
    this.#writer.clear()
  }

  /**
   * Queues setting `key` to `value`.
   * @example
   * ```ts
   * batch.put('a', 'a')
   * ```
   */
  put(key: K, value: V): this {
    this.#writer.put(this.target.rawKey(key, 'WriteBatch.put'), encodeWith(this.target.values, value, 'WriteBatch.put'))
    return this
  }

  /**
   * Queues deleting `key`.
   * @example
   * ```ts
   * batch.delete('c')
   * ```
   */
  delete(key: K): this {
    this.#writer.delete(this.target.rawKey(key, 'WriteBatch.delete'))
    return this
  }

  /**
   * Writes the queued operations ({@link BulkWriter.write}): on a database it
   * empties the batch; in a transaction of yours the batch stays queued, as
   * your body may run again (clear it once your transaction committed).
   * @example
   * ```ts
   * await batch.write(db)
   * ```
   */
  write(where: DbOrTx): Promise<BulkProgress> {
    return this.#writer.write(where)
  }
}
