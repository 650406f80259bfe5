import { Transaction } from '../api/transaction.js'
import { checkBulkOptions, runChunks, type BulkOptions, type BulkProgress } from './chunks.js'
import { requireDbOrTx, type DbOrTx } from './context.js'
import { applyOperations, checkOperation, operationBytes, operationPlan, type BulkOperation } from './write.js'

/**
 * A batch of writes to apply later, in one go (LevelDB's and Elevator's
 * `WriteBatch`, AcapellaDB's `BatchManual`): queue `put`, `delete` and
 * `clearRange`, then {@link BulkWriter.write}. On a database the batch is
 * split into as many transactions as its size needs ({@link bulkWrite});
 * in a transaction of yours it joins that transaction.
 *
 * Each queued operation is checked at once (a bad key fails where you
 * queue it, not at write time), and its bytes are copied, so changing a
 * buffer after queueing it does not change the batch.
 *
 * @example
 * ```ts
 * const batch = new BulkWriter({ onProgress: (p) => console.log(p.operations) })
 * batch.put(pack(['a']), Buffer.from('a')).put(pack(['b']), Buffer.from('b'))
 * batch.delete(pack(['c']))
 * await batch.write(db)
 * ```
 */
export class BulkWriter {
  private ops: BulkOperation[] = []
  private estimated = 0
  private readonly options: BulkOptions

  /**
   * @param options - the byte budget per transaction, and a progress callback
   * @throws TypeError / FoundError for invalid options
   * @example
   * ```ts
   * const batch = new BulkWriter({ transactionBytes: 2_000_000 })
   * ```
   */
  constructor(options: BulkOptions = {}) {
    checkBulkOptions(options, 'BulkWriter')
    this.options = { ...options }
  }

  /**
   * Operations queued and not yet written.
   * @example
   * ```ts
   * if (batch.length >= 10_000) await batch.write(db)
   * ```
   */
  get length(): number {
    return this.ops.length
  }

  /**
   * Estimated transaction bytes of the queued operations.
   * @example
   * ```ts
   * console.log(`${batch.bytes} bytes queued`)
   * ```
   */
  get bytes(): number {
    return this.estimated
  }

  /**
   * Queues setting `key` to `value`.
   * @throws TypeError unless both are Uint8Arrays; FoundError keyTooLarge / valueTooLarge / keyOutsideLegalRange
   * @example
   * ```ts
   * batch.put(pack(['user', 1]), Buffer.from('ada'))
   * ```
   */
  put(key: Uint8Array, value: Uint8Array): this {
    return this.push({ type: 'put', key, value }, (op) => ({ type: 'put', key: Buffer.from(op.key), value: Buffer.from(op.value) }))
  }

  /**
   * Queues clearing `key`.
   * @throws TypeError unless `key` is a Uint8Array; FoundError keyTooLarge / keyOutsideLegalRange
   * @example
   * ```ts
   * batch.delete(pack(['user', 1]))
   * ```
   */
  delete(key: Uint8Array): this {
    return this.push({ type: 'delete', key }, (op) => ({ type: 'delete', key: Buffer.from(op.key) }))
  }

  /**
   * Queues clearing every key in [begin, end).
   * @throws TypeError unless both are Uint8Arrays; FoundError invertedRange when begin sorts after end
   * @example
   * ```ts
   * const { begin, end } = range(pack(['tmp']))
   * batch.clearRange(begin, end)
   * ```
   */
  clearRange(begin: Uint8Array, end: Uint8Array): this {
    return this.push({ type: 'clearRange', begin, end }, (op) => ({ type: 'clearRange', begin: Buffer.from(op.begin), end: Buffer.from(op.end) }))
  }

  /**
   * Drops every queued operation.
   * @example
   * ```ts
   * batch.clear()
   * ```
   */
  clear(): void {
    this.ops = []
    this.estimated = 0
  }

  /**
   * Writes the queued operations (and, on a database, empties the queue).
   *
   * - On a database: in as many transactions as needed ({@link bulkWrite}).
   *   Should it fail part-way, what was committed leaves the queue and the
   *   rest stays queued, so calling `write` again finishes the job.
   * - In a transaction: the operations join it (it is yours to commit, and
   *   FoundationDB's 10,000,000-byte limit applies to it as a whole);
   *   the result then counts 0 transactions and 0 bytes. The queue is NOT
   *   emptied: your transaction's body may run again (after a conflict, or
   *   a 1021 commit_unknown_result) and must write the same operations
   *   again, which `write(tx)` then does. Once your transaction has
   *   committed, {@link BulkWriter.clear} the writer if you reuse it.
   *
   * @returns the totals: operations, transactions, bytes
   * @example
   * ```ts
   * await batch.write(db)                                      // its own transactions
   * await transactional(db, (tx) => other.write(tx))           // in yours
   * ```
   */
  async write(where: DbOrTx): Promise<BulkProgress> {
    requireDbOrTx(where, 'BulkWriter.write')
    if (where instanceof Transaction) {
      // The queue stays: your transaction's body may run again (a conflict,
      // 1021) and must then write the same operations again.
      applyOperations(where, this.ops)
      return { operations: this.ops.length, transactions: 0, bytes: 0 }
    }
    const ops = this.ops
    this.clear()
    let committed = 0
    const onProgress = this.options.onProgress
    try {
      return await runChunks(where, ops, operationPlan('BulkWriter.write', where), {
        ...this.options,
        onProgress: (p) => {
          committed = p.operations
          onProgress?.(p)
        },
      })
    } catch (error) {
      this.requeue(ops.slice(committed))
      throw error
    }
  }

  private requeue(ops: BulkOperation[]): void {
    this.ops = ops.concat(this.ops)
    this.estimated = this.ops.reduce((n, op) => n + operationBytes(op), 0)
  }

  private push<T extends BulkOperation>(op: T, copy: (op: T) => BulkOperation): this {
    checkOperation(op, this.ops.length, `BulkWriter.${op.type}`, true)
    const stored = copy(op)
    this.ops.push(stored)
    this.estimated += operationBytes(stored)
    return this
  }
}
