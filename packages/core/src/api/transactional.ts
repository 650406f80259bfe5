import { describe } from '../keys/bytes.js'
import type { TransactionOptions } from '../engine/types.js'
import type { Database } from './database.js'
import type { TransactionStats } from './hooks.js'
import { checkTransactionOptions, Transaction } from './transaction.js'
import { noteRetry } from './attempts.js'

/** Options of {@link transactionalWith}. */
export interface TransactionalOptions extends TransactionOptions {
  /**
   * Run `fn` on a read-only transaction whose reads are snapshot reads
   * (found's `snapshot=True`): it adds no read conflicts and refuses writes.
   * @example
   * ```ts
   * const n = await transactionalWith(db, { snapshot: true }, countUsers)
   * ```
   */
  snapshot?: boolean
}

/** A transaction body: gets the transaction, then the extra arguments. */
export type TransactionBody<A extends unknown[], R> = (tx: Transaction, ...args: A) => R | Promise<R>

/**
 * Runs `fn(tx, ...args)` in a transaction and commits it, with
 * FoundationDB's retry loop: on a retryable error (a conflict, a too-old
 * transaction, throttling, an unknown commit result) the transaction is
 * reset and `fn` runs again after a backoff (10 ms doubling, capped at 1 s).
 * Any other error, including one thrown by `fn`, propagates and nothing is
 * committed. Because `fn` may run more than once, it must be idempotent.
 *
 * @example
 * ```ts
 * const db = await open()
 * await transactional(db, (tx, k, v) => set(tx, k, v), pack(['hello']), Buffer.from('world'))
 * const value = await transactional(db, (tx) => get(tx, pack(['hello'])))
 * ```
 */
export function transactional<A extends unknown[], R>(db: Database, fn: TransactionBody<A, R>, ...args: A): Promise<Awaited<R>> {
  return transactionalWith(db, NO_OPTIONS, fn, ...args)
}

/** The options of a plain `transactional` call: nothing to check or merge. */
const NO_OPTIONS: TransactionalOptions = Object.freeze({})

/**
 * {@link transactional} with options for this call: `snapshot` (read-only,
 * snapshot reads), `retryLimit`, `timeout` (ms, over all attempts),
 * `maxRetryDelay`, system-key access.
 *
 * @example
 * ```ts
 * await transactionalWith(db, { retryLimit: 5, timeout: 1000 }, transfer, from, to, 10)
 * ```
 */
export async function transactionalWith<A extends unknown[], R>(
  db: Database,
  options: TransactionalOptions,
  fn: TransactionBody<A, R>,
  ...args: A
): Promise<Awaited<R>> {
  if (typeof db !== 'object' || db === null || !('engine' in db)) throw new TypeError(`transactional: db must be a Database, got ${describe(db)}`)
  if (typeof fn !== 'function') throw new TypeError(`transactional: fn must be a function, got ${describe(fn)}`)
  let snapshot = false
  // Without options the database's frozen defaults are passed as is (the embedded engine normalizes a frozen object once).
  let engineOptions = db.transactionOptions
  if (options !== NO_OPTIONS) {
    checkTransactionOptions(options, 'transactional')
    if (options.snapshot !== undefined && typeof options.snapshot !== 'boolean') {
      throw new TypeError(`transactional: snapshot must be a boolean, got ${describe(options.snapshot)}`)
    }
    const { snapshot: asSnapshot = false, ...txOptions } = options
    snapshot = asSnapshot
    engineOptions = { ...db.transactionOptions, ...txOptions }
  }
  db.checkOpen()
  const engineTx = db.engine.createTransaction(engineOptions)
  const stats: TransactionStats = { retries: 0, elapsedMs: 0, committedBytes: 0, committedVersion: null }
  const tx = new Transaction(db, engineTx, { snapshot, readOnly: snapshot, stats })
  const started = performance.now()
  for (;;) {
    for (const h of db.hooks) h.onBegin?.(tx)
    try {
      const result = await fn(tx, ...args)
      for (const h of db.hooks) h.onCommit?.(tx)
      stats.committedBytes = await engineTx.getApproximateSize()
      await engineTx.commit()
      stats.elapsedMs = performance.now() - started
      stats.committedVersion = readCommittedVersion(tx)
      for (const h of db.hooks) h.onAfterCommit?.(tx, stats)
      return result
    } catch (error) {
      try {
        await engineTx.onError(error)
      } catch (final) {
        engineTx.cancel()
        stats.elapsedMs = performance.now() - started
        throw final
      }
      noteRetry(stats, error)
      stats.retries++
    }
  }
}

function readCommittedVersion(tx: Transaction): bigint | null {
  const v = tx.engineTx.getCommittedVersion()
  return v < 0n ? null : v
}
