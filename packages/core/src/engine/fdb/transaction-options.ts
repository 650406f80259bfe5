/**
 * The pure mapping of foundkit's `TransactionOptions` onto FoundationDB's
 * transaction option codes (checked against the binding's `.d.ts`).
 *
 * @module
 */
import type { TransactionOptionCode } from 'foundationdb'
import { ErrorCode, FoundError } from '../../errors.js'
import type { TransactionOptions } from '../types.js'

/** One FoundationDB transaction option to set: its code and parameter. */
export interface NativeOption {
  /** foundkit's name of the option. */
  readonly name: keyof TransactionOptions
  /** FoundationDB's transaction option code. */
  readonly code: TransactionOptionCode
  /** The parameter: an integer, a string, bytes, or null for a flag option. */
  readonly value: number | string | Buffer | null
}

/** FoundationDB's transaction option codes for foundkit's option names. */
export const TRANSACTION_OPTION_CODES: Readonly<Record<keyof TransactionOptions, TransactionOptionCode>> =
  Object.freeze({
    timeout: 500,
    retryLimit: 501,
    maxRetryDelay: 502,
    sizeLimit: 503,
    accessSystemKeys: 301,
    readSystemKeys: 302,
    nextWriteNoWriteConflictRange: 30,
    readYourWritesDisable: 51,
    snapshotRywEnable: 600,
    snapshotRywDisable: 601,
    debugTransactionIdentifier: 403,
    logTransaction: 404,
    reportConflictingKeys: 712,
    idempotencyId: 504,
    automaticIdempotency: 505,
  })

/**
 * Options FoundationDB keeps across `onError` (they are "persistent" since
 * API 610); the others are reset by `onError` and by `reset`.
 */
export const PERSISTENT_OPTIONS: ReadonlySet<keyof TransactionOptions> = new Set([
  'timeout',
  'retryLimit',
  'maxRetryDelay',
])

/** foundkit's flag options, in the order they are set. */
const FLAG_OPTIONS = [
  'accessSystemKeys',
  'readSystemKeys',
  'readYourWritesDisable',
  'snapshotRywDisable',
  'snapshotRywEnable',
  'nextWriteNoWriteConflictRange',
  'reportConflictingKeys',
  'automaticIdempotency',
] as const

/** Bounds of an integer option, inclusive. */
const INT_BOUNDS: Readonly<Record<'timeout' | 'retryLimit' | 'maxRetryDelay' | 'sizeLimit', [number, number]>> = {
  timeout: [0, 0x7fff_ffff],
  retryLimit: [-1, 0x7fff_ffff],
  maxRetryDelay: [0, 0x7fff_ffff],
  sizeLimit: [32, 10_000_000],
}

/**
 * Validates foundkit transaction options and lists the FoundationDB options
 * to set, in a stable order (timeout last, since setting it can fail the
 * transaction at once). Options that are `undefined` are skipped; a flag set
 * to `false` produces nothing (FoundationDB has no way to clear a flag: see
 * the engine's `setOptions`).
 *
 * @throws FoundError 2006 (invalid_option_value) for a value outside
 *   FoundationDB's range (timeout and maxRetryDelay ≥ 0, retryLimit ≥ -1,
 *   32 ≤ sizeLimit ≤ 10,000,000); 9001 (invalidArgument) for a wrong type
 */
export function transactionOptionsToNative(options: TransactionOptions): NativeOption[] {
  if (typeof options !== 'object' || options === null) {
    throw new FoundError(ErrorCode.invalidArgument, 'transaction options must be an object')
  }
  const out: NativeOption[] = []
  for (const name of FLAG_OPTIONS) {
    const value = options[name]
    if (value === undefined) continue
    if (typeof value !== 'boolean') {
      throw new FoundError(ErrorCode.invalidArgument, `transaction option ${name} must be a boolean, got ${typeof value}`)
    }
    if (value) out.push({ name, code: TRANSACTION_OPTION_CODES[name], value: null })
  }
  const identifier = options.debugTransactionIdentifier
  if (identifier !== undefined) {
    if (typeof identifier !== 'string') {
      throw new FoundError(ErrorCode.invalidArgument, `transaction option debugTransactionIdentifier must be a string, got ${typeof identifier}`)
    }
    out.push({ name: 'debugTransactionIdentifier', code: TRANSACTION_OPTION_CODES.debugTransactionIdentifier, value: identifier })
  }
  const id = options.idempotencyId
  if (id !== undefined) {
    if (typeof id !== 'string' && !(id instanceof Uint8Array)) {
      throw new FoundError(ErrorCode.invalidArgument, `transaction option idempotencyId must be a Uint8Array or a string, got ${typeof id}`)
    }
    const bytes = typeof id === 'string' ? Buffer.from(id, 'utf8') : Buffer.from(id.buffer, id.byteOffset, id.length)
    if (bytes.length < 16 || bytes.length > 255) {
      throw new FoundError(ErrorCode.invalidOptionValue, `transaction option idempotencyId must be 16 to 255 bytes, got ${bytes.length}`)
    }
    out.push({ name: 'idempotencyId', code: TRANSACTION_OPTION_CODES.idempotencyId, value: bytes })
  }
  if (options.logTransaction === true) out.push({ name: 'logTransaction', code: TRANSACTION_OPTION_CODES.logTransaction, value: null })
  for (const name of ['sizeLimit', 'retryLimit', 'maxRetryDelay', 'timeout'] as const) {
    const value = options[name]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new FoundError(ErrorCode.invalidArgument, `transaction option ${name} must be an integer, got ${String(value)}`)
    }
    const [min, max] = INT_BOUNDS[name]
    if (value < min || value > max) {
      throw new FoundError(
        ErrorCode.invalidOptionValue,
        `transaction option ${name} must be between ${min} and ${max}, got ${value}`,
      )
    }
    out.push({ name, code: TRANSACTION_OPTION_CODES[name], value })
  }
  return out
}

/**
 * Merges option sets left to right; `undefined` fields do not override.
 * @internal
 */
export function mergeTransactionOptions(...sets: Array<TransactionOptions | undefined>): TransactionOptions {
  const out: TransactionOptions = {}
  for (const set of sets) {
    if (set === undefined) continue
    for (const [key, value] of Object.entries(set) as Array<[keyof TransactionOptions, unknown]>) {
      if (value !== undefined) (out as Record<string, unknown>)[key] = value
    }
  }
  return out
}

/**
 * The FoundationDB options to set again after the client reset the
 * transaction, so that foundkit's options stay in force as its interface
 * promises:
 *
 * - after `onError`, FoundationDB keeps timeout, retry_limit and
 *   max_retry_delay (API 610+) but resets the others: those are set again;
 * - after `reset`, FoundationDB clears every option: all are set again (the
 *   timeout then counts from the reset, as in FoundationDB).
 */
export function optionsToReapply(options: TransactionOptions, after: 'onError' | 'reset'): NativeOption[] {
  // A one-shot option is never set again.
  const natives = transactionOptionsToNative({ ...options, nextWriteNoWriteConflictRange: undefined })
  return after === 'reset' ? natives : natives.filter((option) => !PERSISTENT_OPTIONS.has(option.name))
}
