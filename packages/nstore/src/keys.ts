/**
 * The keys of an nstore: each tuple packed once item by item, then laid out
 * in every index's order. A packed tuple is the concatenation of its packed
 * items, so `prefix(i) + enc[p[0]] + enc[p[1]] + ...` is exactly
 * `subspace.pack([i, ...permuted])`.
 *
 * @module
 */
import { ErrorCode, FoundError, pack, type TupleItem } from '@foundkit/core'
import { isVariable } from './variables.js'
import { describe, refuseIncompleteVersionstamp, requireLength } from './checks.js'
import { KEY_LIMIT, type Compiled } from './store.js'

/** Checks that `tuple` has `store.n` items and no variable. */
export function requireTuple(store: Compiled, tuple: unknown, what: string): readonly TupleItem[] {
  const items = requireLength(tuple, store.n, what, 'tuple')
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    if (isVariable(item)) throw new TypeError(`${what}: item ${i} is a variable (${JSON.stringify(item.name)}); a tuple holds tuple items only`)
  }
  return items as readonly TupleItem[]
}

/**
 * Each item of `tuple` packed on its own (column order), after checking that
 * it has `store.n` items, no variable and no incomplete versionstamp.
 */
export function encodeTuple(store: Compiled, tuple: unknown, what: string): Uint8Array[] {
  const items = requireTuple(store, tuple, what)
  const out = new Array<Uint8Array>(items.length)
  for (let i = 0; i < items.length; i++) {
    refuseIncompleteVersionstamp(items[i]!, i, what)
    out[i] = encodeItem(items[i]!, i, what)
  }
  return out
}

/** One packed item; the tuple layer's TypeError, with the operation and the column in front. */
export function encodeItem(item: TupleItem, column: number, what: string): Uint8Array {
  try {
    return pack([item])
  } catch (error) {
    if (error instanceof TypeError) throw new TypeError(`${what}: item ${column} cannot be packed (${describe(item)}): ${error.message}`)
    throw error
  }
}

/** The key of a tuple (its packed items `encoded`, column order) in index `index`. */
export function keyOf(store: Compiled, index: number, encoded: readonly Uint8Array[], what: string): Buffer {
  const permutation = store.indexes[index]!
  const parts = new Array<Uint8Array>(permutation.length + 1)
  parts[0] = store.indexPrefixes[index]!
  for (let j = 0; j < permutation.length; j++) parts[j + 1] = encoded[permutation[j]!]!
  const key = Buffer.concat(parts)
  if (key.length > KEY_LIMIT) {
    throw new FoundError(ErrorCode.keyTooLarge, `${what}: a key of ${key.length} bytes is over FoundationDB's ${KEY_LIMIT}-byte key limit`)
  }
  return key
}
