/**
 * Checks shared by the compat layers.
 *
 * @module
 * @internal
 */
import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
export { keyAfterBuffer as keyAfter } from '../keys/bytes.js'
import { Subspace } from '../subspace/index.js'
import type { TupleItem } from '../tuple/index.js'

/** A name: a non-empty string. @internal */
export function requireName(name: unknown, what: string): string {
  if (typeof name !== 'string') throw new TypeError(`${what}: the name must be a string, got ${describe(name)}`)
  if (name === '') throw new FoundError(ErrorCode.invalidArgument, `${what}: the name must not be empty`)
  return name
}

/** A key tuple: an array (of tuple items; `pack` checks those), non-empty unless `allowEmpty`. @internal */
export function requireTuple(key: unknown, what: string, allowEmpty = false): readonly TupleItem[] {
  if (!Array.isArray(key)) throw new TypeError(`${what} must be an array of tuple items, got ${describe(key)}`)
  if (!allowEmpty && key.length === 0) throw new FoundError(ErrorCode.invalidArgument, `${what} must not be empty (an empty key names the whole subspace)`)
  return key as readonly TupleItem[]
}

/** A subspace, or tuple items to make one from. @internal */
export function toSubspace(prefix: unknown, what: string): Subspace {
  if (prefix instanceof Subspace) return prefix
  return new Subspace(requireTuple(prefix, `${what}: prefix`))
}

/** A limit: a non-negative integer (0: none). @internal */
export function requireLimit(limit: unknown, what: string): number {
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) throw new TypeError(`${what} must be a non-negative integer, got ${describe(limit)}`)
  return limit
}

/** A tuple for messages: `("foo", 2)`. @internal */
export function formatTuple(key: readonly TupleItem[]): string {
  const item = (x: TupleItem): string =>
    typeof x === 'string' ? JSON.stringify(x)
    : typeof x === 'bigint' ? `${x}n`
    : x instanceof Uint8Array ? `<${Buffer.from(x).toString('hex')}>`
    : Array.isArray(x) ? formatTuple(x)
    : String(x)
  return `(${key.map(item).join(', ')})`
}

