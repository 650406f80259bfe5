/**
 * {@link Subspace}: a key prefix with tuple semantics, as in FoundationDB's
 * official bindings.
 *
 * @module
 */
import { ErrorCode, FoundError } from '../errors.js'
import { asBuffer, describe, type KeyRange } from '../keys/bytes.js'
import { pack, packWithVersionstamp, unpack, type TupleItem } from '../tuple/index.js'

const EMPTY = new Uint8Array(0)

/** Whether `key` starts with `prefix`. @internal */
export function startsWith(key: Uint8Array, prefix: Uint8Array): boolean {
  if (key.length < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false
  return true
}

/** Checks that `items` is an array (of tuple items: `pack` checks each element). */
function requireItems(items: unknown, what: string): readonly TupleItem[] {
  if (!Array.isArray(items)) throw new TypeError(`${what}: items must be an array of tuple items, got ${describe(items)}`)
  return items as readonly TupleItem[]
}

function requireKey(key: unknown, what: string): Uint8Array {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${what}: key must be a Uint8Array (or Buffer), got ${describe(key)}`)
  return key
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/**
 * A subspace: every key that starts with one prefix, read and written as
 * tuples after that prefix. The prefix is `rawPrefix` followed by the packed
 * `prefixItems`, exactly as the official bindings' `Subspace(prefixTuple,
 * rawPrefix)`, so `new Subspace(['users']).pack([42])` gives the same bytes
 * as Python's `Subspace(('users',)).pack((42,))`.
 *
 * A subspace is immutable: every method returns new bytes or a new subspace,
 * and {@link Subspace.key} returns a copy of the prefix.
 *
 * @example
 * ```ts
 * const users = new Subspace(['app', 'users'])
 * await transactional(db, (tx) => set(tx, users.pack([42, 'name']), Buffer.from('Ada')))
 * const { begin, end } = users.range([42])
 * for await (const [key, value] of query(tx, begin, end)) console.log(users.unpack(key)) // [42, 'name']
 * ```
 */
export class Subspace {
  /** The raw prefix (owned; never handed out without copying). */
  readonly #prefix: Buffer

  /**
   * @param prefixItems - tuple items packed after `rawPrefix` to make the prefix (default none)
   * @param rawPrefix - raw bytes the prefix starts with (default none; copied)
   * @throws TypeError when `prefixItems` is not an array of tuple items or
   *   `rawPrefix` is not a Uint8Array
   * @example
   * ```ts
   * new Subspace(['users'])                    // prefix <02 75 73 65 72 73 00>
   * new Subspace([], Buffer.from([0xfe]))      // prefix <fe>
   * new Subspace([1], Buffer.from('app'))      // prefix <61 70 70 15 01>
   * ```
   */
  constructor(prefixItems: readonly TupleItem[] = [], rawPrefix: Uint8Array = EMPTY) {
    requireItems(prefixItems, 'new Subspace')
    if (!(rawPrefix instanceof Uint8Array)) {
      throw new TypeError(`new Subspace: rawPrefix must be a Uint8Array (or Buffer), got ${describe(rawPrefix)}`)
    }
    this.#prefix = asBuffer(pack(prefixItems, rawPrefix))
  }

  /**
   * The subspace's raw prefix (a copy).
   *
   * @example
   * ```ts
   * new Subspace(['a']).key() // <02 61 00>
   * ```
   */
  key(): Uint8Array {
    return Buffer.from(this.#prefix)
  }

  /**
   * The key of the tuple `items` inside this subspace: the prefix followed by
   * `pack(items)`. With no items, the prefix itself.
   *
   * @throws TypeError when `items` is not an array of tuple items (see `pack`)
   * @example
   * ```ts
   * new Subspace(['users']).pack([42]) // <02 75 73 65 72 73 00 15 2a>
   * ```
   */
  pack(items: readonly TupleItem[] = []): Uint8Array {
    return pack(requireItems(items, 'Subspace.pack'), this.#prefix)
  }

  /**
   * The key of a tuple that holds one incomplete `Versionstamp`, for
   * `setVersionstampedKey` (or `setVersionstampedValue`): the prefix, the
   * packed tuple, and the 4-byte little-endian offset of the versionstamp
   * (counted from the start of the key, prefix included).
   *
   * @throws TypeError when `items` is not an array of tuple items
   * @throws FoundError (invalidArgument) when the tuple holds no incomplete versionstamp, or more than one
   * @example
   * ```ts
   * const log = new Subspace(['log'])
   * setVersionstampedKey(tx, log.packWithVersionstamp([Versionstamp.incomplete()]), Buffer.from('event'))
   * ```
   */
  packWithVersionstamp(items: readonly TupleItem[]): Uint8Array {
    return packWithVersionstamp(requireItems(items, 'Subspace.packWithVersionstamp'), this.#prefix)
  }

  /**
   * The tuple a key of this subspace holds after the prefix.
   *
   * @throws TypeError when `key` is not a Uint8Array
   * @throws FoundError (invalidArgument) when `key` does not start with this
   *   subspace's prefix; (corruptData) when the rest is not a packed tuple
   * @example
   * ```ts
   * const users = new Subspace(['users'])
   * users.unpack(users.pack([42, 'name'])) // [42, 'name']
   * ```
   */
  unpack(key: Uint8Array): TupleItem[] {
    requireKey(key, 'Subspace.unpack')
    if (!startsWith(key, this.#prefix)) {
      throw new FoundError(
        ErrorCode.invalidArgument,
        `Subspace.unpack: the key <${hex(key)}> is not in the subspace with prefix <${hex(this.#prefix)}>`,
      )
    }
    return unpack(key.subarray(this.#prefix.length))
  }

  /**
   * The range of every key of this subspace that holds a tuple starting with
   * `items` (and longer than it), with FoundationDB's semantics:
   * `[prefix + pack(items) + 00, prefix + pack(items) + ff)`. The key
   * `pack(items)` itself is not in the range.
   *
   * @throws TypeError when `items` is not an array of tuple items
   * @example
   * ```ts
   * const { begin, end } = new Subspace(['users']).range([42])
   * clear(tx, begin, end) // every key (users, 42, ...)
   * ```
   */
  range(items: readonly TupleItem[] = []): KeyRange {
    const p = this.pack(requireItems(items, 'Subspace.range'))
    const begin = Buffer.alloc(p.length + 1)
    begin.set(p)
    const end = Buffer.alloc(p.length + 1)
    end.set(p)
    end[p.length] = 0xff
    return { begin, end }
  }

  /**
   * Whether `key` starts with this subspace's prefix (the prefix itself included).
   *
   * @throws TypeError when `key` is not a Uint8Array
   * @example
   * ```ts
   * const users = new Subspace(['users'])
   * users.contains(users.pack([1])) // true
   * users.contains(pack(['items']))  // false
   * ```
   */
  contains(key: Uint8Array): boolean {
    return startsWith(requireKey(key, 'Subspace.contains'), this.#prefix)
  }

  /**
   * The subspace nested in this one at the tuple `items`: its prefix is
   * `this.pack(items)`.
   *
   * @throws TypeError when `items` is not an array of tuple items
   * @example
   * ```ts
   * const app = new Subspace(['app'])
   * app.subspace(['users']).key() // same bytes as new Subspace(['app', 'users']).key()
   * ```
   */
  subspace(items: readonly TupleItem[]): Subspace {
    return new Subspace(requireItems(items, 'Subspace.subspace'), this.#prefix)
  }

  /**
   * A readable form, the prefix in hexadecimal.
   *
   * @example
   * ```ts
   * String(new Subspace(['a'])) // 'Subspace(<026100>)'
   * ```
   */
  toString(): string {
    return `Subspace(<${hex(this.#prefix)}>)`
  }
}
