/**
 * The tuple decoder: {@link unpack}.
 *
 * The decoder is strict, so that every byte string it accepts is packed back
 * to the very same bytes: it refuses unknown type codes, truncated elements,
 * unterminated strings and nested tuples, invalid UTF-8 and non-minimal
 * integers (which no binding writes and which would break the sort order).
 * It is iterative (nested tuples use an explicit stack), so hostile input
 * cannot overflow the call stack.
 *
 * @module
 */
import { isUtf8 } from 'node:buffer'
import { FoundError, ErrorCode } from '../errors.js'
import { asBuffer, requireBytes } from '../keys/bytes.js'
import { MAX_DEPTH } from './encode.js'
import { CANONICAL_NAN64_HI, Float32, Float64, doubleFromWords } from './floats.js'
import type { TupleItem } from './item.js'
import { Uuid } from './uuid.js'
import { Versionstamp } from './versionstamp.js'

/** Node's native string readers; not in the type declarations. */
interface NativeBuffer extends Buffer {
  latin1Slice?(start: number, end: number): string
  utf8Slice?(start: number, end: number): string
  ucs2Slice?(start: number, end: number): string
}

const nativeSlices =
  typeof (Buffer.prototype as NativeBuffer).latin1Slice === 'function' &&
  typeof (Buffer.prototype as NativeBuffer).utf8Slice === 'function' &&
  typeof (Buffer.prototype as NativeBuffer).ucs2Slice === 'function'
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
/** Decode long non-ASCII strings in JS to UTF-16 (V8's own UTF-8 decoder is slower on them). */
const transcodeInJs = nativeSlices && littleEndian

/** UTF-16 code units of the string being decoded (grown on demand, up to MAX_SCRATCH). */
let scratch = new Uint16Array(4096)
let scratchBytes = Buffer.from(scratch.buffer)
const MAX_SCRATCH = 1 << 16

/** Strings and byte strings shorter than this are scanned byte by byte; longer ones natively. */
const SHORT_SCAN = 32
const MAX_SAFE_HIGH = 0x200000 // 2^53 / 2^32

/** Where the element just read ends (set by the readers below). */
let cursor = 0

function corrupt(message: string): FoundError {
  return new FoundError(ErrorCode.corruptData, `unpack: ${message}`)
}

function hex2(code: number): string {
  return '0x' + code.toString(16).padStart(2, '0')
}

function truncated(what: string, at: number, need: number, left: number): FoundError {
  return corrupt(`truncated ${what} at offset ${at}: it needs ${need} more bytes, ${left} left`)
}

/**
 * Decodes a packed tuple: the inverse of {@link pack}.
 *
 * Elements come back as described in {@link TupleItem}: integers as numbers
 * (bigints beyond ±(2^53 - 1)), byte strings as Buffers (copies, never views
 * of `bytes`), nested tuples as arrays, 0x20 floats as {@link Float32},
 * 0x21 doubles as plain numbers except where a plain number would pack
 * differently (integral values such as 1.0, NaNs other than the canonical
 * one), which come back as {@link Float64}. So for every `b` that `unpack`
 * accepts, `pack(unpack(b))` equals `b` byte for byte; the two exceptions are
 * an element holding an incomplete versionstamp (ten 0xff bytes), which only
 * {@link packWithVersionstamp} encodes, and Python's legacy encoding of
 * ±(2^64 - 1) (`1d 08 ff…`), which is read but re-encoded the way the other
 * bindings write it (`1c ff…`).
 *
 * @param bytes - a packed tuple (a Buffer or any Uint8Array)
 * @throws TypeError when `bytes` is not a Uint8Array
 * @throws FoundError (corruptData) when `bytes` is not a valid packed tuple:
 *   truncated, an unknown type code, an unterminated string or nested tuple,
 *   invalid UTF-8, a non-minimal integer; the message gives the offset
 * @example
 * ```ts
 * unpack(pack(['users', 42, [null, true]])) // ['users', 42, [null, true]]
 * unpack(Buffer.from('11ab4b93', 'hex'))    // [-5551212]
 * ```
 */
export function unpack(bytes: Uint8Array): TupleItem[] {
  // Stryker disable next-line ConditionalExpression: an equivalent mutant: requireBytes passes every Uint8Array, so calling it always changes nothing (the test only saves the call)
  if (!(bytes instanceof Uint8Array)) requireBytes(bytes, 'unpack: bytes')
  const buf = asBuffer(bytes)
  const end = buf.length
  const top: TupleItem[] = []
  let cur = top
  let depth = 0
  let parents: TupleItem[][] | null = null
  let starts: number[] | null = null
  let p = 0
  while (p < end) {
    const code = buf[p]!
    if (code === 0x00) {
      if (depth === 0) {
        cur.push(null)
        p++
      } else if (buf[p + 1] === 0xff) {
        // (no bound check: past the end buf[p + 1] is undefined, never 0xff)
        cur.push(null) // a null inside a nested tuple is 00 ff
        p += 2
      } else {
        cur = parents!.pop()!
        starts!.pop()
        depth--
        p++
      }
      continue
    }
    if (code >= 0x0c && code <= 0x1c) {
      cur.push(readInt(buf, p, code, end))
      p = cursor
      continue
    }
    switch (code) {
      case 0x01:
        cur.push(readBytes(buf, p, end))
        break
      case 0x02:
        cur.push(readString(buf, p, end))
        break
      case 0x05: {
        if (depth >= MAX_DEPTH) throw corrupt(`nested tuples deeper than ${MAX_DEPTH} at offset ${p}`)
        const child: TupleItem[] = []
        cur.push(child)
        if (parents === null) {
          parents = []
          starts = []
        }
        parents.push(cur)
        starts!.push(p)
        cur = child
        depth++
        cursor = p + 1
        break
      }
      case 0x0b:
      case 0x1d:
        cur.push(readBigInt(buf, p, code, end))
        break
      case 0x20:
        cur.push(readFloat32(buf, p, end))
        break
      case 0x21:
        cur.push(readDouble(buf, p, end))
        break
      case 0x26:
        cur.push(false)
        cursor = p + 1
        break
      case 0x27:
        cur.push(true)
        cursor = p + 1
        break
      case 0x30: {
        if (p + 17 > end) throw truncated('UUID', p, 16, end - p - 1)
        cur.push(Uuid.readAt(buf, p + 1))
        cursor = p + 17
        break
      }
      case 0x33:
        if (p + 13 > end) throw truncated('versionstamp', p, 12, end - p - 1)
        cur.push(Versionstamp.read(buf, p + 1))
        cursor = p + 13
        break
      default:
        throw corrupt(unknownCode(code, p, depth))
    }
    p = cursor
  }
  if (depth > 0) {
    throw corrupt(`the nested tuple at offset ${starts![starts!.length - 1]} is not terminated (no 0x00 before the end)`)
  }
  return top
}

function unknownCode(code: number, at: number, depth: number): string {
  const what =
    code === 0xff
      ? depth > 0
        ? ' (0xff only follows 0x00 as the null of a nested tuple)'
        : ' (0xff is the escape byte; is this a nested-tuple null outside a nested tuple?)'
      : code === 0x03 || code === 0x04 || code === 0x25
        ? ' (a deprecated type code)'
        : (code >= 0x40 && code <= 0x4f) || code === 0x0a || code === 0x1e || code === 0x22 ||
            code === 0x23 || code === 0x24 || code === 0x31 || code === 0x32
          ? ' (a reserved type code no binding writes)'
          : ''
  return `unknown type code ${hex2(code)} at offset ${at}${what}`
}

/** Reads an integer of type codes 0x0c–0x1c (0–8 bytes). */
function readInt(buf: Buffer, p: number, code: number, end: number): number | bigint {
  if (code === 0x14) {
    cursor = p + 1
    return 0
  }
  // Stryker disable next-line EqualityOperator: an equivalent mutant: code 0x14 returned above, so < and <= agree
  const negative = code < 0x14
  const len = negative ? 0x14 - code : code - 0x14
  const start = p + 1
  const stop = start + len
  if (stop > end) throw truncated('integer', p, len, end - start)
  const flip = negative ? 0xff : 0x00
  if (buf[start] === flip) {
    throw corrupt(`non-minimal integer at offset ${p} (a leading ${hex2(flip)} byte; no binding writes it)`)
  }
  cursor = stop
  // Stryker disable next-line EqualityOperator: an equivalent mutant: with < 6, a 6-byte integer takes the 7-8 byte path below, which reads it to the same number
  if (len <= 6) {
    let v = 0
    for (let i = start; i < stop; i++) v = v * 256 + (buf[i]! ^ flip)
    return negative ? -v : v
  }
  // 7 or 8 bytes: a number only when within ±(2^53 - 1).
  let hi = 0
  const loStart = stop - 4
  for (let i = start; i < loStart; i++) hi = hi * 256 + (buf[i]! ^ flip)
  if (hi < MAX_SAFE_HIGH) {
    const lo =
      (((buf[loStart]! ^ flip) << 24) | ((buf[loStart + 1]! ^ flip) << 16) | ((buf[loStart + 2]! ^ flip) << 8) |
        (buf[loStart + 3]! ^ flip)) >>>
      0
    const v = hi * 0x100000000 + lo
    return negative ? -v : v
  }
  const m = BigInt('0x' + buf.toString('hex', start, stop))
  return negative ? m - ((1n << BigInt(8 * len)) - 1n) : m
}

/** Reads a big integer of type code 0x1d (positive) or 0x0b (negative): a length byte then 9–255 bytes. */
function readBigInt(buf: Buffer, p: number, code: number, end: number): number | bigint {
  const negative = code === 0x0b
  if (p + 2 > end) throw truncated('big integer', p, 1, end - p - 1)
  const len = negative ? buf[p + 1]! ^ 0xff : buf[p + 1]!
  const start = p + 2
  const stop = start + len
  if (stop > end) throw truncated('big integer', p, len + 1, end - p - 1)
  const flip = negative ? 0xff : 0x00
  if (len < 9) {
    // Python writes ±(2^64 - 1) as 1d 08 ff.. / 0b f7 00..; every other length under 9 is non-minimal.
    let legacy = len === 8
    for (let i = start; legacy && i < stop; i++) legacy = buf[i] === (flip ^ 0xff)
    if (!legacy) {
      throw corrupt(`non-minimal big integer at offset ${p} (${len} bytes; type code ${hex2(code)} is for 9 to 255 bytes)`)
    }
  } else if (buf[start] === flip) {
    throw corrupt(`non-minimal big integer at offset ${p} (a leading ${hex2(flip)} byte; no binding writes it)`)
  }
  cursor = stop
  const m = BigInt('0x' + buf.toString('hex', start, stop))
  return negative ? m - ((1n << BigInt(8 * len)) - 1n) : m
}

/**
 * Finds the 0x00 that ends the string or byte string whose content starts at
 * `start`; sets `escapes` to how many 00 ff pairs come before it, `ascii` to
 * whether all content bytes are below 0x80 (known for short content only),
 * and `headAscii` to whether the first SHORT_SCAN bytes are.
 */
let escapes = 0
let ascii = false
let headAscii = false
function findEnd(buf: Buffer, p: number, start: number, end: number, what: string): number {
  escapes = 0
  let i = start
  // Stryker disable next-line all: equivalent mutants: how far the byte-by-byte scan goes only chooses the path (the loop below finds the end from wherever this one stops)
  const stop = start + SHORT_SCAN < end ? start + SHORT_SCAN : end
  let acc = 0
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants: scanning no byte here, or one more, leaves the rest to the loop below
  for (; i < stop; i++) {
    const c = buf[i]!
    if (c === 0) {
      // (no bound check: buf is the whole input, so past its end buf[i + 1] is undefined, never 0xff)
      if (buf[i + 1] === 0xff) {
        escapes++
        i++
        continue
      }
      // Stryker disable next-line ConditionalExpression: an equivalent mutant: ascii false sends ASCII text to the UTF-8 decoder, which gives the same string
      ascii = headAscii = acc < 0x80
      return i
    }
    acc |= c
  }
  ascii = false
  // Stryker disable next-line all: equivalent mutants: headAscii only chooses between two UTF-8 decoders that give the same string
  headAscii = acc < 0x80
  for (;;) {
    const z = buf.indexOf(0, i) // -1 also when i is past the end
    if (z === -1) throw corrupt(`the ${what} at offset ${p} is not terminated (no 0x00 before the end)`)
    if (buf[z + 1] === 0xff) {
      escapes++
      i = z + 2
      continue
    }
    return z
  }
}

/** Copies buf[start, stop) with each 00 ff turned back into 00. */
function unescape(buf: Buffer, start: number, stop: number, escaped: number): Buffer {
  const out = Buffer.allocUnsafe(stop - start - escaped)
  let o = 0
  // Stryker disable next-line EqualityOperator: an equivalent mutant: <= also copies the terminating 0x00, past the end of out, which a Buffer ignores
  for (let i = start; i < stop; i++) {
    const c = buf[i]!
    out[o++] = c
    if (c === 0) i++ // skip the 0xff
  }
  return out
}

function readBytes(buf: Buffer, p: number, end: number): Buffer {
  const start = p + 1
  const z = findEnd(buf, p, start, end, 'byte string')
  cursor = z + 1
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants (true, >= 0): unescape with no escapes is a plain copy (the false mutant, also left out here, is killed)
  if (escapes > 0) return unescape(buf, start, z, escapes)
  const n = z - start
  const out = Buffer.allocUnsafe(n)
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants: the loop (quicker for short copies) and buf.copy copy the same n bytes
  if (n <= 64) {
    // Stryker disable next-line EqualityOperator: an equivalent mutant: <= also writes out[n], past the end of out, which a Buffer ignores (>= copies nothing: killed)
    for (let i = 0; i < n; i++) out[i] = buf[start + i]!
  } else buf.copy(out, 0, start, z)
  return out
}

function readString(buf: Buffer, p: number, end: number): string {
  const start = p + 1
  const z = findEnd(buf, p, start, end, 'string')
  cursor = z + 1
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent mutants (true, >= 0): with no escapes the copy decodes to the same string (the false mutant, also left out here, is killed)
  if (escapes > 0) {
    const raw = unescape(buf, start, z, escapes)
    // Stryker disable next-line BooleanLiteral: an equivalent mutant: headAscii only chooses between two UTF-8 decoders that give the same string
    headAscii = true // (the V8 decoder: escaped strings are rare)
    return utf8(raw, 0, raw.length, p)
  }
  // Stryker disable next-line ConditionalExpression: an equivalent mutant (false: the UTF-8 decoder reads ASCII to the same string; the true mutant, also left out here, is killed)
  if (ascii) return latin1(buf, start, z)
  return utf8(buf, start, z, p)
}

const fromCharCode = String.fromCharCode

/** Bytes below 0x80 as a string; very short ones are built in JS (cheaper than a native call). */
function latin1(b: Buffer, s: number, e: number): string {
  switch (e - s) {
    case 0:
      return ''
    case 1:
      return fromCharCode(b[s]!)
    case 2:
      return fromCharCode(b[s]!, b[s + 1]!)
    case 3:
      return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!)
    case 4:
      return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!)
    case 5:
      return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!)
    case 6:
      return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!)
    case 7:
      return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!)
    // Stryker disable next-line ConditionalExpression: an equivalent mutant: without this case 8 bytes go to the native reader, which gives the same string
    case 8:
      return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!)
    default:
      // Stryker disable next-line all: equivalent mutants: Node has the native reader; the fallback (never reached in Node) reads the same string
      return nativeSlices ? (b as NativeBuffer).latin1Slice!(s, e) : b.toString('latin1', s, e)
  }
}

/** Decodes UTF-8, refusing invalid sequences (which would not pack back to the same bytes). */
function utf8(buf: Buffer, start: number, stop: number, at: number): string {
  // Short strings, and long ones that start with ASCII text, go to V8's
  // decoder (fast on ASCII); long ones that start with other text are
  // validated natively and transcoded in JS.
  // Stryker disable next-line all: equivalent mutants: the condition only chooses between two decoders (V8's, checked; or validated and transcoded below) that give the same string
  if (headAscii || stop - start < SHORT_SCAN || !transcodeInJs) {
    // Stryker disable next-line all: equivalent mutants: Node has the native reader; the fallback (never reached in Node) reads the same string
    const s = nativeSlices ? (buf as NativeBuffer).utf8Slice!(start, stop) : buf.toString('utf8', start, stop)
    // The decoder turns invalid sequences into U+FFFD; only then is a full check needed.
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent mutants (the U+FFFD test made true, or '' searched for): the full check runs on every string (the true and false mutants of the whole condition, also left out here, are killed)
    if (s.indexOf('\ufffd') !== -1 && !isUtf8(buf.subarray(start, stop))) throw invalidUtf8(at)
    return s
  }
  if (!isUtf8(buf.subarray(start, stop))) throw invalidUtf8(at)
  return utf16(buf, start, stop)
}

function invalidUtf8(at: number): FoundError {
  return corrupt(`the string at offset ${at} is not valid UTF-8`)
}

/** Decodes valid UTF-8 through a UTF-16 buffer (little-endian platforms only). */
function utf16(buf: Buffer, i: number, stop: number): string {
  // Each UTF-8 sequence gives at most as many UTF-16 units as it has bytes.
  let units = scratch
  let unitBytes = scratchBytes
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent mutants: allocating a new (or larger) buffer when the kept one would do gives the same string (false, also left out here, is killed)
  if (stop - i > units.length) {
    // Stryker disable next-line ArithmeticOperator: an equivalent mutant: a larger buffer than needed gives the same string
    units = new Uint16Array(stop - i)
    unitBytes = Buffer.from(units.buffer)
    // Stryker disable next-line all: equivalent mutants: which buffer is kept for the next string changes memory use, never the string
    if (units.length <= MAX_SCRATCH) {
      scratch = units
      scratchBytes = unitBytes
    }
  }
  let k = 0
  while (i < stop) {
    const c = buf[i]!
    // Stryker disable next-line EqualityOperator: an equivalent mutant: the input is valid UTF-8, where 0x80 never starts a character
    if (c < 0x80) {
      units[k++] = c
      i++
    } else if (c < 0xe0) {
      units[k++] = ((c & 0x1f) << 6) | (buf[i + 1]! & 0x3f)
      i += 2
    } else if (c < 0xf0) {
      units[k++] = ((c & 0x0f) << 12) | ((buf[i + 1]! & 0x3f) << 6) | (buf[i + 2]! & 0x3f)
      i += 3
    } else {
      const cp =
        (((c & 0x07) << 18) | ((buf[i + 1]! & 0x3f) << 12) | ((buf[i + 2]! & 0x3f) << 6) | (buf[i + 3]! & 0x3f)) -
        0x10000
      units[k++] = 0xd800 | (cp >>> 10)
      units[k++] = 0xdc00 | (cp & 0x3ff)
      i += 4
    }
  }
  return (unitBytes as NativeBuffer).ucs2Slice!(0, 2 * k)
}

function readDouble(buf: Buffer, p: number, end: number): number | Float64 {
  if (p + 9 > end) throw truncated('double', p, 8, end - p - 1)
  let hi = ((buf[p + 1]! << 24) | (buf[p + 2]! << 16) | (buf[p + 3]! << 8) | buf[p + 4]!) >>> 0
  let lo = ((buf[p + 5]! << 24) | (buf[p + 6]! << 16) | (buf[p + 7]! << 8) | buf[p + 8]!) >>> 0
  cursor = p + 9
  // Undo the order-preserving transform: a set top bit means a positive number.
  if (hi & 0x80000000) hi = (hi ^ 0x80000000) >>> 0
  else {
    hi = ~hi >>> 0
    lo = ~lo >>> 0
  }
  const v = doubleFromWords(hi, lo)
  if (v !== v) return hi === CANONICAL_NAN64_HI && lo === 0 ? NaN : Float64.fromWords(hi, lo)
  // A plain number that is a safe integer (other than -0) would pack as an integer.
  if (Number.isSafeInteger(v) && (v !== 0 || hi === 0)) return Float64.fromWords(hi, lo)
  return v
}

function readFloat32(buf: Buffer, p: number, end: number): Float32 {
  if (p + 5 > end) throw truncated('float', p, 4, end - p - 1)
  let bits = ((buf[p + 1]! << 24) | (buf[p + 2]! << 16) | (buf[p + 3]! << 8) | buf[p + 4]!) >>> 0
  cursor = p + 5
  bits = bits & 0x80000000 ? (bits ^ 0x80000000) >>> 0 : ~bits >>> 0
  return Float32.fromBits(bits)
}
