/**
 * Query conditions: parsing `{ path: value | { gt, gte, lt, lte } }` into
 * index key ranges and tests on index values (packed tuple items, whose byte
 * order is the tuple order).
 *
 * @module
 */
import { pack, requireKnownOptions } from '@foundkit/core'
import { describeValue, invalid, type EavStore } from './store.js'
import { indexItem, isPlainObject, isScalar, requireAttributeName, type EavScalar } from './values.js'

/**
 * A range condition: bounds in tuple order (a number is ordered as a Float64 among numbers).
 * @example
 * ```ts
 * const adults: EavRange = { gte: 18, lt: 65 }
 * eavstore.query(db, people, { age: adults })
 * ```
 */
export interface EavRange {
  /** Values greater than this. */
  readonly gt?: EavScalar
  /** Values greater than or equal to this. */
  readonly gte?: EavScalar
  /** Values less than this. */
  readonly lt?: EavScalar
  /** Values less than or equal to this. */
  readonly lte?: EavScalar
}

/**
 * A condition on one attribute: a value it must hold (an element, for an array), or a range.
 * @example
 * ```ts
 * const inParis: EavCondition = 'Paris'
 * const young: EavCondition = { lt: 30 }
 * ```
 */
export type EavCondition = EavScalar | EavRange

/**
 * Conditions by dotted attribute path; a document matches when it meets all of them.
 * @example
 * ```ts
 * const conditions: EavConditions = { 'address.city': 'Paris', tags: 'math', age: { gte: 18 } }
 * ```
 */
export interface EavConditions {
  readonly [path: string]: EavCondition
}

/** A parsed condition. @internal */
export interface Condition {
  /** The dotted attribute path. */
  readonly path: string
  /** Its index keys lie in [begin, end). */
  readonly begin: Buffer
  /** See begin. */
  readonly end: Buffer
  /** The packed index value for an equality, else null. */
  readonly equals: Buffer | null
  /** The length of the index keys' prefix `S + (1, path)`, before the value. */
  readonly prefixLength: number
  /** The packed path segments, which follow the packed id in the attribute's data key. */
  readonly segments: Buffer
  /** Whether a packed index value meets the condition. */
  readonly test: (item: Buffer) => boolean
}

const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'] as const
const FF = Buffer.from([0xff])

/** Parses the conditions of a query (at least one); TypeError or FoundError naming the path. @internal */
export function parseConditions(store: EavStore, what: string, conditions: EavConditions): Condition[] {
  if (!isPlainObject(conditions)) throw new TypeError(`${what}: conditions must be a plain object, got ${describeValue(conditions)}`)
  const paths = Object.keys(conditions)
  if (paths.length === 0) throw invalid(what, 'expected at least one condition, got none')
  return paths.map((path) => parseCondition(store, what, path, conditions[path]))
}

/** What a query needs of an attribute path, the same for every value: its index prefix and its packed segments. */
interface PathKeys {
  readonly prefix: Buffer
  readonly segments: Buffer
}

/** Per store, the {@link PathKeys} of the paths queried so far (checked once), at most {@link MOST_PATHS_KEPT}. */
const pathKeysOf = new WeakMap<EavStore, Map<string, PathKeys>>()

/** Most paths whose keys a store keeps (a store indexed by predicate may be asked about any number of paths). */
const MOST_PATHS_KEPT = 1024

/** The keys of an indexed path (checked and packed once per store, then kept: a lookup of a few ids spent ~1 µs here). */
function pathKeys(store: EavStore, what: string, path: unknown): PathKeys {
  let known = pathKeysOf.get(store)
  const kept = typeof path === 'string' ? known?.get(path) : undefined
  if (kept !== undefined) return kept
  if (typeof path !== 'string' || path === '') throw new TypeError(`${what}: an attribute path must be a non-empty string, got ${describeValue(path)}`)
  // Stryker disable next-line ConditionalExpression: equivalent: `true` checks every name, and the others (from a split on '.') are valid
  for (const name of path.split('.')) if (name === '') requireAttributeName(name, what, path)
  if (!store.isIndexed(path)) throw invalid(what, `attribute ${JSON.stringify(path)} is not indexed in ${store.name}`)
  const keys: PathKeys = { prefix: asBuffer(store.indexes.pack([path])), segments: asBuffer(pack(path.split('.'))) }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a cache; when it starts afresh only bounds its memory (also left out here: `false`, killed)
  if (known === undefined || known.size >= MOST_PATHS_KEPT) pathKeysOf.set(store, (known = new Map()))
  known.set(path, keys)
  return keys
}

function parseCondition(store: EavStore, what: string, path: string, condition: unknown): Condition {
  const { prefix, segments } = pathKeys(store, what, path)
  if (isScalar(condition)) {
    const item = packItem(condition)
    const begin = Buffer.concat([prefix, item])
    return { path, begin, end: Buffer.concat([begin, FF]), equals: item, segments, prefixLength: prefix.length, test: (v) => v.equals(item) }
  }
  if (!isPlainObject(condition)) {
    throw new TypeError(`${what}: the condition on ${JSON.stringify(path)} must be a value or a range { gt, gte, lt, lte }, got ${describeValue(condition)}`)
  }
  const range = requireKnownOptions(`${what}: condition on ${JSON.stringify(path)}`, condition as EavRange, RANGE_KEYS)
  const bound = (name: (typeof RANGE_KEYS)[number]): Buffer | null => {
    const value = range[name]
    if (value === undefined) return null
    if (!isScalar(value)) throw new TypeError(`${what}: ${name} of ${JSON.stringify(path)} must be a value, got ${describeValue(value)}`)
    return packItem(value)
  }
  const gt = bound('gt')
  const gte = bound('gte')
  const lt = bound('lt')
  const lte = bound('lte')
  if ((gt !== null && gte !== null) || (lt !== null && lte !== null) || (gt ?? gte ?? lt ?? lte) === null) {
    throw new TypeError(`${what}: the range on ${JSON.stringify(path)} needs at least one bound and at most one of gt/gte and of lt/lte`)
  }
  const begin = gte !== null ? Buffer.concat([prefix, gte]) : gt !== null ? Buffer.concat([prefix, gt, FF]) : prefix
  const end = lt !== null ? Buffer.concat([prefix, lt]) : lte !== null ? Buffer.concat([prefix, lte, FF]) : Buffer.concat([prefix, FF])
  const test = (v: Buffer): boolean =>
    (gte === null || Buffer.compare(v, gte) >= 0) &&
    (gt === null || Buffer.compare(v, gt) > 0) &&
    (lt === null || Buffer.compare(v, lt) < 0) &&
    (lte === null || Buffer.compare(v, lte) <= 0)
  return { path, begin, end, equals: null, segments, prefixLength: prefix.length, test }
}

/** A scalar's index value, packed. @internal */
export function packItem(value: EavScalar): Buffer {
  return asBuffer(pack([indexItem(value)]))
}

/** A Buffer view of bytes (no copy). @internal */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
