import { ErrorCode, FoundError } from '../errors.js'
import { encodeWith } from '../codec/codec.js'
import { requireDbOrTx, type DbOrTx } from '../bulk/context.js'
import { checkBulkOptions, runChunks, type BulkOptions, type BulkProgress } from '../bulk/chunks.js'
import { applyOperations, operationPlan, type BulkOperation } from '../bulk/write.js'
import { Transaction } from '../api/transaction.js'
import { transactional } from '../api/transactional.js'
import type { ElevatorDb } from './elevator-db.js'

/**
 * Options of {@link ElevatorDb.writeBatch}.
 * @example
 * ```ts
 * const options: WriteBatchOptions = { split: true, transactionBytes: 2_000_000 }
 * ```
 */
export interface WriteBatchOptions extends BulkOptions {
  /**
   * Allow the batch to be split into several transactions (each about
   * `transactionBytes`) when it is written to a database. Default false: a
   * batch commits in one transaction, all or nothing as LevelDB's, and one
   * over FoundationDB's 10,000,000 bytes fails with 2101
   * (transaction_too_large). With `split: true` a concurrent reader may see
   * part of the batch, and a failure leaves the committed part written.
   * @example
   * ```ts
   * const big = e.writeBatch({ split: true })
   * ```
   */
  split?: boolean
}

/** Every key of {@link WriteBatchOptions}. @internal */
export const BATCH_OPTIONS = ['transactionBytes', 'onProgress', 'split'] as const

/** Checks batch options: known keys, and `transactionBytes` only with `split`. @internal */
export function checkBatchOptions(options: WriteBatchOptions, what: string): boolean {
  checkBulkOptions(options, what, BATCH_OPTIONS)
  const { split = false, transactionBytes } = options
  if (typeof split !== 'boolean') throw new TypeError(`${what}: split must be a boolean, got ${typeof split}`)
  if (!split && transactionBytes !== undefined) {
    throw new FoundError(ErrorCode.invalidArgument, `${what}: transactionBytes applies only with split: true (a batch is otherwise one transaction)`)
  }
  return split
}

/**
 * Writes to one {@link ElevatorDb} queued and written at once (Elevator's
 * and LevelDB's `WriteBatch`: `Put`, `Delete`, `Write`). Like LevelDB's, a
 * batch is **atomic**: written to a database it commits in one transaction
 * (all or nothing; a reader sees none of it or all of it), up to
 * FoundationDB's 10,000,000 bytes, beyond which it fails with 2101 and
 * writes nothing. Ask for `split: true` ({@link WriteBatchOptions.split}) to
 * write larger batches in several transactions, giving up atomicity. In a
 * transaction of yours it joins that transaction and keeps its queue (your
 * body may run again and must write the same operations again:
 * {@link WriteBatch.clear} it once your transaction has committed, if you
 * reuse it).
 *
 * Every write first checks, in the same transaction, that the database
 * still exists (one read): a batch through a handle whose database was
 * dropped fails with notFound.
 *
 * @typeParam K - the type of the keys
 * @typeParam V - the type of the values
 * @example
 * ```ts
 * const batch = e.writeBatch()
 * batch.put('a', 'a').put('b', 'b').put('c', 'c').delete('c')
 * await batch.write(db) // one transaction
 * ```
 */
export class WriteBatch<K, V> {
  #ops: BulkOperation[] = []
  readonly #split: boolean

  /** @internal Use {@link ElevatorDb.writeBatch}. */
  constructor(
    private readonly target: ElevatorDb<K, V>,
    private readonly options: WriteBatchOptions,
  ) {
    this.#split = checkBatchOptions(options, 'ElevatorDb.writeBatch')
  }

  /**
   * Operations queued: not yet written to a database (written in a
   * transaction of yours, they stay queued).
   * @example
   * ```ts
   * batch.length // 4
   * ```
   */
  get length(): number {
    return this.#ops.length
  }

  /**
   * Queues setting `key` to `value`.
   * @example
   * ```ts
   * batch.put('a', 'a')
   * ```
   */
  put(key: K, value: V): this {
    const k = this.target.rawKey(key, 'WriteBatch.put')
    const v = Buffer.from(encodeWith(this.target.values, value, 'WriteBatch.put'))
    this.#ops.push({ type: 'put', key: k, value: v })
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
    this.#ops.push({ type: 'delete', key: this.target.rawKey(key, 'WriteBatch.delete') })
    return this
  }

  /**
   * Drops every queued operation (after your transaction that wrote the
   * batch has committed, to reuse it).
   * @example
   * ```ts
   * await transactional(db, (tx) => batch.write(tx))
   * batch.clear()
   * ```
   */
  clear(): void {
    this.#ops = []
  }

  /**
   * Writes the queued operations.
   *
   * - On a database: in one transaction (or several with `split: true`);
   *   the batch is emptied. Should it fail, what was not committed stays
   *   queued, so writing again finishes the job.
   * - In a transaction of yours: the operations join it and the batch is
   *   NOT emptied: your body may run again (a conflict, 1021) and must write
   *   the same operations again. Once your transaction has committed,
   *   {@link WriteBatch.clear} the batch if you reuse it.
   * @throws FoundError 2101 when the batch is over FoundationDB's
   *   10,000,000 bytes (and `split` was not asked for); notFound when the
   *   database was dropped
   * @example
   * ```ts
   * await batch.write(db)
   * ```
   */
  async write(where: DbOrTx): Promise<BulkProgress> {
    requireDbOrTx(where, 'WriteBatch.write')
    if (where instanceof Transaction) {
      // The queue stays: your transaction's body may run again (a conflict, 1021) and must write the same operations again.
      await this.target.checkLive(where, 'WriteBatch.write')
      applyOperations(where, this.#ops)
      return { operations: this.#ops.length, transactions: 0, bytes: 0 }
    }
    const ops = this.#ops
    this.#ops = []
    let committed = 0
    try {
      if (!this.#split) {
        const bytes = await transactional(where, async (tx) => {
          await this.target.checkLive(tx, 'WriteBatch.write')
          applyOperations(tx, ops)
          return tx.engineTx.getApproximateSize()
        })
        committed = ops.length
        const progress = { operations: ops.length, transactions: 1, bytes }
        this.options.onProgress?.(progress)
        return progress
      }
      const plan = operationPlan('WriteBatch.write', where)
      return await runChunks(
        where,
        ops,
        {
          ...plan,
          apply: async (tx, chunk) => {
            await this.target.checkLive(tx, 'WriteBatch.write')
            plan.apply(tx, chunk)
          },
        },
        {
          ...(this.options.transactionBytes !== undefined ? { transactionBytes: this.options.transactionBytes } : {}),
          onProgress: (p) => {
            committed = p.operations
            this.options.onProgress?.(p)
          },
        },
      )
    } catch (error) {
      this.#ops = ops.slice(committed).concat(this.#ops)
      throw error
    }
  }
}
