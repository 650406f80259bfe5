/**
 * The nstore handle: {@link make} and what it precomputes.
 *
 * @module
 */
import { ErrorCode, FoundError, Subspace, pack, type TupleItem } from '@foundkit/core'
import { binomial, findIndex, indexPermutations, inverseOf, type Permutation } from './permutations.js'
import { describe } from './checks.js'

/** FoundationDB's limit on the bytes one transaction writes. */
export const TRANSACTION_LIMIT = 10_000_000
/** FoundationDB's limit on a key. */
export const KEY_LIMIT = 10_000
/** FoundationDB's limit on a value. */
export const VALUE_LIMIT = 100_000
/** Column sets are bit sets of a 32-bit integer; the transaction limit refuses far fewer columns anyway. */
const MAX_COLUMNS = 30

/**
 * A handle over an nstore, made by {@link make}: frozen, holding no
 * connection and no cache, so it can live in a module constant.
 *
 * @example
 * ```ts
 * const triples = nstore.make('triples', ['app', 'triples'], 3)
 * triples.indexes // [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
 * ```
 */
export interface NStore {
  /**
   * The name given to {@link make}, for error messages and debugging.
   * @example
   * ```ts
   * nstore.make('triples', ['t'], 3).name // 'triples'
   * ```
   */
  readonly name: string
  /**
   * The subspace every key of the store lies in.
   * @example
   * ```ts
   * nstore.make('triples', ['t'], 3).subspace.key() // <02 74 00>
   * ```
   */
  readonly subspace: Subspace
  /**
   * The number of columns: every tuple has this many items.
   * @example
   * ```ts
   * nstore.make('quads', ['q'], 4).n // 4
   * ```
   */
  readonly n: number
  /**
   * The index permutations, in found's order: index `i` stores each tuple's
   * column `indexes[i][j]` at position `j`.
   * @example
   * ```ts
   * nstore.make('quads', ['q'], 4).indexes.length // 6
   * ```
   */
  readonly indexes: readonly Permutation[]
}

/** What a handle precomputes, kept beside it (the handle itself stays a plain frozen record). */
export interface Internals {
  /** `subspace + (i,)` for each index `i`. */
  readonly indexPrefixes: readonly Uint8Array[]
  /** For each index, the position of each column. */
  readonly inverses: readonly (readonly number[])[]
  /** Bound-column bit set → index number, filled on first use (pure maths). */
  readonly indexByMask: Map<number, number>
}

/** A handle with its precomputed parts. */
export type Compiled = NStore & Internals

const internals = new WeakMap<NStore, Compiled>()

/**
 * Makes a handle over the nstore called `name`, stored in `where`, whose
 * tuples have `n` items. It checks its arguments and computes the store's
 * C(n, ⌊n/2⌋) index permutations once.
 *
 * @param name - a non-empty string, for error messages and debugging
 * @param where - a `Subspace` (a `DirectorySubspace` is one), or tuple items for `new Subspace(where)`
 * @param n - the number of columns, at least 1
 * @throws TypeError for arguments of the wrong type
 * @throws FoundError (invalidArgument) when `n < 1`, or when one `add` would
 *   write more than FoundationDB's 10,000,000 bytes per transaction (n ≥ 22)
 * @example
 * ```ts
 * import * as nstore from '@foundkit/nstore'
 * const triples = nstore.make('triples', ['app', 'triples'], 3)
 * ```
 */
export function make(name: string, where: Subspace | readonly TupleItem[], n: number): NStore {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`nstore.make: name must be a non-empty string, got ${describe(name)}`)
  let subspace: Subspace
  if (where instanceof Subspace) subspace = where
  else if (Array.isArray(where)) subspace = new Subspace(where)
  else throw new TypeError(`nstore.make: where must be a Subspace or an array of tuple items, got ${describe(where)}`)
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new TypeError(`nstore.make: n must be an integer, got ${describe(n)}`)
  if (n < 1) throw new FoundError(ErrorCode.invalidArgument, `nstore.make: n must be at least 1, got ${n}`)
  const prefix = Buffer.from(subspace.key())
  const count = binomial(n, Math.floor(n / 2))
  // Smallest possible add: every item one byte (null), an empty value.
  const smallestAdd = count * (prefix.length + pack([count - 1]).length + n)
  if (!(smallestAdd <= TRANSACTION_LIMIT) || n > MAX_COLUMNS) {
    throw new FoundError(
      ErrorCode.invalidArgument,
      `nstore.make: n = ${n} needs ${count.toLocaleString('en-US')} indexes, so one add would write at least ` +
        `${smallestAdd.toLocaleString('en-US')} bytes, over FoundationDB's ${TRANSACTION_LIMIT.toLocaleString('en-US')}-byte transaction limit`,
    )
  }
  const indexes = Object.freeze(indexPermutations(n))
  const store: NStore = Object.freeze({ name, subspace, n, indexes })
  internals.set(store, {
    ...store,
    indexPrefixes: indexes.map((_, i) => pack([i], prefix)),
    inverses: indexes.map(inverseOf),
    indexByMask: new Map(),
  })
  return store
}

/** The precomputed parts of `store`; a TypeError when it was not made by {@link make}. */
export function compiled(store: unknown, what: string): Compiled {
  const found = typeof store === 'object' && store !== null ? internals.get(store as NStore) : undefined
  if (found === undefined) throw new TypeError(`${what}: the store must be a handle made by nstore.make, got ${describe(store)}`)
  return found
}

/** The index whose leading columns are exactly those of `boundMask`. */
export function indexFor(store: Compiled, boundMask: number): number {
  let index = store.indexByMask.get(boundMask)
  if (index === undefined) {
    index = findIndex(store.indexes, boundMask)
    store.indexByMask.set(boundMask, index)
  }
  return index
}
