/**
 * Reading index keys in place: core's range reads come as packed batches
 * (one Buffer per batch, keys at known offsets), and a query needs only the
 * id at the end of each key. These helpers find and decode it there, with no
 * Buffer per key (a view costs more than decoding the id it holds).
 *
 * @module
 */
import { Uuid, pack, unpack, type PackedPairs } from '@foundkit/core'
import { asBuffer } from './conditions.js'

/** Where key `i` of a packed batch starts. @internal */
export function keyStart(batch: PackedPairs, i: number): number {
  return batch.offsets[2 * i]!
}

/** Where key `i` of a packed batch ends (its value starts there). @internal */
export function keyEnd(batch: PackedPairs, i: number): number {
  return batch.offsets[2 * i + 1]!
}

/** The length of the value of pair `i` (1 marks an array element in the index). @internal */
export function valueLengthAt(batch: PackedPairs, i: number): number {
  return batch.offsets[2 * i + 2]! - batch.offsets[2 * i + 1]!
}

/**
 * The length of the packed tuple item at `at` in `bytes` (which holds one
 * item or more from there, up to `end`). The scalar codes an index value may
 * have are read directly; any other goes the long way (decode, re-encode).
 * @internal
 */
export function itemLength(bytes: Uint8Array, at: number, end: number): number {
  const code = bytes[at]!
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: an integer left to the default case gets the same length the long way (decode, encode)
  if (code >= 0x0c && code <= 0x1c) return 1 + Math.abs(code - 0x14) // integers of up to 8 bytes
  switch (code) {
    case 0x00: // null
    case 0x26: // false
    case 0x27: // true
      return 1
    case 0x01: // bytes
    case 0x02: {
      // string: up to a 00 that is not an escaped 00 ff
      let p = at + 1
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a stored item's terminator comes before `end`, and stepping one byte over an escaped 00 ff lands on the ff, which ends nothing (also left out here: `true` for the 00-not-escaped test, killed)
      while (p < end && !(bytes[p] === 0x00 && bytes[p + 1] !== 0xff)) p += bytes[p] === 0x00 ? 2 : 1
      return p + 1 - at
    }
    case 0x1d: // a positive integer past 8 bytes: its length byte, then the bytes
      return 2 + bytes[at + 1]!
    case 0x0b: // a negative one: the length byte is inverted
      return 2 + (bytes[at + 1]! ^ 0xff)
    case 0x20: // Float32
      return 5
    case 0x21: // Float64
      return 9
    case 0x30: // Uuid
      return 17
    // Stryker disable next-line ConditionalExpression: equivalent: a Versionstamp left to the default case gets the same length the long way
    case 0x33: // Versionstamp
      return 13
    default:
      return pack([unpack(bytes.subarray(at, end))[0]!]).length
  }
}

/**
 * Decodes the single tuple item packed in bytes[start, end): an id. The two
 * kinds of id most stores hold are read in place, with no view of the key and
 * no tuple array (a query of 1,000 ids spent a quarter of its time in those):
 * a Uuid (the default id) and an integer of up to 6 bytes (ids a caller
 * numbers; always a safe integer). Any other item, or bytes that are not
 * exactly one such item, go through `unpack` (which says what is wrong).
 * @internal
 */
export function decodeId(bytes: Uint8Array, start: number, end: number): unknown {
  const code = bytes[start]!
  // Stryker disable next-line ArithmeticOperator: equivalent: a wrong length only sends every id to unpack, which decodes it the same
  const length = end - start
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a fast path; unpack gives the same Uuid (also left out here: `true`, killed)
  if (code === 0x30 && length === 17) return Uuid.copyFrom(bytes, start + 1)
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a fast path; unpack gives 0 too (also left out here: `true` for the whole test, killed)
  if (code === 0x14 && length === 1) return 0
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,BlockStatement: equivalent: a fast path; an integer it leaves to unpack is decoded the same (also left out here: `true`, killed)
  if (code >= 0x0e && code <= 0x1a && length === 1 + Math.abs(code - 0x14)) {
    // Stryker disable next-line EqualityOperator: equivalent: code 0x14 (zero) returned above
    const flip = code < 0x14 ? 0xff : 0x00
    // A leading flip byte is a non-minimal integer: unpack rejects it.
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: an integer left to unpack is decoded the same (also left out here: `true`, killed by the non-minimal cases)
    if (bytes[start + 1] !== flip) {
      let v = 0
      for (let i = start + 1; i < end; i++) v = v * 256 + (bytes[i]! ^ flip)
      return flip === 0 ? v : -v
    }
  }
  return unpack(bytes.subarray(start, end))[0]
}

/** Node's native latin1 reader (what `toString('latin1', ...)` calls after checking its arguments); not in the type declarations. */
const latin1Slice = (Buffer.prototype as { latin1Slice?: (this: Buffer, start: number, end: number) => string }).latin1Slice

/** The bytes [start, end) of a batch as a latin1 string (a Set key for an id). @internal */
export function latin1Of(bytes: Buffer, start: number, end: number): string {
  return latin1Slice !== undefined ? latin1Slice.call(bytes, start, end) : bytes.toString('latin1', start, end)
}

/** A batch's bytes as a Buffer (no copy). @internal */
export function bytesOf(batch: PackedPairs): Buffer {
  return asBuffer(batch.bytes)
}

/** Byte order of a[aStart, aEnd) and b[bStart, bEnd) (-1, 0, 1). @internal */
export function compareRanges(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart)
  for (let k = 0; k < n; k++) {
    const d = a[aStart + k]! - b[bStart + k]!
    // Stryker disable next-line EqualityOperator: equivalent: d is not 0 here
    if (d !== 0) return d < 0 ? -1 : 1
  }
  const la = aEnd - aStart
  const lb = bEnd - bStart
  // Stryker disable next-line EqualityOperator: equivalent: la equal to lb is answered first
  return la === lb ? 0 : la < lb ? -1 : 1
}
