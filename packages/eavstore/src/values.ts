/**
 * How attribute values are stored and indexed: a leaf value becomes a packed
 * tuple `(item)` when the tuple layer gives the item back as it was, else
 * `(tag, payload)`; an index value is the item as the tuple layer orders it,
 * with a JS number as a Float64.
 *
 * @module
 */
import { ErrorCode, Float32, Float64, FoundError, Uuid, Versionstamp, pack, unpack, type TupleItem } from '@foundkit/core'
import { describeValue } from './store.js'

/**
 * A value the tuple layer encodes, as an attribute value or an array element.
 * @example
 * ```ts
 * const values: EavScalar[] = [null, true, 42, 1.5, 2n ** 70n, 'text', Buffer.from('raw'), new Float32(1.5), Uuid.random()]
 * ```
 */
export type EavScalar = null | boolean | number | bigint | string | Uint8Array | Uuid | Versionstamp | Float32 | Float64

/**
 * An attribute value: a scalar, an array (a multi-valued attribute) or a nested document.
 * @example
 * ```ts
 * const tags: EavValue = ['math', 'poetry'] // one index entry per element
 * const address: EavValue = { city: 'London' } // indexed under 'address.city'
 * ```
 */
export type EavValue = EavScalar | readonly EavValue[] | EavDocument

/**
 * A document: a plain object whose attribute names are non-empty and hold no `.`. An `undefined` attribute is absent.
 * @example
 * ```ts
 * const ada: EavDocument = { name: 'Ada', born: 1815n, tags: ['math'], address: { city: 'London' } }
 * ```
 */
export interface EavDocument {
  readonly [attribute: string]: EavValue | undefined
}

/** `(TAG_BIGINT, n)`: a bigint the tuple layer would give back as a number. */
const TAG_BIGINT = 0
/** `(TAG_NUMBER, Float64)`: an integer number beyond 2^53 the tuple layer would give back as a bigint. */
const TAG_NUMBER = 1
/** `(TAG_BYTES, bytes)`: a Uint8Array that is not a Buffer (the tuple layer gives bytes back as a Buffer). */
const TAG_BYTES = 2
/** `(TAG_FLOAT64, double)`: a Float64 (the tuple layer gives a double back as a number unless it is an integer). */
const TAG_FLOAT64 = 5
/** `(TAG_ARRAY, (element, ...))`: an array; each element is itself `(item)` or `(tag, payload)`. */
const TAG_ARRAY = 3
/** `(TAG_OBJECT, (name, value, name, value, ...))`: an object inside an array, or an empty object. */
const TAG_OBJECT = 4

/** The largest value FoundationDB stores under one key. */
export const VALUE_LIMIT = 100_000
/** The largest key FoundationDB stores. */
export const KEY_LIMIT = 10_000

/** Whether `value` is a plain object (an object literal or `Object.create(null)`). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Whether `value` is a scalar the store accepts (checks a Versionstamp is complete). */
export function isScalar(value: unknown): value is EavScalar {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return true
    case 'object':
      return value === null || value instanceof Uint8Array || value instanceof Uuid || value instanceof Versionstamp || value instanceof Float32 || value instanceof Float64
    default:
      return false
  }
}

/**
 * A value as a tuple: `[item]` or `[tag, payload]`. Throws a TypeError naming
 * `path` for what the store cannot hold; `seen` holds the objects above, to
 * refuse cycles.
 */
export function encodeValue(value: unknown, what: string, path: string, seen: Set<object>): TupleItem[] {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return [value]
    case 'number':
      return Number.isInteger(value) && !Number.isSafeInteger(value) ? [TAG_NUMBER, new Float64(value)] : [value]
    case 'bigint':
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? [TAG_BIGINT, value] : [value]
    case 'object':
      if (value === null || value instanceof Uuid || value instanceof Float32) return [value]
      if (value instanceof Float64) return [TAG_FLOAT64, value]
      if (value instanceof Versionstamp) {
        if (!value.isComplete()) throw new FoundError(ErrorCode.invalidArgument, `${what}: attribute ${JSON.stringify(path)} holds an incomplete Versionstamp`)
        return [value]
      }
      if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? [value] : [TAG_BYTES, value]
      if (seen.has(value)) throw new TypeError(`${what}: attribute ${JSON.stringify(path)} holds a cycle`)
      if (Array.isArray(value)) return [TAG_ARRAY, encodeArray(value, what, path, seen)]
      if (isPlainObject(value)) return [TAG_OBJECT, encodeObject(value, what, path, seen)]
      break
  }
  throw new TypeError(`${what}: attribute ${JSON.stringify(path)} holds ${describeValue(value)}, which the store cannot hold`)
}

function encodeArray(values: readonly unknown[], what: string, path: string, seen: Set<object>): TupleItem[] {
  seen.add(values)
  const out: TupleItem[] = new Array(values.length)
  for (let i = 0; i < values.length; i++) {
    if (values[i] === undefined) throw new TypeError(`${what}: attribute ${JSON.stringify(path)} holds undefined at index ${i}`)
    out[i] = encodeValue(values[i], what, `${path}[${i}]`, seen)
  }
  seen.delete(values)
  return out
}

function encodeObject(object: Record<string, unknown>, what: string, path: string, seen: Set<object>): TupleItem[] {
  seen.add(object)
  const out: TupleItem[] = []
  for (const name of Object.keys(object)) {
    const value = object[name]
    if (value === undefined) continue
    const inner = `${path}.${name}`
    requireAttributeName(name, what, inner)
    out.push(name, encodeValue(value, what, inner, seen))
  }
  seen.delete(object)
  return out
}

/** Throws a TypeError for an empty name or one holding a `.` (it would read as a path). */
export function requireAttributeName(name: string, what: string, path: string): void {
  if (name === '' || name.includes('.')) {
    throw new TypeError(`${what}: attribute names must be non-empty and hold no ".", got ${JSON.stringify(path)}`)
  }
}

/** The value that {@link encodeValue} encoded. */
export function decodeValue(encoded: readonly TupleItem[]): EavValue {
  if (encoded.length === 1) return encoded[0] as EavScalar
  const payload = encoded[1]
  switch (encoded[0]) {
    case TAG_BIGINT:
      return BigInt(payload as number | bigint)
    case TAG_NUMBER:
      return doubleOf(payload)
    case TAG_FLOAT64:
      return new Float64(doubleOf(payload))
    case TAG_BYTES:
      return new Uint8Array(payload as Uint8Array)
    case TAG_ARRAY:
      return (payload as TupleItem[][]).map(decodeValue)
    case TAG_OBJECT: {
      const fields = payload as TupleItem[]
      const out: Record<string, EavValue> = {}
      for (let i = 0; i < fields.length; i += 2) out[fields[i] as string] = decodeValue(fields[i + 1] as TupleItem[])
      return out
    }
  }
  throw new FoundError(ErrorCode.corruptData, `eavstore: unknown value tag ${describeValue(encoded[0])}`)
}

function doubleOf(item: TupleItem | undefined): number {
  return item instanceof Float64 ? item.value : (item as number)
}

/** The stored bytes of an encoded value. */
export function packValue(encoded: TupleItem[], what: string, path: string): Uint8Array {
  const bytes = pack(encoded)
  if (bytes.length > VALUE_LIMIT) {
    throw new FoundError(ErrorCode.valueTooLarge, `${what}: attribute ${JSON.stringify(path)} takes ${bytes.length} bytes, over the ${VALUE_LIMIT}-byte value limit`)
  }
  return bytes
}

/** The value stored in `bytes`. */
export function unpackValue(bytes: Uint8Array): EavValue {
  return decodeValue(unpack(bytes))
}

/** A scalar as the index orders it: a JS number as a Float64, bytes as a Buffer, the rest as is. */
export function indexItem(value: EavScalar): TupleItem {
  if (typeof value === 'number') return new Float64(value)
  return value as TupleItem
}

/**
 * The index values of an encoded leaf: one for a scalar, one per distinct
 * scalar element of an array (arrays and objects inside it are stored, not
 * indexed), none for an empty object.
 */
export function indexItemsOf(encoded: readonly TupleItem[], value: unknown): { items: TupleItem[]; multi: boolean } {
  if (encoded.length === 1 || encoded[0] !== TAG_ARRAY && encoded[0] !== TAG_OBJECT) {
    return { items: [indexItem(value as EavScalar)], multi: false }
  }
  if (encoded[0] === TAG_ARRAY) {
    const items: TupleItem[] = []
    for (const element of value as readonly unknown[]) if (isScalar(element)) items.push(indexItem(element))
    return { items, multi: true }
  }
  return { items: [], multi: false }
}
