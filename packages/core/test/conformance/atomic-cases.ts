// The atomic operations' cases shared by atomics.test.ts (through `get`) and
// atomics-in-ranges.test.ts (through range reads): FoundationDB's rules for
// each op over a stored or absent value.
import { add, bitAnd, bitOr, bitXor, byteMax, byteMin, max, min, type Transaction } from '../../src/index.js'

/** An atomic operation as core exports it. */
export type AtomicOp = (tx: Transaction, key: Uint8Array, param: Uint8Array) => void

/** name, op, stored value (hex; null: absent), operand (hex), the value after the op (hex). */
export const ATOMIC_CASES: ReadonlyArray<readonly [string, AtomicOp, string | null, string, string]> = [
  ['add to absent', add, null, '0500', '0500'],
  ['add with carry', add, 'ff00', '0100', '0001'],
  ['add: shorter stored value is zero-extended', add, '01', '01000000', '02000000'],
  ['add: longer stored value is truncated', add, '01020304', '0100', '0202'],
  ['add wraps around', add, 'ffff', '0100', '0000'],
  ['bitAnd on absent takes the operand', bitAnd, null, '0f', '0f'],
  ['bitAnd', bitAnd, 'f0f0', '3c3c', '3030'],
  ['bitOr on absent', bitOr, null, '0a', '0a'],
  ['bitOr', bitOr, 'f000', '0f01', 'ff01'],
  ['bitXor', bitXor, 'ff', '0f', 'f0'],
  ['max (little-endian, unsigned)', max, '0001', 'ff00', '0001'],
  ['max on absent', max, null, '07', '07'],
  ['min (little-endian, unsigned)', min, '0001', 'ff00', 'ff00'],
  ['min on absent takes the operand', min, null, '07', '07'],
  ['byteMax', byteMax, '61', '6262', '6262'],
  ['byteMin', byteMin, '61', '6262', '61'],
  ['byteMin on absent', byteMin, null, '62', '62'],
]
