/**
 * {@link compareTuples}: the tuple order, computed from the values.
 *
 * @module
 */
import { describe } from '../keys/bytes.js'
import { Float32, Float64, compareIeeeWords, doubleHigh, doubleLowAfterHigh } from './floats.js'
import type { TupleItem } from './item.js'
import { Uuid } from './uuid.js'
import { Versionstamp } from './versionstamp.js'

// The rank of each kind of item: its tuple type code (integers share 0x14, booleans 0x26).
const NULL = 0x00
const BYTES = 0x01
const STRING = 0x02
const NESTED = 0x05
const INTEGER = 0x14
const FLOAT = 0x20
const DOUBLE = 0x21
const BOOLEAN = 0x26
const UUID = 0x30
const VERSIONSTAMP = 0x33

function rank(item: unknown): number {
  switch (typeof item) {
    case 'string':
      return STRING
    case 'number':
      return Number.isSafeInteger(item) && !Object.is(item, -0) ? INTEGER : DOUBLE
    case 'bigint':
      return INTEGER
    case 'boolean':
      return BOOLEAN
    case 'object':
      if (item === null) return NULL
      if (item instanceof Uint8Array) return BYTES
      if (Array.isArray(item)) return NESTED
      if (item instanceof Float64) return DOUBLE
      if (item instanceof Float32) return FLOAT
      if (item instanceof Uuid) return UUID
      if (item instanceof Versionstamp) return VERSIONSTAMP
  }
  // (describe names undefined and objects; symbols and functions read better in words)
  const what = typeof item === 'symbol' ? 'a symbol' : typeof item === 'function' ? 'a function' : describe(item)
  throw new TypeError(`compareTuples: ${what} is not a tuple item`)
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

/** Maps a UTF-16 code unit so that comparing mapped units compares code points (UTF-8 order). */
function unitKey(c: number): number {
  // Stryker disable next-line EqualityOperator: an equivalent mutant: <= maps a high surrogate 0xd800 to 0xd800, tying it with U+E000, but the unit after it is a low surrogate (pack refuses lone ones), whose key is above every unit that can follow U+E000
  if (c < 0xd800) return c
  return c >= 0xe000 ? c - 0x800 : c + 0x2000 // surrogates (astral code points) above U+FFFF
}

/** Compares strings by code points, which is the order of their UTF-8 bytes. */
function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return unitKey(x) - unitKey(y)
  }
  return a.length - b.length
}

function compareDoubles(a: number | Float64, b: number | Float64): number {
  let aHi: number, aLo: number, bHi: number, bLo: number
  if (a instanceof Float64) {
    aHi = a.hi
    aLo = a.lo
  } else {
    aHi = doubleHigh(a)
    aLo = doubleLowAfterHigh(a)
  }
  if (b instanceof Float64) {
    bHi = b.hi
    bLo = b.lo
  } else {
    bHi = doubleHigh(b)
    bLo = doubleLowAfterHigh(b)
  }
  return compareIeeeWords(aHi, aLo, bHi, bLo)
}

function compareItems(a: unknown, b: unknown): number {
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  switch (ra) {
    case NULL:
      return 0
    case BYTES:
      return compareBytes(a as Uint8Array, b as Uint8Array)
    case STRING:
      return compareStrings(a as string, b as string)
    case NESTED:
      return compareTuples(a as readonly TupleItem[], b as readonly TupleItem[])
    case INTEGER: {
      const x = a as number | bigint
      const y = b as number | bigint
      return x < y ? -1 : x > y ? 1 : 0
    }
    case FLOAT:
      return (a as Float32).compareTo(b as Float32)
    case DOUBLE:
      return compareDoubles(a as number | Float64, b as number | Float64)
    case BOOLEAN:
      return Number(a) - Number(b)
    // Stryker disable next-line ConditionalExpression: an equivalent mutant: without this case a UUID falls to the default, which calls the same method (a.compareTo(b) is Uuid's compareTo whatever the cast says)
    case UUID:
      return (a as Uuid).compareTo(b as Uuid)
    default:
      return (a as Versionstamp).compareTo(b as Versionstamp)
  }
}

/**
 * Compares two tuples in the tuple order, from their values: element by
 * element, a tuple that is a prefix of another sorts first; elements of
 * different kinds sort by type code (null < bytes < string < nested tuple <
 * integer < float < double < false < true < UUID < versionstamp); within a
 * kind, byte strings compare unsigned byte-wise, strings by code point (their
 * UTF-8 order), integers (numbers and bigints alike) and versionstamps by
 * value, floats and doubles in the IEEE 754 total order (-NaN < -Infinity <
 * ... < -0 < 0 < ... < Infinity < NaN), nested tuples recursively.
 *
 * This is the order of the packed bytes: `compareTuples(a, b)` has the sign of
 * `Buffer.compare(pack(a), pack(b))`.
 *
 * @returns a negative number if `a` sorts first, 0 if they pack the same, positive if `b` sorts first
 * @throws TypeError for an element that is not a tuple item
 * @example
 * ```ts
 * compareTuples([1, 'b'], [1, 'c'])   // < 0
 * compareTuples([2], [1.5])          // < 0: integers sort before doubles
 * compareTuples(['a'], ['a', null])  // < 0: a prefix sorts first
 * ```
 */
export function compareTuples(a: readonly TupleItem[], b: readonly TupleItem[]): number {
  if (!Array.isArray(a)) throw new TypeError(`compareTuples: a must be an array, got ${describe(a)}`)
  if (!Array.isArray(b)) throw new TypeError(`compareTuples: b must be an array, got ${describe(b)}`)
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const c = compareItems(a[i], b[i])
    if (c !== 0) return c
  }
  return a.length - b.length
}
