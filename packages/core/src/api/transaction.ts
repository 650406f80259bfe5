import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import type { EngineTransaction, TransactionOptions } from '../engine/types.js'
import { UNSUPPORTED_TRANSACTION_OPTIONS, withoutNoEffectOptions } from '../options/fdb-parity.js'
import { requireKnownOptions } from '../options/known.js'
import type { Database } from './database.js'
import { newStats, type TransactionStats } from './hooks.js'
import { noteRetry } from './attempts.js'

/**
 * A transaction, the first argument of every found-style function
 * (`get(tx, key)`, `set(tx, key, value)`, ...). {@link transactional} makes
 * one for you and commits it; {@link transaction} makes one you commit
 * yourself.
 */
export class Transaction {
  /** The database this transaction belongs to. */
  readonly db: Database
  /** Whether reads through this handle are snapshot reads (no read conflicts). */
  readonly isSnapshot: boolean
  /** Whether writes through this handle are refused (found's `snapshot=True`). */
  readonly isReadOnly: boolean
  /** What {@link transactional} measured so far: retries, time, bytes. */
  readonly stats: TransactionStats
  /** The engine's transaction. @internal */
  readonly engineTx: EngineTransaction

  /** @internal Use {@link transaction} or {@link transactional}. */
  constructor(db: Database, engineTx: EngineTransaction, mode: { snapshot?: boolean; readOnly?: boolean; stats?: TransactionStats } = {}) {
    this.db = db
    this.engineTx = engineTx
    this.isSnapshot = mode.snapshot ?? false
    this.isReadOnly = mode.readOnly ?? false
    this.stats = mode.stats ?? newStats()
  }

  /**
   * A view of this transaction whose reads are snapshot reads: they add no
   * read conflict ranges (FoundationDB's `tx.snapshot()`). Writes through the
   * view go to the same transaction.
   */
  snapshot(): Transaction {
    if (this.isSnapshot) return this
    return new Transaction(this.db, this.engineTx, { snapshot: true, readOnly: this.isReadOnly, stats: this.stats })
  }

  /** Commits (manual transactions). Same as {@link commit}. */
  commit(): Promise<void> {
    return commit(this)
  }

  /** Cancels: nothing is written. Same as {@link cancel}. */
  cancel(): void {
    cancel(this)
  }

  /** Sets options on this transaction (timeout, retry limit, system keys...). */
  setOptions(options: TransactionOptions): void {
    const checked = checkTransactionOptions(options, 'setOptions')
    this.engineTx.setOptions(checked)
    nameStats(this.stats, checked)
  }

  /** @internal Throws when this handle may not write. */
  checkWritable(what: string): void {
    if (this.isReadOnly) throw new FoundError(ErrorCode.invalidOption, `${what}: this transaction is read-only (a snapshot transaction)`)
  }
}

/** Puts the tracing options' name and log flag on a transaction's stats. @internal */
export function nameStats(stats: TransactionStats, options: TransactionOptions): void {
  if (options.debugTransactionIdentifier !== undefined) stats.name = options.debugTransactionIdentifier
  if (options.logTransaction !== undefined) stats.logged = options.logTransaction
}

/** Throws a TypeError unless `tx` is a {@link Transaction}. @internal */
export function requireTransaction(tx: unknown, what: string): Transaction {
  if (tx instanceof Transaction) return tx
  throw new TypeError(`${what}: the first argument must be a Transaction, got ${describe(tx)}`)
}

/** Every key of {@link TransactionOptions}. @internal */
export const TRANSACTION_OPTIONS = [
  'timeout',
  'retryLimit',
  'maxRetryDelay',
  'accessSystemKeys',
  'readSystemKeys',
  'sizeLimit',
  'nextWriteNoWriteConflictRange',
  'readYourWritesDisable',
  'snapshotRywEnable',
  'snapshotRywDisable',
  'debugTransactionIdentifier',
  'logTransaction',
  'reportConflictingKeys',
  'idempotencyId',
  'automaticIdempotency',
] as const

/** The boolean keys of {@link TransactionOptions}. */
const FLAG_OPTIONS = [
  'accessSystemKeys',
  'readSystemKeys',
  'nextWriteNoWriteConflictRange',
  'readYourWritesDisable',
  'snapshotRywEnable',
  'snapshotRywDisable',
  'logTransaction',
  'reportConflictingKeys',
  'automaticIdempotency',
] as const

/**
 * Validates transaction options (`known`: every key allowed, by default those
 * of {@link TransactionOptions}) and returns them without the FoundationDB
 * options that have no effect here; a refused FoundationDB option throws
 * FoundError `unsupported` (see docs/api-parity.md). @internal
 */
export function checkTransactionOptions<T extends TransactionOptions>(given: T, what: string, known: readonly string[] = TRANSACTION_OPTIONS): T {
  if (given === undefined || given === null) throw new TypeError(`${what}: options must be an object, got ${describe(given)}`)
  // FoundationDB's names first: they are refused or ignored by name, not "unknown".
  const options = withoutNoEffectOptions(what, given, UNSUPPORTED_TRANSACTION_OPTIONS)
  requireKnownOptions(what, options, known)
  for (const name of ['timeout', 'retryLimit', 'maxRetryDelay', 'sizeLimit'] as const) {
    const v = options[name]
    if (v !== undefined && (!Number.isSafeInteger(v) || v < (name === 'retryLimit' ? -1 : 0))) {
      throw new TypeError(`${what}: ${name} must be a non-negative integer${name === 'retryLimit' ? ' or -1' : ''}, got ${describe(v)}`)
    }
  }
  if (options.sizeLimit !== undefined && options.sizeLimit > 10_000_000) {
    throw new FoundError(ErrorCode.invalidOptionValue, `${what}: sizeLimit may be at most 10,000,000 bytes`)
  }
  for (const name of FLAG_OPTIONS) {
    const v = options[name]
    if (v !== undefined && typeof v !== 'boolean') throw new TypeError(`${what}: ${name} must be a boolean, got ${describe(v)}`)
  }
  const identifier = options.debugTransactionIdentifier
  if (identifier !== undefined && typeof identifier !== 'string') {
    throw new TypeError(`${what}: debugTransactionIdentifier must be a string, got ${describe(identifier)}`)
  }
  if (identifier !== undefined && identifier.length > 100) {
    throw new FoundError(ErrorCode.invalidOptionValue, `${what}: debugTransactionIdentifier may be at most 100 characters (FoundationDB's limit), got ${identifier.length}`)
  }
  if (options.idempotencyId !== undefined) checkIdempotencyId(options.idempotencyId, what)
  return options
}

/** FoundationDB's bounds of an idempotency id, in bytes: at least 16 and less than 256. */
const IDEMPOTENCY_ID_BYTES = { min: 16, max: 255 }

/** Throws a TypeError unless `id` is bytes or a string, and FoundError 2006 unless it is 16..255 bytes long (FoundationDB's bounds). */
function checkIdempotencyId(id: unknown, what: string): void {
  if (typeof id !== 'string' && !(id instanceof Uint8Array)) throw new TypeError(`${what}: idempotencyId must be a Uint8Array or a string, got ${describe(id)}`)
  const bytes = typeof id === 'string' ? Buffer.byteLength(id, 'utf8') : id.length
  if (bytes < IDEMPOTENCY_ID_BYTES.min || bytes > IDEMPOTENCY_ID_BYTES.max) {
    throw new FoundError(
      ErrorCode.invalidOptionValue,
      `${what}: idempotencyId must be ${IDEMPOTENCY_ID_BYTES.min} to ${IDEMPOTENCY_ID_BYTES.max} bytes (FoundationDB's bounds), got ${bytes}`,
    )
  }
}

/**
 * Starts a transaction you drive yourself (found's `transaction()`): use it,
 * then {@link commit} or {@link cancel}. It is not retried; for retries
 * catch the error and call {@link onError}, or use {@link transactional}.
 *
 * @example
 * ```ts
 * const tx = transaction(db)
 * try {
 *   set(tx, key, value)
 *   await commit(tx)
 * } catch (err) {
 *   cancel(tx)
 *   throw err
 * }
 * ```
 */
export function transaction(db: Database, options: TransactionOptions = {}): Transaction {
  if (typeof db !== 'object' || db === null || !('engine' in db)) throw new TypeError(`transaction: db must be a Database, got ${describe(db)}`)
  const checked = checkTransactionOptions(options, 'transaction')
  db.checkOpen()
  const merged = { ...db.transactionOptions, ...checked }
  const stats = newStats()
  nameStats(stats, merged)
  return new Transaction(db, db.engine.createTransaction(merged), { stats })
}

/** Commits a manual transaction; resolves once durable. Rejects with a {@link FoundError} (1020 on conflict). */
export async function commit(tx: Transaction): Promise<void> {
  requireTransaction(tx, 'commit')
  await tx.engineTx.commit()
}

/** Cancels a transaction: its writes are dropped and later use fails with 1025. */
export function cancel(tx: Transaction): void {
  requireTransaction(tx, 'cancel')
  tx.engineTx.cancel()
}

/** Drops everything the transaction did and starts it afresh. */
export function reset(tx: Transaction): void {
  requireTransaction(tx, 'reset')
  tx.engineTx.reset()
}

/**
 * FoundationDB's retry step for manual loops: when `error` is retryable,
 * waits the backoff delay and resets `tx` for another attempt; otherwise
 * rethrows `error`.
 *
 * @example
 * ```ts
 * const tx = transaction(db)
 * for (;;) {
 *   try { set(tx, k, v); await commit(tx); break }
 *   catch (err) { await onError(tx, err) }
 * }
 * ```
 */
export async function onError(tx: Transaction, error: unknown): Promise<void> {
  requireTransaction(tx, 'onError')
  await tx.engineTx.onError(error)
  noteRetry(tx.stats, error)
  tx.stats.retries++
}
