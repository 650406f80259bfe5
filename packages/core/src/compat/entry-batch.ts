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
 * no longer atomic; in a transaction of yours it joins it and keeps its queue
 * (your body may run again and must send the same writes again: {@link EntryBatch.clear}
 * it once your transaction has committed, if you reuse it). Made by
 * {@link Entries.batch}. Every value is encoded when queued, so a bad value
 * fails there and not at send time.
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
   * Writes queued: not yet sent to a database (sent in a transaction of
   * yours, they stay queued).
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
   * Sends the queued writes.
   *
   * - On a database: in one transaction (atomic), or split with
   *   `{ split: true }`; the queue is emptied. Should the send fail, what was
   *   not committed stays queued (all of it unsplit; the rest of a split
   *   send), so sending again finishes the job.
   * - In a transaction of yours: the writes join it and the queue is NOT
   *   emptied: your body may run again (a conflict, 1021) and must send the
   *   same writes again. Once your transaction has committed,
   *   {@link EntryBatch.clear} the batch if you reuse it.
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

  /**
   * Drops every queued write (after your transaction that sent the batch
   * has committed, to reuse it).
   * @example
   * ```ts
   * await transactional(db, (tx) => batch.send(tx))
   * batch.clear()
   * ```
   */
  clear(): void {
    this.queued = []
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
