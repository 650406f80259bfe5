/**
 * IEEE 754 wrappers that force the tuple encoding of a number: {@link Float32}
 * (type code 0x20) and {@link Float64} (type code 0x21).
 *
 * A plain JS number packs as an integer when it is a safe integer (and not
 * -0), and as a double otherwise; wrap it to choose the encoding yourself.
 * Both wrappers keep the exact IEEE bits, so a NaN payload read from the
 * database is written back unchanged.
 *
 * @module
 */
import { FoundError, ErrorCode } from '../errors.js'
import { inspectCustom } from './inspect.js'
import { describe } from '../keys/bytes.js'

const f64 = new Float64Array(1)
const f64Words = new Uint32Array(f64.buffer)
const f32 = new Float32Array(1)
const f32Word = new Uint32Array(f32.buffer)
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
const HI = littleEndian ? 1 : 0
const LO = littleEndian ? 0 : 1

/** High word of the bits every plain `NaN` is written with: the positive quiet NaN, as Python and Java write it. @internal */
export const CANONICAL_NAN64_HI = 0x7ff80000
/** The single-precision canonical NaN (positive quiet NaN). @internal */
export const CANONICAL_NAN32 = 0x7fc00000

/** High 32 bits of the IEEE double `value` (NaN gives the canonical NaN). @internal */
export function doubleHigh(value: number): number {
  if (value !== value) return CANONICAL_NAN64_HI
  f64[0] = value
  return f64Words[HI]!
}

/** Low 32 bits of the IEEE double last passed to {@link doubleHigh} (call it first). @internal */
export function doubleLowAfterHigh(value: number): number {
  return value !== value ? 0 : f64Words[LO]!
}

/** The double whose IEEE bits are `hi:lo` (unsigned 32-bit words). @internal */
export function doubleFromWords(hi: number, lo: number): number {
  f64Words[HI] = hi
  f64Words[LO] = lo
  return f64[0]!
}

/** The IEEE single-precision bits of `value` rounded to float32 (NaN gives the canonical NaN). @internal */
export function singleBits(value: number): number {
  if (value !== value) return CANONICAL_NAN32
  f32[0] = value
  return f32Word[0]!
}

/** The float32 value whose IEEE bits are `bits`. @internal */
export function singleFromBits(bits: number): number {
  f32Word[0] = bits
  return f32[0]!
}

/**
 * Compares two IEEE bit patterns (given as unsigned 32-bit words, most
 * significant first) in the IEEE 754 total order: -NaN < -Infinity < ... <
 * -0 < 0 < ... < Infinity < +NaN, which is also the order of their tuple
 * encodings. @internal
 */
export function compareIeeeWords(aHi: number, aLo: number, bHi: number, bLo: number): number {
  // Map to an unsigned key: negative numbers have all bits flipped, others the sign bit.
  let ka = aHi & 0x80000000 ? ~aHi >>> 0 : (aHi ^ 0x80000000) >>> 0
  let kb = bHi & 0x80000000 ? ~bHi >>> 0 : (bHi ^ 0x80000000) >>> 0
  // Stryker disable next-line EqualityOperator: ka !== kb here, so < and <= agree (an equivalent mutant)
  if (ka !== kb) return ka < kb ? -1 : 1
  ka = aHi & 0x80000000 ? ~aLo >>> 0 : aLo >>> 0
  kb = bHi & 0x80000000 ? ~bLo >>> 0 : bLo >>> 0
  // Stryker disable next-line EqualityOperator: ka !== kb past the first test, so < and <= agree (an equivalent mutant)
  return ka === kb ? 0 : ka < kb ? -1 : 1
}

function requireNumber(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${describe(value)}`)
  return value
}

function requireLength(bytes: unknown, length: number, what: string): Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`${what} must be a Uint8Array (or Buffer), got ${describe(bytes)}`)
  }
  if (bytes.length !== length) {
    throw new FoundError(ErrorCode.invalidArgument, `${what} must be ${length} bytes long, got ${bytes.length}`)
  }
  return bytes
}

/**
 * A single-precision (32-bit) IEEE float: packs with tuple type code 0x20.
 *
 * JS has no float32 type, so the tuple decoder returns every 0x20 element as
 * a `Float32`, keeping its exact bits (NaN payloads included).
 *
 * @example
 * ```ts
 * pack([new Float32(1.5)]) // <20 bf c0 00 00>
 * unpack(pack([float32(-42)]))[0] // Float32 { value: -42 }
 * ```
 */
export class Float32 {
  /**
   * The value as a JS number (already rounded to single precision).
   *
   * @example
   * ```ts
   * float32(0.1).value // 0.10000000149011612
   * ```
   */
  readonly value: number
  /** IEEE 754 binary32 bits, as an unsigned 32-bit integer. @internal */
  readonly bits: number

  /**
   * @param value - any number; it is rounded to the nearest float32 (NaN
   *   becomes the canonical quiet NaN `0x7fc00000`)
   * @throws TypeError when `value` is not a number
   * @example
   * ```ts
   * new Float32(0.1).value // 0.10000000149011612
   * ```
   */
  constructor(value: number) {
    requireNumber(value, 'Float32: value')
    this.bits = singleBits(value)
    this.value = singleFromBits(this.bits)
  }

  /**
   * The float with these 4 big-endian IEEE 754 bytes (any NaN payload is kept).
   *
   * @throws TypeError when `bytes` is not a Uint8Array; FoundError (invalidArgument) when it is not 4 bytes
   * @example
   * ```ts
   * Float32.fromBytes(Buffer.from('7fc00001', 'hex')).toBytes() // <7f c0 00 01>
   * ```
   */
  static fromBytes(bytes: Uint8Array): Float32 {
    const b = requireLength(bytes, 4, 'Float32.fromBytes: bytes')
    return Float32.fromBits(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0)
  }

  /** The float with IEEE bits `bits` (unsigned 32-bit integer). @internal */
  static fromBits(bits: number): Float32 {
    const f = Object.create(Float32.prototype) as { value: number; bits: number }
    f.value = singleFromBits(bits)
    f.bits = bits
    return f as Float32
  }

  /**
   * The 4 big-endian IEEE 754 bytes of this float.
   *
   * @example
   * ```ts
   * float32(1).toBytes() // <3f 80 00 00>
   * ```
   */
  toBytes(): Uint8Array {
    const out = Buffer.allocUnsafe(4)
    out.writeUInt32BE(this.bits, 0)
    return out
  }

  /**
   * Whether both floats have the same bits (so `0` and `-0` differ, and a NaN
   * equals a NaN with the same payload), which is whether they pack the same.
   *
   * @example
   * ```ts
   * float32(NaN).equals(float32(NaN)) // true
   * float32(0).equals(float32(-0))    // false
   * ```
   */
  equals(other: Float32): boolean {
    return other instanceof Float32 && other.bits === this.bits
  }

  /**
   * Compares in the IEEE 754 total order, the order of the packed bytes.
   *
   * @returns negative, 0 or positive as `this` sorts before, with or after `other`
   * @example
   * ```ts
   * float32(-0).compareTo(float32(0)) // < 0
   * ```
   */
  compareTo(other: Float32): number {
    return compareIeeeWords(this.bits, 0, other.bits, 0)
  }

  /**
   * The value as text, e.g. `Float32(1.5)`.
   *
   * @example
   * ```ts
   * String(float32(1.5)) // 'Float32(1.5)'
   * ```
   */
  toString(): string {
    return `Float32(${String(this.value)})`
  }

  /** How `console.log` and `util.inspect` show it. @internal */
  [inspectCustom](): string {
    return this.toString()
  }
}

/**
 * A double-precision (64-bit) IEEE float: packs with tuple type code 0x21
 * even when its value is an integer.
 *
 * Plain JS numbers that are not safe integers (0.5, -0, NaN, ±Infinity,
 * 2 ** 60) already pack as doubles; use `Float64` for integral doubles (1.0)
 * or to keep a NaN payload. The decoder returns a `Float64` exactly when a
 * plain number would not pack back to the same bytes: integral values within
 * ±(2^53 - 1) and NaNs other than the canonical one.
 *
 * @example
 * ```ts
 * pack([1])            // <15 01>      (an integer)
 * pack([float64(1)])   // <21 bf f0 00 00 00 00 00 00>
 * unpack(pack([float64(1)]))[0] // Float64 { value: 1 }
 * ```
 */
export class Float64 {
  /**
   * The value as a JS number.
   *
   * @example
   * ```ts
   * float64(3).value // 3
   * ```
   */
  readonly value: number
  /** High 32 bits of the IEEE 754 binary64 representation. @internal */
  readonly hi: number
  /** Low 32 bits of the IEEE 754 binary64 representation. @internal */
  readonly lo: number

  /**
   * @param value - any number (NaN is stored as the canonical quiet NaN
   *   `0x7ff8000000000000`)
   * @throws TypeError when `value` is not a number
   * @example
   * ```ts
   * new Float64(2).value // 2
   * ```
   */
  constructor(value: number) {
    requireNumber(value, 'Float64: value')
    this.value = value
    this.hi = doubleHigh(value)
    this.lo = doubleLowAfterHigh(value)
  }

  /**
   * The double with these 8 big-endian IEEE 754 bytes (any NaN payload is kept).
   *
   * @throws TypeError when `bytes` is not a Uint8Array; FoundError (invalidArgument) when it is not 8 bytes
   * @example
   * ```ts
   * Float64.fromBytes(Buffer.from('3ff0000000000000', 'hex')).value // 1
   * ```
   */
  static fromBytes(bytes: Uint8Array): Float64 {
    const b = requireLength(bytes, 8, 'Float64.fromBytes: bytes')
    return Float64.fromWords(
      ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0,
      ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0,
    )
  }

  /** The double with IEEE bits `hi:lo`. @internal */
  static fromWords(hi: number, lo: number): Float64 {
    const f = Object.create(Float64.prototype) as { value: number; hi: number; lo: number }
    f.value = doubleFromWords(hi, lo)
    f.hi = hi
    f.lo = lo
    return f as Float64
  }

  /**
   * The 8 big-endian IEEE 754 bytes of this double.
   *
   * @example
   * ```ts
   * float64(1).toBytes() // <3f f0 00 00 00 00 00 00>
   * ```
   */
  toBytes(): Uint8Array {
    const out = Buffer.allocUnsafe(8)
    out.writeUInt32BE(this.hi, 0)
    out.writeUInt32BE(this.lo, 4)
    return out
  }

  /**
   * Whether both doubles have the same bits (so `0` and `-0` differ, and a
   * NaN equals a NaN with the same payload), which is whether they pack the same.
   *
   * @example
   * ```ts
   * float64(1).equals(float64(1)) // true
   * ```
   */
  equals(other: Float64): boolean {
    return other instanceof Float64 && other.hi === this.hi && other.lo === this.lo
  }

  /**
   * Compares in the IEEE 754 total order, the order of the packed bytes.
   *
   * @returns negative, 0 or positive as `this` sorts before, with or after `other`
   * @example
   * ```ts
   * float64(-Infinity).compareTo(float64(NaN)) // < 0
   * ```
   */
  compareTo(other: Float64): number {
    return compareIeeeWords(this.hi, this.lo, other.hi, other.lo)
  }

  /**
   * The value as text, e.g. `Float64(1)`.
   *
   * @example
   * ```ts
   * String(float64(1)) // 'Float64(1)'
   * ```
   */
  toString(): string {
    return `Float64(${String(this.value)})`
  }

  /** How `console.log` and `util.inspect` show it. @internal */
  [inspectCustom](): string {
    return this.toString()
  }
}

/**
 * Wraps `value` so that it packs as a single-precision float (0x20).
 * Shorthand for `new Float32(value)`.
 *
 * @example
 * ```ts
 * pack([float32(-42)]) // <20 3d d7 ff ff>
 * ```
 */
export function float32(value: number): Float32 {
  return new Float32(value)
}

/**
 * Wraps `value` so that it packs as a double (0x21) even when it is an
 * integer. Shorthand for `new Float64(value)`.
 *
 * @example
 * ```ts
 * pack([float64(3)]) // <21 c0 08 00 00 00 00 00 00>
 * ```
 */
export function float64(value: number): Float64 {
  return new Float64(value)
}
