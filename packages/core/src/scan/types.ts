/**
 * The options and results of the scans.
 *
 * @module
 */
import type { KeyValue } from '../engine/types.js'

/**
 * Options of {@link scanPage}.
 * @example
 * ```ts
 * const options: ScanPageOptions = { limit: 100, reverse: true, continuation: saved }
 * ```
 */
export interface ScanPageOptions {
  /**
   * At most this many pairs in the page; 0 (the default) means no limit.
   * @example
   * ```ts
   * await scanPage(tx, begin, end, { limit: 100 })
   * ```
   */
  limit?: number
  /**
   * Stop the page once its keys and values add up to this many bytes (the
   * pair that crosses the budget is included, so a page holds at least one
   * pair when any remain); 0 (the default) means no byte budget.
   * @example
   * ```ts
   * await scanPage(tx, begin, end, { maxBytes: 1_000_000 })
   * ```
   */
  maxBytes?: number
  /**
   * Walk the range from its end down. The continuation remembers the
   * direction: resume with the same value.
   * @example
   * ```ts
   * await scanPage(tx, begin, end, { reverse: true, limit: 10 }) // the last 10 pairs, last first
   * ```
   */
  reverse?: boolean
  /**
   * Where to resume: the `continuation` of an earlier page of the same
   * query (same begin, end and direction; the limit may differ). Omit or
   * pass null to start at the beginning.
   * @example
   * ```ts
   * const next = await scanPage(tx, begin, end, { limit: 100, continuation: page.continuation })
   * ```
   */
  continuation?: string | null
  /**
   * Read without adding read conflict ranges (default: the transaction's own mode).
   * @example
   * ```ts
   * await scanPage(tx, begin, end, { snapshot: true })
   * ```
   */
  snapshot?: boolean
}

/**
 * One page of a scan: the pairs read, and where the next page starts.
 * @example
 * ```ts
 * const { items, continuation } = await scanPage(tx, begin, end, { limit: 100 })
 * ```
 */
export interface ScanPage {
  /**
   * The key-value pairs of this page, in scan order.
   * @example
   * ```ts
   * for (const [key, value] of page.items) console.log(unpack(key), value)
   * ```
   */
  readonly items: KeyValue[]
  /**
   * An opaque token to pass as `continuation` to get the next page, in this
   * or any later transaction; null when the range holds nothing more.
   * @example
   * ```ts
   * if (page.continuation !== null) await saveCursor(page.continuation)
   * ```
   */
  readonly continuation: string | null
}

/**
 * Options of {@link scanAll}.
 * @example
 * ```ts
 * const options: ScanOptions = { reverse: true, transactionBytes: 500_000, transactionMs: 1000 }
 * ```
 */
export interface ScanOptions {
  /**
   * At most this many pairs in all; 0 (the default) means the whole range.
   * @example
   * ```ts
   * scanAll(db, begin, end, { limit: 10_000 })
   * ```
   */
  limit?: number
  /**
   * Walk the range from its end down.
   * @example
   * ```ts
   * scanAll(db, begin, end, { reverse: true })
   * ```
   */
  reverse?: boolean
  /**
   * Resume where an earlier scan of the same range and direction stopped:
   * its {@link Scan.continuation}, or a {@link scanPage} continuation.
   * @example
   * ```ts
   * scanAll(db, begin, end, { continuation: saved })
   * ```
   */
  continuation?: string | null
  /**
   * Bytes (keys + values) one transaction reads before the scan moves on to
   * a new one. Default 1,000,000.
   * @example
   * ```ts
   * scanAll(db, begin, end, { transactionBytes: 100_000 })
   * ```
   */
  transactionBytes?: number
  /**
   * Milliseconds a transaction is used (time spent by your loop body
   * included) before the scan moves on to a new one; keep it well under
   * FoundationDB's 5-second lifetime. Default 2,000. Should a transaction
   * grow too old anyway (1007, say while your loop body was busy), the scan
   * resumes in a fresh one.
   * @example
   * ```ts
   * scanAll(db, begin, end, { transactionMs: 1000 })
   * ```
   */
  transactionMs?: number
  /**
   * Pairs read per request. Default 1,000.
   * @example
   * ```ts
   * scanAll(db, begin, end, { pageSize: 100 })
   * ```
   */
  pageSize?: number
}

/**
 * What a {@link Scan} did so far.
 * @example
 * ```ts
 * const { transactions, retries, pairs } = scan.stats
 * ```
 */
export interface ScanStats {
  /**
   * Transactions used (a transaction reset after a retryable error counts again).
   * @example
   * ```ts
   * console.log(`read in ${scan.stats.transactions} transactions`)
   * ```
   */
  transactions: number
  /**
   * Retryable errors the scan recovered from (each resumed in a fresh transaction).
   * @example
   * ```ts
   * if (scan.stats.retries > 0) console.warn('the scan had to resume')
   * ```
   */
  retries: number
  /**
   * Pairs delivered.
   * @example
   * ```ts
   * console.log(scan.stats.pairs)
   * ```
   */
  pairs: number
}
