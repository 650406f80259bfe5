import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { requireKnownOptions } from '../options/known.js'
import type { Database } from '../api/database.js'
import type { Transaction } from '../api/transaction.js'
import { transactional } from '../api/transactional.js'

/**
 * How far a bulk write got: counts since it started, after each committed transaction.
 * @example
 * ```ts
 * const { operations, transactions, bytes }: BulkProgress = await bulkWrite(db, ops)
 * ```
 */
export interface BulkProgress {
  /**
   * Operations committed so far.
   * @example
   * ```ts
   * onProgress: (p) => console.log(`${p.operations} written`)
   * ```
   */
  readonly operations: number
  /**
   * Transactions committed so far.
   * @example
   * ```ts
   * onProgress: (p) => console.log(`${p.transactions} transactions`)
   * ```
   */
  readonly transactions: number
  /**
   * Bytes committed so far, as the engine measured each transaction
   * (mutations and conflict ranges, what its 10,000,000-byte limit counts).
   * @example
   * ```ts
   * onProgress: (p) => console.log(`${(p.bytes / 1e6).toFixed(1)} MB`)
   * ```
   */
  readonly bytes: number
}

/**
 * Options of a bulk write ({@link bulkWrite}, {@link BulkWriter}).
 * @example
 * ```ts
 * const options: BulkOptions = { transactionBytes: 2_000_000, onProgress: (p) => console.log(p.operations) }
 * ```
 */
export interface BulkOptions {
  /**
   * Estimated bytes per transaction (keys and values, counted twice for
   * keys as FoundationDB also counts their conflict ranges). Default
   * 1,000,000, FoundationDB's advice; at most 9,000,000, under the
   * 10,000,000-byte transaction limit.
   * @example
   * ```ts
   * await bulkWrite(db, ops, { transactionBytes: 4_000_000 })
   * ```
   */
  transactionBytes?: number
  /**
   * Called after each committed transaction with the totals so far. An
   * error it throws stops the write (what was committed stays).
   * @example
   * ```ts
   * await bulkWrite(db, ops, { onProgress: (p) => bar.update(p.operations) })
   * ```
   */
  onProgress?: (progress: BulkProgress) => void
}

/** What a bulk write does with its items. @internal */
export interface ChunkPlan<T> {
  /** The caller's name, for messages. */
  readonly what: string
  /** Validates item number `index`; throws TypeError / FoundError naming it. */
  check(item: unknown, index: number): T
  /** Estimated bytes the item adds to a transaction. */
  sizeOf(item: T): number
  /** Applies a chunk of items in `tx` (may run again on a retry). */
  apply(tx: Transaction, chunk: readonly T[]): void | Promise<void>
}

const MAX_TRANSACTION_BYTES = 9_000_000

/** Every key of {@link BulkOptions}. @internal */
export const BULK_OPTIONS = ['transactionBytes', 'onProgress'] as const

/** Validates bulk options (only `known` keys); returns the byte budget. @internal */
export function checkBulkOptions(options: BulkOptions, what: string, known: readonly string[] = BULK_OPTIONS): number {
  if (options === null) throw new TypeError(`${what}: options must be an object, got ${describe(options)}`)
  const { transactionBytes = 1_000_000, onProgress } = requireKnownOptions(what, options, known)
  if (!Number.isSafeInteger(transactionBytes) || transactionBytes <= 0) {
    throw new TypeError(`${what}: transactionBytes must be a positive integer, got ${describe(transactionBytes)}`)
  }
  if (transactionBytes > MAX_TRANSACTION_BYTES) {
    throw new FoundError(ErrorCode.invalidOptionValue, `${what}: transactionBytes may be at most ${MAX_TRANSACTION_BYTES.toLocaleString('en')}, under FoundationDB's 10,000,000-byte limit`)
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError(`${what}: onProgress must be a function, got ${describe(onProgress)}`)
  return transactionBytes
}

/**
 * Applies `items` in as many transactions as their size needs, in order,
 * one transaction at a time (each retried as {@link transactional} does, so
 * `apply` must be idempotent). An array is checked in full before anything
 * is written; other iterables item by item as they are read.
 * @internal
 */
export async function runChunks<T>(db: Database, items: Iterable<unknown> | AsyncIterable<unknown>, plan: ChunkPlan<T>, options: BulkOptions = {}): Promise<BulkProgress> {
  const budget = checkBulkOptions(options, plan.what)
  const isIterable = typeof items === 'object' && items !== null && (Symbol.iterator in items || Symbol.asyncIterator in items)
  if (!isIterable) throw new TypeError(`${plan.what}: operations must be an iterable (an array, a generator...), got ${describe(items)}`)
  const progress = { operations: 0, transactions: 0, bytes: 0 }
  const source = Array.isArray(items) ? items.map((item, i) => plan.check(item, i)) : items
  const prechecked = Array.isArray(items)
  let chunk: T[] = []
  let chunkBytes = 0
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return
    const done = chunk
    let used: Transaction | null = null
    try {
      await transactional(db, async (tx) => {
        used = tx
        await plan.apply(tx, done)
      })
    } catch (error) {
      throw annotate(error, progress)
    }
    progress.bytes += (used as Transaction | null)?.stats.committedBytes ?? 0
    progress.operations += done.length
    progress.transactions++
    chunk = []
    chunkBytes = 0
    options.onProgress?.({ ...progress })
  }
  let index = 0
  for await (const raw of source as AsyncIterable<unknown>) {
    let item: T
    try {
      item = prechecked ? (raw as T) : plan.check(raw, index)
    } catch (error) {
      throw annotate(error, progress)
    }
    index++
    const size = plan.sizeOf(item)
    if (chunk.length > 0 && chunkBytes + size > budget) await flush()
    chunk.push(item)
    chunkBytes += size
  }
  await flush()
  return { ...progress }
}

/** Adds "what was already committed" to an error's message, keeping its class and code. */
function annotate(error: unknown, progress: BulkProgress): unknown {
  if (progress.operations === 0) return error
  const note = ` (${progress.operations} earlier operations were already committed, in ${progress.transactions} transactions)`
  if (error instanceof FoundError) return new FoundError(error.code, error.message + note, { cause: error })
  if (error instanceof TypeError) return new TypeError(error.message + note, { cause: error })
  return error
}
