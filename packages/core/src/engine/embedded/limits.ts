import { ErrorCode, FoundError } from '../../errors.js'
import type { StreamingMode } from '../types.js'
import { SYSTEM_KEYS_BEGIN, SYSTEM_KEYS_END, type Key } from './keyspace.js'

/** FoundationDB's limits, enforced by the embedded engine with the same codes. @internal */
export const LIMITS = {
  keyBytes: 10_000,
  /** System keys may be longer, as in FoundationDB. */
  systemKeyBytes: 30_000,
  valueBytes: 100_000,
  transactionBytes: 10_000_000,
} as const

function keyLimit(key: Key): number {
  // Stryker disable next-line EqualityOperator: equivalent: the only key that `>` treats differently is \xff itself, 1 byte, under both limits
  return key >= SYSTEM_KEYS_BEGIN ? LIMITS.systemKeyBytes : LIMITS.keyBytes
}

/** Whether a key is over the size limit (no such key can be stored). @internal */
export function isKeyTooLarge(key: Key): boolean {
  return key.length > keyLimit(key)
}

/** Throws 2102 when a key is over the size limit. @internal */
export function checkKeySize(key: Key, what: string): void {
  const limit = keyLimit(key)
  if (key.length > limit) {
    throw new FoundError(ErrorCode.keyTooLarge, `${what}: key is ${key.length} bytes; the limit is ${limit}`)
  }
}

/** Throws 2103 when a value is over the size limit. @internal */
export function checkValueSize(length: number, what: string): void {
  if (length > LIMITS.valueBytes) {
    throw new FoundError(ErrorCode.valueTooLarge, `${what}: value is ${length} bytes; the limit is ${LIMITS.valueBytes}`)
  }
}

/** Throws 2004 for a key in the system keyspace without the option that allows it. @internal */
export function checkLegalKey(key: Key, allowed: boolean, what: string): void {
  if (!allowed && key >= SYSTEM_KEYS_BEGIN) {
    throw new FoundError(
      ErrorCode.keyOutsideLegalRange,
      `${what}: keys starting with 0xff are the system keyspace; set the accessSystemKeys option to use them`,
    )
  }
}

/**
 * Throws 2004 for a range [begin, end) that reaches into the system keyspace
 * without the option that allows it: `begin` may not be a system key, and
 * `end` may be `0xff` itself (the end of the normal keyspace) but no further.
 * @internal
 */
export function checkLegalRange(begin: Key, end: Key, allowed: boolean, what: string, whatEnd: string): void {
  checkLegalKey(begin, allowed, what)
  if (end > (allowed ? SYSTEM_KEYS_END : SYSTEM_KEYS_BEGIN)) checkLegalKey(end, false, whatEnd)
}

/** How many pairs a range read fetches per batch, by streaming mode (the nth batch). @internal */
export function batchSize(mode: StreamingMode, iteration: number, limit: number): number {
  let size: number
  switch (mode) {
    case 'want_all':
    case 'exact':
      size = 10_000
      break
    case 'small':
      size = 256
      break
    case 'medium':
      size = 1_000
      break
    case 'large':
      size = 4_000
      break
    case 'serial':
      size = 10_000
      break
    case 'iterator':
    default:
      // Start small (the reader may stop early) and grow.
      size = Math.min(10_000, 256 << Math.min(iteration, 6))
  }
  return limit > 0 ? Math.min(size, limit) : size
}
