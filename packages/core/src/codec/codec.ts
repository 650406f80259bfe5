import { ErrorCode, FoundError } from '../errors.js'
import { describe, requireBytes } from '../keys/bytes.js'
import { requireKnownOptions } from '../options/known.js'
import { pack, unpack } from '../tuple/index.js'
import type { TupleItem } from '../tuple/index.js'

/**
 * How values of type `T` become the bytes stored under a key, and back.
 * Pass one to the layers that store values (`Entries`, `Store`,
 * `ElevatorDb`, ...), or use your own: any object with these two methods
 * will do (protobuf, msgpack, compression, encryption...).
 *
 * Contract: `decode(encode(v))` gives back a value equal to `v`; `encode`
 * throws a `TypeError` for a value it cannot encode; `decode` throws a
 * {@link FoundError} with code `corruptData` for bytes it cannot decode
 * (foundkit wraps any other error a codec throws while decoding into one).
 *
 * @typeParam T - the type of the values
 * @example
 * ```ts
 * const dateCodec: ValueCodec<Date> = {
 *   encode: (d) => stringCodec.encode(d.toISOString()),
 *   decode: (b) => new Date(stringCodec.decode(b)),
 * }
 * ```
 */
export interface ValueCodec<T> {
  /**
   * Turns a value into bytes.
   * @throws TypeError when the value cannot be encoded
   * @example
   * ```ts
   * stringCodec.encode('héllo') // <68 c3 a9 6c 6c 6f>
   * ```
   */
  encode(value: T): Uint8Array
  /**
   * Turns stored bytes back into a value.
   * @throws FoundError (corruptData) when the bytes are not a valid encoding
   * @example
   * ```ts
   * stringCodec.decode(Buffer.from('68c3a96c6c6f', 'hex')) // 'héllo'
   * ```
   */
  decode(bytes: Uint8Array): T
}

/**
 * A value {@link jsonCodec} can store: what `JSON.parse` gives back.
 * @example
 * ```ts
 * const v: JsonValue = { name: 'ada', tags: ['x'], age: 36, admin: false, boss: null }
 * ```
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/**
 * Stores bytes as they are (`Uint8Array` or `Buffer`; decoded as a `Buffer`).
 * @example
 * ```ts
 * bytesCodec.decode(bytesCodec.encode(Buffer.from([1, 2, 3]))) // <01 02 03>
 * ```
 */
export const bytesCodec: ValueCodec<Uint8Array> = Object.freeze({
  encode(value: Uint8Array): Uint8Array {
    return requireBytes(value, 'bytesCodec.encode: value')
  },
  decode(bytes: Uint8Array): Uint8Array {
    return Buffer.from(requireBytes(bytes, 'bytesCodec.decode: bytes'))
  },
})

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const LONE_SURROGATE = /\p{Cs}/u

/**
 * Stores strings as UTF-8. Byte order of the encoding is code point order,
 * so it also works as an order-preserving key encoding.
 * @throws TypeError (encode) for a non-string, or a string with a lone surrogate (it has no UTF-8 form)
 * @throws FoundError corruptData (decode) for invalid UTF-8
 * @example
 * ```ts
 * stringCodec.decode(stringCodec.encode('привет')) // 'привет'
 * ```
 */
export const stringCodec: ValueCodec<string> = Object.freeze({
  encode(value: string): Uint8Array {
    if (typeof value !== 'string') throw new TypeError(`stringCodec.encode: value must be a string, got ${describe(value)}`)
    if (LONE_SURROGATE.test(value)) throw new TypeError('stringCodec.encode: the string holds a lone surrogate, which has no UTF-8 encoding')
    return Buffer.from(value, 'utf8')
  },
  decode(bytes: Uint8Array): string {
    requireBytes(bytes, 'stringCodec.decode: bytes')
    try {
      return utf8.decode(bytes)
    } catch (cause) {
      throw new FoundError(ErrorCode.corruptData, 'stringCodec.decode: the stored bytes are not valid UTF-8', { cause })
    }
  },
})

function strictJson(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`${String(value)} has no JSON form (JSON.stringify would turn it into null)`)
  }
  return value
}

/**
 * Stores values as UTF-8 JSON. Refuses what JSON cannot give back: `undefined`,
 * functions and symbols at the top level, bigints, `NaN` and `±Infinity`
 * anywhere, cycles. Like `JSON.stringify`, it drops object members whose value
 * is `undefined` and turns objects with a `toJSON` method (a `Date`) into its result.
 * @throws TypeError (encode) for a value JSON cannot hold
 * @throws FoundError corruptData (decode) for bytes that are not UTF-8 JSON
 * @example
 * ```ts
 * jsonCodec.decode(jsonCodec.encode({ age: 25 })) // { age: 25 }
 * ```
 */
export const jsonCodec: ValueCodec<JsonValue> = Object.freeze({
  encode(value: JsonValue): Uint8Array {
    let text: string | undefined
    try {
      text = JSON.stringify(value, strictJson)
    } catch (cause) {
      throw new TypeError(`jsonCodec.encode: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    }
    if (text === undefined) throw new TypeError(`jsonCodec.encode: ${describe(value)} has no JSON form`)
    return Buffer.from(text, 'utf8')
  },
  decode(bytes: Uint8Array): JsonValue {
    const text = stringCodec.decode(bytes)
    try {
      return JSON.parse(text) as JsonValue
    } catch (cause) {
      throw new FoundError(ErrorCode.corruptData, `jsonCodec.decode: the stored bytes are not JSON (${(cause as Error).message})`, { cause })
    }
  },
})

/**
 * {@link jsonCodec}, typed for values of type `T` (for interfaces, which
 * TypeScript does not treat as {@link JsonValue}). Decoding does not check
 * the shape: it trusts that what was stored is a `T`.
 * @typeParam T - the type of the values
 * @example
 * ```ts
 * interface User { name: string; age: number }
 * const users = new Entries(new Subspace(['users']), jsonCodecOf<User>())
 * ```
 */
export function jsonCodecOf<T>(): ValueCodec<T> {
  return jsonCodec as unknown as ValueCodec<T>
}

/**
 * Stores tuples with the FoundationDB tuple encoding ({@link pack} /
 * {@link unpack}): readable by every FoundationDB binding, and
 * order-preserving.
 * @throws TypeError (encode) for an element that is not a tuple item
 * @throws FoundError corruptData (decode) for bytes that are not a packed tuple
 * @example
 * ```ts
 * tupleCodec.decode(tupleCodec.encode(['ada', 36, true])) // ['ada', 36, true]
 * ```
 */
export const tupleCodec: ValueCodec<TupleItem[]> = Object.freeze({
  encode(value: TupleItem[]): Uint8Array {
    return pack(value)
  },
  decode(bytes: Uint8Array): TupleItem[] {
    return unpack(bytes)
  },
})

/**
 * Throws a TypeError unless `codec` has `encode` and `decode` methods; a
 * misspelt method (`{ encoder, decoder }`) is named, with the right name. @internal
 */
export function requireCodec<T>(codec: ValueCodec<T>, what: string): ValueCodec<T> {
  if (typeof codec === 'object' && codec !== null && typeof codec.encode === 'function' && typeof codec.decode === 'function') return codec
  if (typeof codec === 'object' && codec !== null && !Array.isArray(codec)) requireKnownOptions(what, codec, ['encode', 'decode'])
  throw new TypeError(`${what} must be a ValueCodec (an object with encode and decode methods), got ${describe(codec)}`)
}

/** Encodes with `codec`; a non-Uint8Array result is a TypeError naming `what`. @internal */
export function encodeWith<T>(codec: ValueCodec<T>, value: T, what: string): Uint8Array {
  const bytes = codec.encode(value)
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what}: the codec's encode returned ${describe(bytes)}, not a Uint8Array`)
  return bytes
}

/**
 * Decodes with `codec`; an error becomes a FoundError naming `what` (the
 * code of a FoundError is kept; any other error is corruptData). @internal
 */
export function decodeWith<T>(codec: ValueCodec<T>, bytes: Uint8Array, what: string): T {
  try {
    return codec.decode(bytes)
  } catch (cause) {
    const code = cause instanceof FoundError ? cause.code : ErrorCode.corruptData
    throw new FoundError(code, `${what}: the stored value could not be decoded (${cause instanceof Error ? cause.message : String(cause)})`, { cause })
  }
}
