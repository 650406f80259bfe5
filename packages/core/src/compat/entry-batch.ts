import { Transaction } from '../api/transaction.js'
import { clear } from '../api/writes.js'
import type { TupleItem } from '../tuple/index.js'
import { encodeWith } from '../codec/codec.js'
import { runChunks, type BulkProgress, type ChunkPlan } from '../bulk/chunks.js'
import { transactional } from '../api/transactional.js'
import { checkBatchOptions, type WriteBatchOptions } from './elevator-batch.js'
import { requireDbOrTx, type DbOrTx } from '../bulk/context.js'
import type { Entries } from './entries.js'

interface Queued<T> {
  readonly key: readonly TupleItem[]
  readonly k: Uint8Array
  /** Encoded value; null for a delete. */
  readonly bytes: Uint8Array | null
  readonly value: T | null
}

/**
 * Writes to an {@link Entries} queued and sent at once (AcapellaDB's
 * `BatchManual`): on a database it commits in one transaction, all or
 * nothing, up to FoundationDB's 10,000,000 bytes (2101 beyond); with
 * `{ split: true }` it is split into transactions like `bulkWrite` instead,
 * no longer atomic; in a transaction of yours it joins it. Made by {@link Entries.batch}. Every value is encoded when
 * queued, so a bad value fails there and not at send time.
 *
 * @typeParam T - the type of the values
 * @example
 * ```ts
 * const batch = queue.batch()
 * for (let i = 0; i < 10; i++) batch.set([`${Date.now()}-${i}`], i)
 * await batch.send(db)
 * ```
 */
export class EntryBatch<T> {
  private queued: Array<Queued<T>> = []

  /** @internal Use {@link Entries.batch}. */
  constructor(private readonly entries: Entries<T>) {}

  /**
   * Entries queued and not yet sent.
   * @example
   * ```ts
   * if (batch.length > 1000) await batch.send(db)
   * ```
   */
  get length(): number {
    return this.queued.length
  }

  /**
   * Queues setting the entry at `key` to `value` (a new version).
   * @example
   * ```ts
   * batch.set(['event', 1], { kind: 'click' })
   * ```
   */
  set(key: readonly TupleItem[], value: T): this {
    const k = this.entries.keyOf(key, 'batch.set')
    const bytes = encodeWith(this.entries.codec, value, `${this.entries.constructor.name}.batch.set`)
    this.queued.push({ key: [...key], k, bytes, value })
    return this
  }

  /**
   * Queues deleting the entry at `key`.
   * @example
   * ```ts
   * batch.delete(['event', 1])
   * ```
   */
  delete(key: readonly TupleItem[]): this {
    this.queued.push({ key: [...key], k: this.entries.keyOf(key, 'batch.delete'), bytes: null, value: null })
    return this
  }

  /**
   * Sends the queued writes and empties the queue: in one transaction on a
   * database (atomic), or split with `{ split: true }`; should a split send
   * fail part-way, what was committed leaves the queue and the rest stays,
   * so sending again finishes the job. In a transaction of yours the queue
   * is not emptied: your body may run again (a conflict, 1021) and must send
   * the same writes again.
   * @param where - a database (its own transaction) or your transaction
   * @param options - `split` (several transactions, not atomic), and with it the byte budget per transaction; a progress callback
   * @throws FoundError 2101 when an unsplit batch is over FoundationDB's 10,000,000 bytes
   * @example
   * ```ts
   * const { operations, transactions } = await batch.send(db)
   * ```
   */
  async send(where: DbOrTx, options: WriteBatchOptions = {}): Promise<BulkProgress> {
    const what = `${this.entries.constructor.name}.batch.send`
    requireDbOrTx(where, what)
    const split = checkBatchOptions(options, what)
    if (where instanceof Transaction) {
      // The queue stays: your transaction's body may run again (a conflict, 1021) and must send the same writes again.
      await this.apply(where, this.queued)
      return { operations: this.queued.length, transactions: 0, bytes: 0 }
    }
    const items = this.queued
    this.queued = []
    if (!split) {
      try {
        const bytes = await transactional(where, async (tx) => {
          await this.apply(tx, items)
          return tx.engineTx.getApproximateSize()
        })
        const progress = { operations: items.length, transactions: 1, bytes }
        options.onProgress?.(progress)
        return progress
      } catch (error) {
        this.queued = items.concat(this.queued)
        throw error
      }
    }
    let committed = 0
    const plan: ChunkPlan<Queued<T>> = {
      what: `${this.entries.constructor.name}.batch.send`,
      check: (item) => item as Queued<T>,
      sizeOf: (item) => 4 * item.k.length + (item.bytes === null ? 0 : item.bytes.length + 8) + 48,
      apply: (tx, chunk) => this.apply(tx, chunk),
    }
    try {
      return await runChunks(where, items, plan, {
        ...(options.transactionBytes !== undefined ? { transactionBytes: options.transactionBytes } : {}),
        onProgress: (p) => {
          committed = p.operations
          options.onProgress?.(p)
        },
      })
    } catch (error) {
      this.queued = items.slice(committed).concat(this.queued)
      throw error
    }
  }

  private async apply(tx: Transaction, items: ReadonlyArray<Queued<T>>): Promise<void> {
    for (const item of items) {
      if (item.bytes === null) {
        clear(tx, item.k)
      } else {
        await this.entries.write(tx, item.key, item.k, item.value as T, item.bytes)
      }
    }
  }
}
