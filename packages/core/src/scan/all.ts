import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import type { KeyValue } from '../engine/types.js'
import { Database } from '../api/database.js'
import { cancel, onError, transaction, type Transaction } from '../api/transaction.js'
import { decodeContinuation, encodeContinuation, type ScanQuery } from './continuation.js'
import { checkScanQuery, requireCount, scanPage } from './page.js'
import type { ScanOptions, ScanStats } from './types.js'

/**
 * A scan over any number of keys, in as many transactions as it takes: an
 * async iterable of `[key, value]` pairs, made by {@link scanAll}. Iterate
 * it once; to carry on later, pass {@link Scan.continuation} to a new
 * {@link scanAll}.
 *
 * @example
 * ```ts
 * const scan = scanAll(db, begin, end, { limit: 10_000 })
 * for await (const [key, value] of scan) handle(key, value)
 * const resumeFrom = scan.continuation // null once the range is exhausted
 * ```
 */
export class Scan implements AsyncIterable<KeyValue> {
  /**
   * What the scan did so far.
   * @example
   * ```ts
   * console.log(scan.stats.transactions, scan.stats.pairs)
   * ```
   */
  readonly stats: ScanStats = { transactions: 0, retries: 0, pairs: 0 }
  private started = false
  private lastDelivered: Uint8Array | null
  private pageContinuation: string | null
  private exhausted = false

  /** @internal Use {@link scanAll}. */
  constructor(
    private readonly db: Database,
    private readonly q: ScanQuery,
    private readonly limit: number,
    private readonly budget: { readonly bytes: number; readonly ms: number; readonly pageSize: number },
    start: Uint8Array | null,
  ) {
    this.lastDelivered = start
    this.pageContinuation = encodeContinuation(q, start)
  }

  /**
   * A token that resumes the scan right after the last pair delivered (or
   * at its start when none was), or null once the range is exhausted. Pass
   * it as `continuation` to {@link scanAll} or {@link scanPage}.
   * @example
   * ```ts
   * for await (const [key] of scan) if (shouldPause(key)) break
   * await saveCursor(scan.continuation)
   * ```
   */
  get continuation(): string | null {
    return this.exhausted ? null : encodeContinuation(this.q, this.lastDelivered)
  }

  /**
   * Reads every remaining pair into an array.
   * @example
   * ```ts
   * const pairs = await scanAll(db, begin, end).toArray()
   * ```
   */
  async toArray(): Promise<KeyValue[]> {
    const out: KeyValue[] = []
    for await (const kv of this) out.push(kv)
    return out
  }

  /**
   * Iterates the pairs, opening a new transaction whenever the current one
   * reaches its time or byte budget.
   * @example
   * ```ts
   * for await (const [key, value] of scanAll(db, begin, end)) console.log(key, value)
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<KeyValue> {
    if (this.started) throw new FoundError(ErrorCode.invalidOption, 'scanAll: a Scan is iterated once; to resume, pass its continuation to a new scanAll')
    this.started = true
    let batch: KeyValue[] = []
    let i = 0
    let tx: Transaction | null = null
    let openedAt = 0
    let txBytes = 0
    const close = (): void => {
      if (tx !== null) cancel(tx)
      tx = null
    }
    const fill = async (): Promise<void> => {
      const remaining = this.limit > 0 ? this.limit - this.stats.pairs : this.budget.pageSize
      if (this.pageContinuation === null || remaining === 0) {
        this.exhausted = this.pageContinuation === null
        batch = []
        return
      }
      if (tx === null || performance.now() - openedAt >= this.budget.ms || txBytes >= this.budget.bytes) {
        close()
        tx = transaction(this.db)
        openedAt = performance.now()
        txBytes = 0
        this.stats.transactions++
      }
      try {
        const page = await scanPage(tx, this.q.begin, this.q.end, {
          reverse: this.q.reverse,
          limit: Math.min(remaining, this.budget.pageSize),
          maxBytes: this.budget.bytes - txBytes,
          continuation: this.pageContinuation,
          snapshot: true,
        })
        for (const [k, v] of page.items) txBytes += k.length + v.length
        batch = page.items
        this.pageContinuation = page.continuation
      } catch (error) {
        await onError(tx, error) // rethrows what cannot be retried
        openedAt = performance.now()
        txBytes = 0
        this.stats.retries++
        this.stats.transactions++
        batch = []
      }
    }
    return {
      next: async (): Promise<IteratorResult<KeyValue>> => {
        try {
          while (i >= batch.length) {
            if (this.exhausted || (this.limit > 0 && this.stats.pairs >= this.limit)) {
              if (this.pageContinuation === null) this.exhausted = true
              close()
              return { done: true, value: undefined }
            }
            i = 0
            await fill()
          }
        } catch (error) {
          close()
          throw error
        }
        const kv = batch[i++]!
        this.lastDelivered = kv[0]
        this.stats.pairs++
        if (i === batch.length && this.pageContinuation === null) this.exhausted = true
        return { done: false, value: kv }
      },
      return: async (): Promise<IteratorResult<KeyValue>> => {
        close()
        return { done: true, value: undefined }
      },
    }
  }
}

/** Every key of {@link ScanOptions}. */
const SCAN_OPTIONS = ['limit', 'reverse', 'continuation', 'transactionBytes', 'transactionMs', 'pageSize'] as const

/**
 * Scans the range [begin, end) however large it is: an async iterable of
 * `[key, value]` pairs that reads page after page, each in a transaction
 * it opens itself, and moves to a new transaction before the current one
 * nears FoundationDB's 5-second lifetime or a byte budget (so a scan of
 * millions of keys works on FoundationDB as on the embedded engine). The
 * transactions are read-only snapshots and are never committed.
 *
 * The scan as a whole is not a snapshot: each transaction sees the data as
 * of its own read version. Use {@link scanPage} inside one transaction for a
 * consistent page.
 *
 * @param db - the database
 * @param begin - first key of the range (included)
 * @param end - end of the range (excluded)
 * @throws TypeError for arguments of the wrong type
 * @throws FoundError invalidArgument for a malformed continuation or one
 *   from another query; invertedRange when `begin` sorts after `end`
 * @example
 * ```ts
 * const { begin, end } = range(pack(['logs']))
 * const scan = scanAll(db, begin, end)
 * for await (const [key, value] of scan) {
 *   archive(unpack(key), value)
 * }
 * console.log(`${scan.stats.pairs} pairs in ${scan.stats.transactions} transactions`)
 * ```
 */
export function scanAll(db: Database, begin: Uint8Array, end: Uint8Array, options: ScanOptions = {}): Scan {
  if (!(db instanceof Database)) throw new TypeError(`scanAll: db must be a Database, got ${describe(db)}`)
  const q = checkScanQuery(begin, end, options, 'scanAll', SCAN_OPTIONS)
  const { limit = 0, continuation = null, transactionBytes = 1_000_000, transactionMs = 2_000, pageSize = 1_000 } = options
  requireCount(limit, 'scanAll: limit')
  for (const [name, n] of [['transactionBytes', transactionBytes], ['transactionMs', transactionMs], ['pageSize', pageSize]] as const) {
    if (requireCount(n, `scanAll: ${name}`) === 0) throw new TypeError(`scanAll: ${name} must be a positive integer, got 0`)
  }
  const start = continuation === null ? null : decodeContinuation(continuation, q, 'scanAll')
  return new Scan(db, q, limit, { bytes: transactionBytes, ms: transactionMs, pageSize }, start)
}
