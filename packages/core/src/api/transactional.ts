import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import type { EngineTransaction, TransactionOptions } from '../engine/types.js'
import type { Database } from './database.js'
import { newStats, type TransactionStats } from './hooks.js'
import { checkTransactionOptions, nameStats, Transaction, TRANSACTION_OPTIONS } from './transaction.js'
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
 * A transaction lives at most 5 seconds (FoundationDB's limit; reads or the
 * commit after that fail with 1007, transaction_too_old). FoundationDB's own
 * loop retries 1007 forever, so a body that is simply too slow never
 * returns; here, once the body alone has run past 5 seconds on
 * three attempts in a row, `transactional` gives up with
 * a {@link FoundError} 1007 that says so. Split such work with
 * {@link scanAll} / {@link bulkWrite}, or bound it with the `timeout` and
 * `retryLimit` options of {@link transactionalWith}.
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
  // The loop keeps few locals (a suspended async function holds all its registers: ~1.7 kB
  // per call before); checks, hooks and the retry decision are in the functions below.
  const run = startRun(db, options, fn)
  for (;;) {
    beginAttempt(run)
    try {
      const result = await fn(run.tx, ...args)
      bodyDone(run)
      run.stats.committedBytes = await run.engineTx.getApproximateSize()
      await run.engineTx.commit()
      committed(run)
      return result
    } catch (error) {
      await retryOrThrow(run, error)
    }
  }
}

/** One call of {@link transactionalWith}: its transaction and what the loop measures. */
interface Run {
  readonly db: Database
  readonly tx: Transaction
  readonly engineTx: EngineTransaction
  readonly stats: TransactionStats
  readonly started: number
  attemptStarted: number
  /** How long this attempt's body ran (-1 while it runs). */
  bodyMs: number
  slowAttempts: number
}

/** Checks the arguments and options, and makes the transaction. */
function startRun(db: Database, options: TransactionalOptions, fn: unknown): Run {
  if (typeof db !== 'object' || db === null || !('engine' in db)) throw new TypeError(`transactional: db must be a Database, got ${describe(db)}`)
  if (typeof fn !== 'function') throw new TypeError(`transactional: fn must be a function, got ${describe(fn)}`)
  let snapshot = false
  // Without options the database's frozen defaults are passed as is (the embedded engine normalizes a frozen object once).
  let engineOptions = db.transactionOptions
  // Stryker disable next-line ConditionalExpression: an equivalent mutant: checking the empty NO_OPTIONS gives the same options (a copy of the frozen defaults instead of them: a cost, not a behaviour)
  if (options !== NO_OPTIONS) {
    const checked = checkTransactionOptions(options, 'transactionalWith', TRANSACTIONAL_OPTIONS)
    if (checked.snapshot !== undefined && typeof checked.snapshot !== 'boolean') {
      throw new TypeError(`transactional: snapshot must be a boolean, got ${describe(checked.snapshot)}`)
    }
    const { snapshot: asSnapshot = false, ...txOptions } = checked
    snapshot = asSnapshot
    engineOptions = { ...db.transactionOptions, ...txOptions }
  }
  db.checkOpen()
  const engineTx = db.engine.createTransaction(engineOptions)
  const stats: TransactionStats = newStats()
  nameStats(stats, engineOptions)
  const tx = new Transaction(db, engineTx, { snapshot, readOnly: snapshot, stats })
  return { db, tx, engineTx, stats, started: performance.now(), attemptStarted: 0, bodyMs: -1, slowAttempts: 0 }
}

function beginAttempt(run: Run): void {
  for (const h of run.db.hooks) h.onBegin?.(run.tx)
  run.attemptStarted = performance.now()
  run.bodyMs = -1
}

function bodyDone(run: Run): void {
  run.bodyMs = performance.now() - run.attemptStarted
  for (const h of run.db.hooks) h.onCommit?.(run.tx)
}

function committed(run: Run): void {
  run.stats.elapsedMs = performance.now() - run.started
  run.stats.committedVersion = readCommittedVersion(run.tx)
  for (const h of run.db.hooks) h.onAfterCommit?.(run.tx, run.stats)
}

/** After a failed attempt: waits and resets for the next one when `error` is retryable, else cancels and throws. */
async function retryOrThrow(run: Run, error: unknown): Promise<void> {
  const { engineTx, stats } = run
  if (run.bodyMs < 0) run.bodyMs = performance.now() - run.attemptStarted
  // Stryker disable next-line EqualityOperator: equivalent: >= and > differ only for a body of exactly 5,000.000 ms, which a clock that moves between two readings never measures
  run.slowAttempts = isTooOld(error) && run.bodyMs >= TRANSACTION_LIFETIME_MS ? run.slowAttempts + 1 : 0
  if (run.slowAttempts >= SLOW_BODY_ATTEMPTS) {
    engineTx.cancel()
    stats.elapsedMs = performance.now() - run.started
    throw tooSlow(run.bodyMs, run.slowAttempts, error)
  }
  try {
    await engineTx.onError(error)
  } catch (final) {
    engineTx.cancel()
    stats.elapsedMs = performance.now() - run.started
    throw final
  }
  noteRetry(stats, error)
  stats.retries++
}

/**
 * How many attempts in a row whose body alone outlived the 5-second
 * lifetime make `transactional` give up with 1007 rather than retry forever
 * (a body that slow will not get faster).
 */
const SLOW_BODY_ATTEMPTS = 3

/** FoundationDB's transaction lifetime: reads and commits fail with 1007 after it. */
const TRANSACTION_LIFETIME_MS = 5_000

function isTooOld(error: unknown): boolean {
  // By code alone: whatever is not a FoundError is rethrown by onError on its first attempt, before three slow attempts add up.
  return (error as { code?: unknown } | null | undefined)?.code === ErrorCode.transactionTooOld
}

/** The 1007 that ends a body too slow for one transaction, with what to do instead. */
function tooSlow(bodyMs: number, attempts: number, cause: unknown): FoundError {
  return new FoundError(
    ErrorCode.transactionTooOld,
    `transactional: the transaction body ran for ${(bodyMs / 1000).toFixed(1)} s on ${attempts} attempts in a row, ` +
      'past the 5-second lifetime of a transaction (FoundationDB\'s limit), so it can never commit. ' +
      'Do less per transaction: read large ranges with scanAll or scanPage (continuations), write many keys with bulkWrite, ' +
      'or split the work yourself; to bound a transaction instead, pass timeout or retryLimit to transactionalWith.',
    { cause },
  )
}

/** Every key of {@link TransactionalOptions}. */
const TRANSACTIONAL_OPTIONS = [...TRANSACTION_OPTIONS, 'snapshot'] as const

function readCommittedVersion(tx: Transaction): bigint | null {
  const v = tx.engineTx.getCommittedVersion()
  return v === -1n ? null : v // FoundationDB's -1: nothing was committed (a read-only transaction)
}
