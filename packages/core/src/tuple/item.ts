/**
 * {@link TupleItem}: the values a tuple holds.
 *
 * @module
 */
import type { Float32, Float64 } from './floats.js'
import type { Uuid } from './uuid.js'
import type { Versionstamp } from './versionstamp.js'

/**
 * One element of a tuple, and the tuple type code it packs with:
 *
 * | value | type code |
 * |---|---|
 * | `null` | 0x00 (`00 ff` inside a nested tuple) |
 * | `Uint8Array` / `Buffer` | 0x01 byte string (decoded as a `Buffer`) |
 * | `string` | 0x02 UTF-8 string (must be well-formed: no lone surrogates) |
 * | array | 0x05 nested tuple |
 * | safe integer `number`, `bigint` | 0x0c–0x1c, and 0x0b / 0x1d beyond 8 bytes (up to 255 bytes) |
 * | {@link Float32} | 0x20 float |
 * | other `number` (fractional, -0, NaN, ±Infinity, integers beyond ±(2^53 - 1)), {@link Float64} | 0x21 double |
 * | `false` / `true` | 0x26 / 0x27 |
 * | {@link Uuid} | 0x30 |
 * | {@link Versionstamp} | 0x33 |
 *
 * Decoding gives back the same kinds: integers as a `number` when safe and a
 * `bigint` otherwise; doubles as a plain `number` unless that number would
 * pack differently (integral doubles such as 1.0, non-canonical NaNs), in
 * which case as a {@link Float64}; floats always as {@link Float32}.
 *
 * @example
 * ```ts
 * const t: TupleItem[] = ['user', 42, 10n ** 30n, null, true, ['nested', 0.5], Buffer.from([1, 2])]
 * ```
 */
export type TupleItem =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Float32
  | Float64
  | Uuid
  | Versionstamp
  | readonly TupleItem[]
