import { requireBytes } from './bytes.js'

/**
 * A key selector: names a key by its position relative to `key`, as in
 * FoundationDB. It resolves to the last key less than `key` (or less than or
 * equal, when `orEqual`), then moves `offset` keys forward.
 *
 * Build them with {@link lt}, {@link lte}, {@link gt} and {@link gte}.
 */
export interface KeySelector {
  /** The reference key. */
  readonly key: Uint8Array
  /** Whether `key` itself counts as "less than" for the starting point. */
  readonly orEqual: boolean
  /** How many keys to move from the starting point. */
  readonly offset: number
  /** Brand that tells a selector from a plain key. @internal */
  readonly [selectorBrand]: true
}

const selectorBrand = Symbol.for('foundkit.KeySelector')

/** Makes a raw selector. Prefer {@link lt}, {@link lte}, {@link gt}, {@link gte}. */
export function keySelector(key: Uint8Array, orEqual: boolean, offset: number): KeySelector {
  requireBytes(key, 'keySelector: key')
  if (typeof orEqual !== 'boolean') throw new TypeError('keySelector: orEqual must be a boolean')
  if (!Number.isSafeInteger(offset)) throw new TypeError(`keySelector: offset must be an integer, got ${String(offset)}`)
  return Object.freeze({ key, orEqual, offset, [selectorBrand]: true as const })
}

/**
 * The last key strictly less than `key`, moved by `offset` keys.
 * @example
 * ```ts
 * await getKey(tx, lt(pack([5]))) // the key just before (5,)
 * ```
 */
export function lt(key: Uint8Array, offset = 0): KeySelector {
  return keySelector(key, false, offset)
}

/** The last key less than or equal to `key`, moved by `offset` keys. */
export function lte(key: Uint8Array, offset = 0): KeySelector {
  return keySelector(key, true, offset)
}

/** The first key strictly greater than `key`, moved by `offset` keys. */
export function gt(key: Uint8Array, offset = 0): KeySelector {
  return keySelector(key, true, offset + 1)
}

/** The first key greater than or equal to `key`, moved by `offset` keys. */
export function gte(key: Uint8Array, offset = 0): KeySelector {
  return keySelector(key, false, offset + 1)
}

/** Whether `value` is a {@link KeySelector}. */
export function isKeySelector(value: unknown): value is KeySelector {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[selectorBrand] === true
}

/** A key, or a selector that resolves to one. */
export type KeyOrSelector = Uint8Array | KeySelector

/** Turns a key or selector into a selector (a key `k` means `gte(k)`). @internal */
export function toSelector(value: KeyOrSelector, what: string): KeySelector {
  if (isKeySelector(value)) return value
  return gte(requireBytes(value, what))
}
