/**
 * Argument checks shared by the nstore operations: each names the
 * operation and the offending value.
 *
 * @module
 */
import { ErrorCode, FoundError, Versionstamp, type TupleItem } from '@foundkit/core'

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return `an object (${(value as { constructor?: { name?: string } }).constructor?.name ?? 'Object'})`
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`
  return `${typeof value} ${typeof value === 'symbol' ? '' : String(value)}`.trim()
}

/** Core's check of an operation's first argument (a Database or a Transaction). */
export { requireDbOrTx } from '@foundkit/core'

/**
 * Checks that `items` is an array of `n` entries: a TypeError when it is not
 * an array, a FoundError (invalidArgument) when its length is wrong.
 */
export function requireLength(items: unknown, n: number, what: string, noun: string): readonly unknown[] {
  if (!Array.isArray(items)) throw new TypeError(`${what}: the ${noun} must be an array of ${n} items, got ${describe(items)}`)
  if (items.length !== n) throw new FoundError(ErrorCode.invalidArgument, `${what}: expected ${n} items, got ${items.length}`)
  return items
}

/** How many incomplete versionstamps `item` holds (nested tuples included). */
export function incompleteVersionstamps(item: TupleItem): number {
  if (item instanceof Versionstamp) return item.isComplete() ? 0 : 1
  if (Array.isArray(item)) {
    let count = 0
    for (const inner of item as readonly TupleItem[]) count += incompleteVersionstamps(inner)
    return count
  }
  return 0
}

/** Refuses an incomplete versionstamp where only stored tuples make sense (lookups, removals, patterns). */
export function refuseIncompleteVersionstamp(item: TupleItem, at: number, what: string): void {
  if (incompleteVersionstamps(item) > 0) {
    throw new FoundError(
      ErrorCode.invalidArgument,
      `${what}: item ${at} holds an incomplete Versionstamp; only add writes one (the database completes it at commit)`,
    )
  }
}

/** Throws a TypeError unless `value` is a Uint8Array. */
export function requireBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value
  throw new TypeError(`${what} must be a Uint8Array (or Buffer), got ${describe(value)}`)
}

/** Throws a TypeError unless `n` is a non-negative safe integer. */
export function requireCount(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new TypeError(`${what} must be a non-negative integer, got ${describe(n)}`)
  return n
}
