import type { Transaction } from './transaction.js'

/** What {@link transactional} measured about one transaction. */
export interface TransactionStats {
  /** How many times the body was run again after a retryable error. */
  retries: number
  /** Milliseconds from the first attempt to the end of the commit (or now). */
  elapsedMs: number
  /** Approximate bytes of mutations and conflict ranges in the committed attempt. */
  committedBytes: number
  /** The version the transaction committed at; null before commit or for a read-only transaction. */
  committedVersion: bigint | null
  /** The transaction's name for tracing: its `debugTransactionIdentifier` option, or null. */
  name: string | null
  /** Whether the `logTransaction` option asks for this transaction to be logged (a hook's job here). */
  logged: boolean
}

/** Fresh stats of a transaction that has not run yet. @internal */
export function newStats(): TransactionStats {
  return { retries: 0, elapsedMs: 0, committedBytes: 0, committedVersion: null, name: null, logged: false }
}

/**
 * Hooks called around every transaction run by {@link transactional}
 * (found's observability hooks). Add them with `open({ hooks })` or
 * {@link Database.addHooks}.
 */
export interface TransactionHooks {
  /**
   * Before each attempt of the body (so once more per retry).
   * @example
   * ```ts
   * db.addHooks({ onBegin: (tx) => console.log('attempt', tx.stats.retries + 1) })
   * ```
   */
  onBegin?(tx: Transaction): void
  /**
   * After the body returned, just before the commit.
   * @example
   * ```ts
   * db.addHooks({ onCommit: (tx) => console.log('committing') })
   * ```
   */
  onCommit?(tx: Transaction): void
  /**
   * After a successful commit, with the transaction's stats.
   * @example
   * ```ts
   * db.addHooks({ onAfterCommit: (tx, stats) => metrics.observe(stats.elapsedMs) })
   * ```
   */
  onAfterCommit?(tx: Transaction, stats: Readonly<TransactionStats>): void
}
