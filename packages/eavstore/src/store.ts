/**
 * The store's handle (`make`), its options and the sub-space tags of the key
 * layout given in the package documentation (index.ts).
 *
 * @module
 */
import { ErrorCode, FoundError, Subspace, requireKnownOptions, type TupleItem } from '@foundkit/core'

/** The sub-space tag of the documents: `(0, id, ...path) → value`. */
export const DOCUMENTS = 0
/** The sub-space tag of the index: `(1, path, indexValue, id) → '' | 0x01`. */
export const INDEX = 1
/**
 * The version of this key layout, for the guide and for a future migration.
 * @example
 * ```ts
 * eavstore.LAYOUT_VERSION // 1
 * ```
 */
export const LAYOUT_VERSION = 1

/**
 * Which attributes a store indexes: every path (`true`), a list of paths (each with all the paths under it), or a predicate on the dotted path.
 * @example
 * ```ts
 * const selection: IndexSelection = ['name', 'address'] // 'address.city' too
 * ```
 */
export type IndexSelection = true | readonly string[] | ((path: string) => boolean)

/**
 * Options of {@link make}.
 * @example
 * ```ts
 * const options: EavStoreOptions = { index: ['name', 'tags'] }
 * ```
 */
export interface EavStoreOptions {
  /**
   * Which attributes are indexed, by dotted path. A list names paths whose
   * values (and every path nested under them) are indexed; a predicate is
   * called with each dotted path. Default: every attribute (`true`).
   * A path that is not indexed can be stored and read, not queried.
   * @example
   * ```ts
   * eavstore.make('people', ['app'], { index: ['name', 'address'] }) // also 'address.city'
   * eavstore.make('people', ['app'], { index: (path) => !path.startsWith('notes') })
   * ```
   */
  readonly index?: IndexSelection
}

/** The defaults of {@link EavStoreOptions}, merged once by {@link make}. */
const defaults: Required<EavStoreOptions> = Object.freeze({ index: true })

/**
 * A store's handle: its name, where its keys live and which attributes it
 * indexes. It holds no connection and no cache; keep it in a module constant.
 * @example
 * ```ts
 * const people: EavStore = eavstore.make('people', ['app', 'people'])
 * people.isIndexed('address.city') // true
 * ```
 */
export interface EavStore {
  /** The store's name, in error messages. */
  readonly name: string
  /** The subspace holding every key of the store. */
  readonly subspace: Subspace
  /** The `index` option as given (or its default). */
  readonly index: IndexSelection
  /** Whether values at this dotted path are indexed. */
  readonly isIndexed: (path: string) => boolean
  /** Packed prefix of the document keys, `S + (0)`. @internal */
  readonly documents: Subspace
  /** Packed prefix of the index keys, `S + (1)`. @internal */
  readonly indexes: Subspace
}

/**
 * Makes the handle of an eavstore whose keys live under `where`.
 *
 * @param name - the store's name, for error messages
 * @param where - a Subspace (a DirectorySubspace is one) or tuple items
 * @param options - see {@link EavStoreOptions}
 * @throws TypeError for a name that is not a non-empty string, a `where` that
 *   is neither, or an unknown option
 * @example
 * ```ts
 * import * as eavstore from '@foundkit/eavstore'
 * const people = eavstore.make('people', ['app', 'people'])
 * ```
 */
export function make(name: string, where: Subspace | readonly TupleItem[], options?: EavStoreOptions): EavStore {
  if (typeof name !== 'string' || name === '') throw new TypeError(`eavstore.make: name must be a non-empty string, got ${describeValue(name)}`)
  const subspace = where instanceof Subspace ? where : Array.isArray(where) ? new Subspace(where as TupleItem[]) : null
  if (subspace === null) throw new TypeError(`eavstore.make: where must be a Subspace or an array of tuple items, got ${describeValue(where)}`)
  const { index } = { ...defaults, ...requireKnownOptions('eavstore.make', options, ['index']) }
  return Object.freeze({
    name,
    subspace,
    index,
    isIndexed: indexPredicate(index),
    documents: new Subspace([DOCUMENTS], subspace.key()),
    indexes: new Subspace([INDEX], subspace.key()),
  })
}

function indexPredicate(index: IndexSelection): (path: string) => boolean {
  if (index === true) return () => true
  if (typeof index === 'function') return (path) => index(path) === true
  if (Array.isArray(index) && index.every((p) => typeof p === 'string' && p !== '')) {
    const paths = [...(index as string[])]
    return (path) => paths.some((p) => path === p || path.startsWith(p + '.'))
  }
  throw new TypeError(`eavstore.make: option index must be true, an array of attribute paths or a predicate, got ${describeValue(index)}`)
}

/** A short description of a value for error messages. @internal */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'symbol') return 'a symbol'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (value instanceof Uint8Array) return `${value.constructor.name} of ${value.length} bytes`
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value)
    const className: unknown = proto === Object.prototype || proto === null ? undefined : proto.constructor?.name
    return typeof className === 'string' && className !== '' ? `a ${className}` : 'an object'
  }
  return String(value)
}

/** A FoundError (invalidArgument) whose message starts with the operation. @internal */
export function invalid(what: string, message: string): FoundError {
  return new FoundError(ErrorCode.invalidArgument, `${what}: ${message}`)
}
