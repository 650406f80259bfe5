import { requireBytes } from '../keys/bytes.js'
import type { MutationType } from '../engine/types.js'
import { requireTransaction, type Transaction } from './transaction.js'

function mutate(type: MutationType, tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  requireTransaction(tx, type)
  requireBytes(key, `${type}: key`)
  requireBytes(param, `${type}: param`)
  tx.checkWritable(type)
  tx.engineTx.atomic(type, key, param)
}

/** Little-endian operand of `n` as `bytes` bytes (two's complement), for {@link add} and friends. */
export function littleEndian(n: number | bigint, bytes = 8): Uint8Array {
  if (typeof n !== 'number' && typeof n !== 'bigint') throw new TypeError('littleEndian: n must be a number or bigint')
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new TypeError(`littleEndian: ${n} is not a safe integer`)
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > 64) throw new TypeError('littleEndian: bytes must be an integer from 1 to 64')
  let v = BigInt.asUintN(bytes * 8, BigInt(n))
  const out = Buffer.alloc(bytes)
  // Stryker disable next-line EqualityOperator: equivalent: i <= bytes writes out[bytes], past the Buffer's end, which a typed array ignores
  for (let i = 0; i < bytes; i++) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

/** Reads a little-endian signed 64-bit counter (as written by {@link add}); null stays null. */
export function readLittleEndian(bytes: Uint8Array | null): bigint | null {
  if (bytes === null) return null
  requireBytes(bytes, 'readLittleEndian: bytes')
  let v = 0n
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!)
  return BigInt.asIntN(bytes.length * 8, v)
}

/**
 * Atomically adds the little-endian integer `param` to the value at `key`
 * (absent counts as 0). Adds no read conflict: many transactions can add to
 * one counter without conflicting.
 * @example
 * ```ts
 * add(tx, pack(['hits']), littleEndian(1))
 * ```
 */
export function add(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('add', tx, key, param)
}
/** Atomic bitwise AND with `param` (an absent key takes `param`). @example `bitAnd(tx, key, Buffer.from([0x0f]))` */
export function bitAnd(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('bitAnd', tx, key, param)
}
/** Atomic bitwise OR with `param` (absent counts as zeros). @example `bitOr(tx, key, Buffer.from([0x01]))` */
export function bitOr(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('bitOr', tx, key, param)
}
/** Atomic bitwise XOR with `param` (absent counts as zeros). @example `bitXor(tx, key, Buffer.from([0xff]))` */
export function bitXor(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('bitXor', tx, key, param)
}
/** Appends `param` to the value unless the result would exceed 100,000 bytes. @example `appendIfFits(tx, key, Buffer.from('x'))` */
export function appendIfFits(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('appendIfFits', tx, key, param)
}
/** Atomically keeps the larger of the value and `param`, as little-endian unsigned integers. @example `max(tx, key, littleEndian(7))` */
export function max(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('max', tx, key, param)
}
/** Atomically keeps the smaller of the value and `param`, as little-endian unsigned integers. @example `min(tx, key, littleEndian(7))` */
export function min(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('min', tx, key, param)
}
/** Atomically keeps the byte-wise larger of the value and `param`. @example `byteMax(tx, key, Buffer.from('zeta'))` */
export function byteMax(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('byteMax', tx, key, param)
}
/** Atomically keeps the byte-wise smaller of the value and `param`. @example `byteMin(tx, key, Buffer.from('alpha'))` */
export function byteMin(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('byteMin', tx, key, param)
}
/** Clears `key` if its value equals `param`. @example `compareAndClear(tx, key, littleEndian(0))` */
export function compareAndClear(tx: Transaction, key: Uint8Array, param: Uint8Array): void {
  mutate('compareAndClear', tx, key, param)
}
/**
 * Sets a key that contains the commit's versionstamp. `key` ends with the
 * 4-byte little-endian offset of the 10 bytes to fill, as
 * `packWithVersionstamp` makes it.
 * @example
 * ```ts
 * setVersionstampedKey(tx, packWithVersionstamp(['log', Versionstamp.incomplete()]), Buffer.from('event'))
 * ```
 */
export function setVersionstampedKey(tx: Transaction, key: Uint8Array, value: Uint8Array): void {
  mutate('setVersionstampedKey', tx, key, value)
}
/**
 * Sets `key` to a value that contains the commit's versionstamp; `value`
 * ends with the 4-byte little-endian offset of the 10 bytes to fill.
 * @example
 * ```ts
 * setVersionstampedValue(tx, pack(['last']), packWithVersionstamp([Versionstamp.incomplete()]))
 * ```
 */
export function setVersionstampedValue(tx: Transaction, key: Uint8Array, value: Uint8Array): void {
  mutate('setVersionstampedValue', tx, key, value)
}
