/**
 * The tuple encoder: {@link pack} and {@link packWithVersionstamp}.
 *
 * Speed notes (the encoder sits under every key): one growable output buffer
 * is reused across calls, every element is written straight into it (no
 * per-element allocation), short ASCII strings are copied char by char and
 * long ones written by Node's native UTF-8 writer, and the result is a single
 * exact-size copy.
 *
 * @module
 */
import { FoundError, ErrorCode } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { Float32, Float64, doubleHigh, doubleLowAfterHigh } from './floats.js'
import type { TupleItem } from './item.js'
import { Uuid } from './uuid.js'
import { Versionstamp } from './versionstamp.js'

/**
 * How deeply tuples may nest (in `pack` and `unpack`). Far beyond any real
 * key (a key is at most 10,000 bytes), it turns a cyclic array into an error
 * instead of a stack overflow. @internal
 */
export const MAX_DEPTH = 1000

/** Node's native string writers; not in the type declarations. */
interface NativeBuffer extends Buffer {
  utf8Write?(text: string, offset: number, length?: number): number
}

const nativeUtf8Write = typeof (Buffer.prototype as NativeBuffer).utf8Write === 'function'
/** `String.prototype.isWellFormed` (every Node this package supports, 20+, has it; TypeScript's ES2022 lib does not declare it). */
const stringIsWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed
/** What Node's UTF-8 writer puts in place of a lone surrogate. */
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd])

/** Strings at least this long go through Node's native UTF-8 writer. */
const LONG_STRING = 32
/** Byte strings at least this long are searched for 0x00 natively and copied with `set`. */
const LONG_BYTES = 48
const INITIAL_SIZE = 4096
const MAX_KEPT_SIZE = 1 << 16
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER)
const MIN_SAFE_BIG = -MAX_SAFE_BIG

/** The output buffer and what the encoding found so far. */
class Writer {
  buf: Buffer
  pos = 0
  /** Whether incomplete versionstamps are allowed (packWithVersionstamp). */
  // Stryker disable next-line BooleanLiteral: an equivalent mutant: acquire sets it before every use
  withVersionstamp = false
  /** Offset of the incomplete versionstamp's 10 bytes, or -1. */
  // Stryker disable next-line UnaryOperator: an equivalent mutant: acquire sets it before every use
  stampAt = -1

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size)
  }
}

/**
 * A problem with one element, thrown while encoding and turned into a
 * TypeError (or a FoundError) naming its position once the stack unwinds.
 */
class ItemError {
  /** Indices from the offending element outwards. */
  readonly path: number[] = []
  constructor(
    readonly reason: string,
    readonly invalidArgument: boolean,
  ) {}
}

// One writer is kept for reuse; a re-entrant call (from a Proxy or getter
// inside the items) simply gets a fresh one.
let spare: Writer | null = new Writer(INITIAL_SIZE)

function acquire(withVersionstamp: boolean): Writer {
  let w = spare
  // Stryker disable next-line ConditionalExpression: an equivalent mutant (true: a fresh writer for every call writes the same bytes; false, also left out here, is killed by writer.test.ts)
  if (w === null) w = new Writer(256)
  else spare = null
  w.pos = 0
  w.stampAt = -1
  w.withVersionstamp = withVersionstamp
  return w
}

// Stryker disable next-line BlockStatement: an equivalent mutant: keeping no writer only makes later calls allocate their own
function release(w: Writer): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants: which buffer is kept for the next call changes memory use, never the bytes written
  if (w.buf.length > MAX_KEPT_SIZE) w.buf = Buffer.allocUnsafe(INITIAL_SIZE)
  spare = w
}

/** Makes room for `n` more bytes and returns the (possibly new) buffer. */
function ensure(w: Writer, n: number): Buffer {
  const need = w.pos + n
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants (true, >=): growing when there is room already writes the same bytes (false and <=, also left out here, are killed by writer.test.ts)
  if (need > w.buf.length) {
    // Stryker disable next-line ArithmeticOperator: an equivalent mutant: with length / 2 the buffer grows to exactly what is needed (doubling only saves later copies)
    const grown = Buffer.allocUnsafe(Math.max(need, w.buf.length * 2))
    w.buf.copy(grown, 0, 0, w.pos)
    w.buf = grown
  }
  return w.buf
}

/** An exact-size copy of what was written. */
function take(w: Writer): Buffer {
  const n = w.pos
  const out = Buffer.allocUnsafe(n)
  const b = w.buf
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants: the loop (quicker for short copies) and b.copy copy the same n bytes
  if (n <= 64) {
    // Stryker disable next-line EqualityOperator: an equivalent mutant: <= also writes out[n], past the end of out, which a Buffer ignores (>= copies nothing: killed)
    for (let i = 0; i < n; i++) out[i] = b[i]!
  } else b.copy(out, 0, 0, n)
  return out
}

function describePath(path: readonly number[]): string {
  // path[0] is the element itself, the rest the enclosing nested tuples (innermost first).
  let s = `item ${path[0]}`
  if (path.length > 1) s += ` (of nested tuple at ${path.slice(1).reverse().join('/')})`
  return s
}

function translate(e: unknown, fn: string): unknown {
  if (!(e instanceof ItemError)) return e
  const message = `${fn}: ${describePath(e.path)} ${e.reason}`
  return e.invalidArgument ? new FoundError(ErrorCode.invalidArgument, message) : new TypeError(message)
}

function writePrefix(w: Writer, prefix: unknown, fn: string): void {
  if (!(prefix instanceof Uint8Array)) {
    throw new TypeError(`${fn}: prefix must be a Uint8Array (or Buffer), got ${describe(prefix)}`)
  }
  const b = ensure(w, prefix.length)
  b.set(prefix, w.pos)
  w.pos += prefix.length
}

function encodeItems(w: Writer, items: readonly unknown[]): void {
  let i = 0
  try {
    for (const n = items.length; i < n; i++) encodeItem(w, items[i], 0)
  } catch (e) {
    if (e instanceof ItemError) e.path.push(i)
    throw e
  }
}

function writeNested(w: Writer, items: readonly unknown[], depth: number): void {
  if (depth > MAX_DEPTH) {
    throw new ItemError(`is nested more than ${MAX_DEPTH} tuples deep (is the array cyclic?)`, false)
  }
  ensure(w, 1)[w.pos++] = 0x05
  let i = 0
  try {
    for (const n = items.length; i < n; i++) {
      const item = items[i]
      if (item === null) {
        const b = ensure(w, 2)
        b[w.pos] = 0x00
        b[w.pos + 1] = 0xff
        w.pos += 2
      } else encodeItem(w, item, depth)
    }
  } catch (e) {
    if (e instanceof ItemError) e.path.push(i)
    throw e
  }
  ensure(w, 1)[w.pos++] = 0x00
}

function encodeItem(w: Writer, item: unknown, depth: number): void {
  switch (typeof item) {
    case 'string':
      writeString(w, item)
      return
    case 'number':
      writeNumber(w, item)
      return
    case 'object':
      if (item === null) ensure(w, 1)[w.pos++] = 0x00
      else if (item instanceof Uint8Array) writeBytes(w, item)
      else if (Array.isArray(item)) writeNested(w, item, depth + 1)
      else if (item instanceof Float64) writeDoubleWords(w, item.hi, item.lo)
      else if (item instanceof Uuid) writeUuid(w, item)
      else if (item instanceof Versionstamp) writeVersionstamp(w, item)
      else if (item instanceof Float32) writeFloat32(w, item.bits)
      else throw new ItemError(`is ${describe(item)}, which is not a tuple item`, false)
      return
    case 'bigint':
      writeBigInt(w, item)
      return
    case 'boolean':
      ensure(w, 1)[w.pos++] = item ? 0x27 : 0x26
      return
    case 'undefined':
      throw new ItemError('is undefined', false)
    case 'symbol':
      throw new ItemError('is a symbol, which is not a tuple item', false)
    case 'function':
      throw new ItemError('is a function, which is not a tuple item', false)
    // Stryker disable next-line all: unreachable today (typeof gives one of the eight cases above); kept so that a ninth would be refused, not skipped
    default: throw new ItemError(`is ${describe(item)}, which is not a tuple item`, false)
  }
}

function writeNumber(w: Writer, n: number): void {
  if (Number.isSafeInteger(n)) {
    if (n !== 0) {
      writeSafeInt(w, n)
      return
    }
    // Stryker disable next-line EqualityOperator: an equivalent mutant: n is 0 or -0 here, so 1 / n is ±Infinity, never 0
    if (1 / n > 0) {
      ensure(w, 1)[w.pos++] = 0x14
      return
    }
    // -0 is not an integer of the tuple encoding: it is written as a double.
  }
  const hi = doubleHigh(n)
  writeDoubleWords(w, hi, doubleLowAfterHigh(n))
}

/** Writes a non-zero safe integer with type codes 0x0d–0x13 / 0x15–0x1b. */
function writeSafeInt(w: Writer, n: number): void {
  const b = ensure(w, 8)
  let p = w.pos
  let m = n
  let flip = 0
  // Stryker disable next-line EqualityOperator: an equivalent mutant: n is never 0 here (pack writes 0 itself)
  if (n < 0) {
    m = -n
    flip = 0xff
  }
  if (m < 0x100000000) {
    const len = m < 0x100 ? 1 : m < 0x10000 ? 2 : m < 0x1000000 ? 3 : 4
    b[p++] = flip === 0 ? 0x14 + len : 0x14 - len
    switch (len) {
      case 4:
        b[p++] = (m >>> 24) ^ flip
      // falls through
      case 3:
        b[p++] = ((m >>> 16) & 0xff) ^ flip
      // falls through
      case 2:
        b[p++] = ((m >>> 8) & 0xff) ^ flip
      // falls through
      default:
        b[p++] = (m & 0xff) ^ flip
    }
  } else {
    const hi = Math.floor(m / 0x100000000) // < 2^21
    const lo = m >>> 0
    const len = hi < 0x100 ? 5 : hi < 0x10000 ? 6 : 7
    b[p++] = flip === 0 ? 0x14 + len : 0x14 - len
    if (len === 7) b[p++] = (hi >>> 16) ^ flip
    if (len >= 6) b[p++] = ((hi >>> 8) & 0xff) ^ flip
    b[p++] = (hi & 0xff) ^ flip
    b[p++] = (lo >>> 24) ^ flip
    b[p++] = ((lo >>> 16) & 0xff) ^ flip
    b[p++] = ((lo >>> 8) & 0xff) ^ flip
    b[p++] = (lo & 0xff) ^ flip
  }
  w.pos = p
}

function writeBigInt(w: Writer, v: bigint): void {
  // Stryker disable next-line EqualityOperator: equivalent mutants: ±(2^53 - 1) written by the bigint path below gives the same 7 bytes as the number path
  if (v >= MIN_SAFE_BIG && v <= MAX_SAFE_BIG) {
    const n = Number(v)
    if (n === 0) ensure(w, 1)[w.pos++] = 0x14
    else writeSafeInt(w, n)
    return
  }
  // Stryker disable next-line EqualityOperator: an equivalent mutant: 0n was written above
  const negative = v < 0n
  let hex = (negative ? -v : v).toString(16)
  if (hex.length & 1) hex = '0' + hex
  const len = hex.length >>> 1
  if (len > 255) {
    throw new ItemError(`is a bigint of ${len} bytes; the tuple encoding holds integers of at most 255 bytes`, false)
  }
  const b = ensure(w, len + 2)
  let p = w.pos
  if (len <= 8) b[p++] = negative ? 0x14 - len : 0x14 + len
  else {
    b[p++] = negative ? 0x0b : 0x1d
    b[p++] = negative ? len ^ 0xff : len
  }
  b.write(hex, p, len, 'hex')
  // Negative integers are written in ones' complement.
  // Stryker disable next-line EqualityOperator: an equivalent mutant: <= also flips the byte after the integer, which is not part of the output (the next element overwrites it)
  if (negative) for (let i = p; i < p + len; i++) b[i] = b[i]! ^ 0xff
  w.pos = p + len
}

/** Writes a double (0x21) from its IEEE bits. */
function writeDoubleWords(w: Writer, hi: number, lo: number): void {
  const b = ensure(w, 9)
  const p = w.pos
  // Order-preserving transform: negative numbers have all bits flipped, others the sign bit.
  if (hi & 0x80000000) {
    hi = ~hi
    lo = ~lo
  } else hi ^= 0x80000000
  b[p] = 0x21
  b[p + 1] = hi >>> 24
  b[p + 2] = (hi >>> 16) & 0xff
  b[p + 3] = (hi >>> 8) & 0xff
  b[p + 4] = hi & 0xff
  b[p + 5] = lo >>> 24
  b[p + 6] = (lo >>> 16) & 0xff
  b[p + 7] = (lo >>> 8) & 0xff
  b[p + 8] = lo & 0xff
  w.pos = p + 9
}

/** Writes a float (0x20) from its IEEE bits. */
function writeFloat32(w: Writer, bits: number): void {
  const b = ensure(w, 5)
  const p = w.pos
  const x = bits & 0x80000000 ? ~bits : bits ^ 0x80000000
  b[p] = 0x20
  b[p + 1] = x >>> 24
  b[p + 2] = (x >>> 16) & 0xff
  b[p + 3] = (x >>> 8) & 0xff
  b[p + 4] = x & 0xff
  w.pos = p + 5
}

function writeUuid(w: Writer, u: Uuid): void {
  const b = ensure(w, 17)
  const p = w.pos
  const chars = u.chars
  b[p] = 0x30
  // Stryker disable next-line EqualityOperator: equivalent: with <= the loop also writes b[p + 17] (NaN, stored as 0), which the next item overwrites or the packed key's length leaves out
  for (let i = 0; i < 16; i++) b[p + 1 + i] = chars.charCodeAt(i)
  w.pos = p + 17
}

function writeVersionstamp(w: Writer, v: Versionstamp): void {
  if (v.tr === null) {
    if (!w.withVersionstamp) {
      throw new ItemError(
        'is an incomplete versionstamp, which only packWithVersionstamp can encode (pack would write placeholder bytes)',
        true,
      )
    }
    // Stryker disable next-line EqualityOperator: an equivalent mutant: a versionstamp's offset is at least 1 (after its 0x33), so > 0 agrees
    if (w.stampAt >= 0) {
      throw new ItemError('is a second incomplete versionstamp; a tuple may hold only one', true)
    }
    w.stampAt = w.pos + 1
  }
  const b = ensure(w, 13)
  b[w.pos] = 0x33
  v.writeTo(b, w.pos + 1)
  w.pos += 13
}

function writeBytes(w: Writer, bytes: Uint8Array): void {
  const n = bytes.length
  const b = ensure(w, 2 * n + 2)
  let p = w.pos
  b[p++] = 0x01
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants: both paths write the spec's escaping for any length (bytes.test.ts checks each around the switch)
  if (n < LONG_BYTES) {
    for (let i = 0; i < n; i++) {
      const c = bytes[i]!
      b[p++] = c
      if (c === 0) b[p++] = 0xff
    }
  } else {
    // Copy the runs between 0x00 bytes natively, escaping each 0x00 as 00 ff.
    let start = 0
    let z = bytes.indexOf(0)
    while (z !== -1) {
      b.set(bytes.subarray(start, z), p)
      p += z - start
      b[p++] = 0x00
      b[p++] = 0xff
      start = z + 1
      z = bytes.indexOf(0, start)
    }
    // Stryker disable next-line ConditionalExpression: an equivalent mutant (false: subarray(0) is all of bytes; the true mutant, also left out here, is killed)
    b.set(start === 0 ? bytes : bytes.subarray(start), p)
    p += n - start
  }
  b[p++] = 0x00
  w.pos = p
}

function writeString(w: Writer, s: string): void {
  const n = s.length
  // UTF-8 takes at most 3 bytes per UTF-16 unit (4 per surrogate pair); an escaped NUL takes 2.
  const b = ensure(w, 3 * n + 2)
  let p = w.pos
  b[p++] = 0x02
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants: both paths write the same UTF-8 for any length
  if (n < LONG_STRING) {
    let i = 0
    // Stryker disable next-line ConditionalExpression: an equivalent mutant (false: writeUtf8Escaped below then writes the whole string, to the same bytes)
    for (; i < n; i++) {
      const c = s.charCodeAt(i)
      // Stryker disable next-line ConditionalExpression: an equivalent mutant (true: writeUtf8Escaped below writes the rest, to the same bytes; the other condition mutants, also left out here, are killed)
      if (c >= 0x80 || c === 0) break
      b[p++] = c
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants (true, <=): from i = n writeUtf8Escaped writes nothing (false and >=, also left out here, are killed)
    if (i < n) p = writeUtf8Escaped(b, s, i, p)
    // (the directive below: equivalent mutants, as Node always has utf8Write, and without it the JS writer writes the same bytes)
  } else if (/* Stryker disable next-line ConditionalExpression: equivalent (see above) */ nativeUtf8Write) {
    // Write natively, then check the bytes: a 0x00 needs escaping, and a
    // replacement character may stand for a lone surrogate. Either case
    // (rare) is written again in JS, which escapes and refuses as needed.
    const written = (b as NativeBuffer).utf8Write!(s, p)
    const view = b.subarray(p, p + written)
    // Stryker disable next-line ConditionalExpression,LogicalOperator,UnaryOperator: equivalent mutants: the whole test false, or the U+FFFD part made false, && or +1, only send more strings to the JS writer, which writes the same bytes and refuses lone surrogates itself (the mutants that skip escaping or refusing, also left out here, are killed)
    if (view.indexOf(0) === -1 && (view.indexOf(REPLACEMENT) === -1 || isWellFormed(s))) p += written
    else p = writeUtf8Escaped(b, s, 0, p)
  } else p = writeUtf8Escaped(b, s, 0, p)
  b[p++] = 0x00
  w.pos = p
}

function isWellFormed(s: string): boolean {
  return stringIsWellFormed.call(s)
}

/** Writes `s` from index `i` as UTF-8 with 0x00 escaped as 00 ff; refuses lone surrogates. */
function writeUtf8Escaped(b: Buffer, s: string, i: number, p: number): number {
  for (const n = s.length; i < n; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) {
      b[p++] = c
      if (c === 0) b[p++] = 0xff
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >>> 6)
      b[p++] = 0x80 | (c & 0x3f)
    } else if (c < 0xd800 || c >= 0xe000) {
      b[p++] = 0xe0 | (c >>> 12)
      b[p++] = 0x80 | ((c >>> 6) & 0x3f)
      b[p++] = 0x80 | (c & 0x3f)
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0
      if (c >= 0xdc00 || d < 0xdc00 || d >= 0xe000) {
        throw new ItemError(
          `is a string with a lone surrogate (\\u${c.toString(16)}) at index ${i}, which UTF-8 cannot encode`,
          false,
        )
      }
      // Stryker disable next-line ArithmeticOperator: an equivalent mutant: c + 0xd800 adds 0xd800 << 11 to the code point, bits the masks below drop
      const high = (c - 0xd800) << 10
      c = 0x10000 + high + (d - 0xdc00)
      i++
      b[p++] = 0xf0 | (c >>> 18)
      b[p++] = 0x80 | ((c >>> 12) & 0x3f)
      b[p++] = 0x80 | ((c >>> 6) & 0x3f)
      b[p++] = 0x80 | (c & 0x3f)
    }
  }
  return p
}

/**
 * Encodes a tuple with FoundationDB's tuple encoding, byte for byte as the
 * official bindings do. The bytes sort like the tuples (see
 * {@link compareTuples}), and `pack(a) ++ pack(b)` equals `pack([...a, ...b])`.
 *
 * See {@link TupleItem} for how each kind of value is encoded. In short:
 * safe integers and bigints are integers, other numbers are doubles (wrap a
 * number in {@link float64} or {@link float32} to force a float encoding),
 * `Uint8Array`s are byte strings, strings are UTF-8, arrays nest.
 *
 * @param items - the tuple's elements
 * @param prefix - bytes to put before the tuple (a subspace prefix), if any
 * @returns new bytes (a `Uint8Array`; in Node, a `Buffer`)
 * @throws TypeError when `items` is not an array, or for an element that is
 *   not a tuple item (undefined, a symbol, a function, a plain object, a
 *   string with a lone surrogate, a bigint over 255 bytes, nesting deeper than
 *   1000); the message names the element's position
 * @throws FoundError (invalidArgument) for an incomplete {@link Versionstamp}
 *   (use {@link packWithVersionstamp})
 * @example
 * ```ts
 * pack(['users', 42])           // <02 75 73 65 72 73 00 15 2a>
 * pack([-1])                    // <13 fe>
 * pack([['a', null]])           // <05 02 61 00 00 ff 00>
 * pack([1], Buffer.from([0xfe])) // <fe 15 01>
 * ```
 */
export function pack(items: readonly TupleItem[], prefix?: Uint8Array): Uint8Array {
  if (!Array.isArray(items)) {
    throw new TypeError(`pack: items must be an array of tuple items, got ${describe(items)}`)
  }
  const w = acquire(false)
  try {
    if (prefix !== undefined) writePrefix(w, prefix, 'pack')
    encodeItems(w, items)
    return take(w)
  } catch (e) {
    throw translate(e, 'pack')
  } finally /* Stryker disable next-line BlockStatement: an equivalent mutant: a writer not given back only makes later calls allocate their own */ {
    release(w)
  }
}

/**
 * Encodes a tuple that holds exactly one incomplete {@link Versionstamp}
 * (possibly inside a nested tuple) for FoundationDB's
 * `set_versionstamped_key` / `set_versionstamped_value`: the packed bytes
 * followed by the 4-byte little-endian offset of the versionstamp's 10-byte
 * transaction version (the API 520+ form). At commit the database writes the
 * transaction version there and drops the offset.
 *
 * @param items - the tuple's elements
 * @param prefix - bytes to put before the tuple (counted in the offset), if any
 * @throws TypeError as {@link pack} does
 * @throws FoundError (invalidArgument) when the tuple holds no incomplete
 *   versionstamp, or more than one
 * @example
 * ```ts
 * packWithVersionstamp(['log', Versionstamp.incomplete(5)])
 * // <02 6c 6f 67 00 33 ff ff ff ff ff ff ff ff ff ff 00 05 06 00 00 00>
 * ```
 */
export function packWithVersionstamp(items: readonly TupleItem[], prefix?: Uint8Array): Uint8Array {
  if (!Array.isArray(items)) {
    throw new TypeError(`packWithVersionstamp: items must be an array of tuple items, got ${describe(items)}`)
  }
  const w = acquire(true)
  try {
    if (prefix !== undefined) writePrefix(w, prefix, 'packWithVersionstamp')
    encodeItems(w, items)
    const at = w.stampAt
    // Stryker disable next-line EqualityOperator: an equivalent mutant: a versionstamp's offset is at least 1 (after its 0x33), so <= 0 agrees
    if (at < 0) {
      throw new FoundError(
        ErrorCode.invalidArgument,
        'packWithVersionstamp: the tuple holds no incomplete versionstamp (add Versionstamp.incomplete(), or use pack)',
      )
    }
    const b = ensure(w, 4)
    b.writeUInt32LE(at, w.pos)
    w.pos += 4
    return take(w)
  } catch (e) {
    throw translate(e, 'packWithVersionstamp')
  } finally /* Stryker disable next-line BlockStatement: an equivalent mutant: a writer not given back only makes later calls allocate their own */ {
    release(w)
  }
}
