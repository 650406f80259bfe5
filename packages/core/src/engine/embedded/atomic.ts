import type { MutationType } from '../types.js'
import { ErrorCode, FoundError } from '../../errors.js'

/** FoundationDB's value size limit, which `appendIfFits` respects. */
export const VALUE_SIZE_LIMIT = 100_000

/**
 * The result of applying an atomic operation to the current value of a key,
 * with FoundationDB's semantics (API version >= 510): operands are
 * little-endian; the stored value is truncated or zero-extended to the
 * operand's length; an absent key counts as zeros for add/or/xor and takes the
 * operand for and/min/max/byteMin/byteMax/appendIfFits.
 *
 * @returns the new value, or null when the key is cleared
 * @internal
 */
export function applyAtomic(
  type: Exclude<MutationType, 'setVersionstampedKey' | 'setVersionstampedValue'>,
  current: Buffer | null,
  param: Buffer,
): Buffer | null {
  switch (type) {
    case 'add':
      return add(current, param)
    case 'bitAnd':
      return current === null ? param : bitwise(current, param, (a, b) => a & b)
    case 'bitOr':
      return bitwise(current, param, (a, b) => a | b)
    case 'bitXor':
      return bitwise(current, param, (a, b) => a ^ b)
    case 'appendIfFits':
      if (current === null) return param
      return current.length + param.length > VALUE_SIZE_LIMIT ? current : Buffer.concat([current, param])
    case 'max':
      // Stryker disable next-line EqualityOperator: equivalent: on equal operands both branches give the same bytes (also left out here: the reversed comparison, killed)
      return current === null ? param : compareLittleEndian(fit(current, param.length), param) >= 0 ? fit(current, param.length) : param
    case 'min':
      // Stryker disable next-line EqualityOperator: equivalent: on equal operands both branches give the same bytes (also left out here: the reversed comparison, killed)
      return current === null ? param : compareLittleEndian(fit(current, param.length), param) <= 0 ? fit(current, param.length) : param
    case 'byteMax':
      // Stryker disable next-line EqualityOperator: equivalent: on equal operands both branches give the same bytes (also left out here: the reversed comparison, killed)
      return current === null ? param : Buffer.compare(current, param) >= 0 ? current : param
    case 'byteMin':
      // Stryker disable next-line EqualityOperator: equivalent: on equal operands both branches give the same bytes (also left out here: the reversed comparison, killed)
      return current === null ? param : Buffer.compare(current, param) <= 0 ? current : param
    case 'compareAndClear':
      return current !== null && current.equals(param) ? null : current
    default:
      throw new FoundError(ErrorCode.internalError, `unknown atomic operation ${String(type)}`)
  }
}

/** `value` truncated or zero-extended to `length` bytes. */
function fit(value: Buffer | null, length: number): Buffer {
  const out = Buffer.alloc(length)
  // Stryker disable next-line MethodExpression: equivalent: copy stops at the end of the source and of the target anyway
  if (value !== null) value.copy(out, 0, 0, Math.min(length, value.length))
  return out
}

function add(current: Buffer | null, param: Buffer): Buffer {
  const a = fit(current, param.length)
  let carry = 0
  // Stryker disable next-line EqualityOperator: equivalent: `<=` writes one byte past the Buffer's end, which is ignored (also left out here: `>=`, killed)
  for (let i = 0; i < param.length; i++) {
    const sum = a[i]! + param[i]! + carry
    a[i] = sum & 0xff
    carry = sum >> 8
  }
  return a
}

function bitwise(current: Buffer | null, param: Buffer, op: (a: number, b: number) => number): Buffer {
  const a = fit(current, param.length)
  // Stryker disable next-line EqualityOperator: equivalent: `<=` writes one byte past the Buffer's end, which is ignored (also left out here: `>=`, killed)
  for (let i = 0; i < param.length; i++) a[i] = op(a[i]!, param[i]!)
  return a
}

/** Compares two equal-length little-endian unsigned integers. */
function compareLittleEndian(a: Buffer, b: Buffer): number {
  // Stryker disable next-line ArithmeticOperator: equivalent: `a.length + 1` first compares two bytes past both ends (undefined and undefined: equal)
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i] !== b[i]) return a[i]! - b[i]!
  }
  return 0
}

/**
 * Splits a versionstamped operand: the last 4 bytes are the little-endian
 * offset where the 10-byte versionstamp goes.
 *
 * @returns the operand without its offset, and the offset
 * @internal
 */
export function splitVersionstampOperand(operand: Buffer, what: string): { body: Buffer; offset: number } {
  if (operand.length < 4) {
    throw new FoundError(ErrorCode.clientInvalidOperation, `${what} must end with a 4-byte little-endian versionstamp offset (it has ${operand.length} bytes)`)
  }
  const offset = operand.readUInt32LE(operand.length - 4)
  const body = operand.subarray(0, operand.length - 4)
  if (offset + 10 > body.length) {
    throw new FoundError(
      ErrorCode.clientInvalidOperation,
      `${what}: versionstamp offset ${offset} leaves no room for the 10-byte versionstamp in ${body.length} bytes`,
    )
  }
  return { body, offset }
}

/** `body` with the 10-byte `stamp` written at `offset` (a copy). @internal */
export function fillVersionstamp(body: Buffer, offset: number, stamp: Buffer): Buffer {
  const out = Buffer.from(body)
  stamp.copy(out, offset)
  return out
}
