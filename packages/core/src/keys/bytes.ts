import { FoundError, ErrorCode } from '../errors.js'

/** Bytes as foundkit takes them: a `Uint8Array` (a Node `Buffer` is one). */
export type Bytes = Uint8Array

/**
 * Checks that `value` is a `Uint8Array` and returns it; otherwise throws a
 * `TypeError` that names the argument.
 *
 * @internal
 */
export function requireBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value
  throw new TypeError(`${what} must be a Uint8Array (or Buffer), got ${describe(value)}`)
}

/** A short description of a value's type, for error messages. @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`
  return `${typeof value} ${typeof value === 'symbol' ? '' : String(value)}`.trim()
}

/**
 * Compares two keys byte-wise, the order FoundationDB keeps keys in.
 *
 * @returns a negative number if `a` sorts first, 0 if equal, positive if `b` sorts first
 * @example
 * ```ts
 * compareKeys(Buffer.from('a'), Buffer.from('b')) // < 0
 * ```
 */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  requireBytes(a, 'compareKeys: a')
  requireBytes(b, 'compareKeys: b')
  return Buffer.compare(a, b)
}

/**
 * The first key that does not start with `key`: trailing 0xff bytes are
 * dropped and the last remaining byte is incremented (FoundationDB's
 * `strinc`). Every key with prefix `key` sorts before the result.
 *
 * @throws FoundError (invalidArgument) when `key` is empty or only 0xff bytes
 * @example
 * ```ts
 * nextPrefix(Buffer.from([0x61, 0xff])) // <62>
 * ```
 */
export function nextPrefix(key: Uint8Array): Uint8Array {
  requireBytes(key, 'nextPrefix: key')
  let end = key.length
  while (end > 0 && key[end - 1] === 0xff) end--
  if (end === 0) {
    throw new FoundError(
      ErrorCode.invalidArgument,
      'nextPrefix: the key is empty or made only of 0xff bytes, so no key follows all keys with that prefix',
    )
  }
  const out = Buffer.alloc(end)
  out.set(key.subarray(0, end))
  out[end - 1] = out[end - 1]! + 1
  return out
}

/**
 * The first key after `key` in byte order: `key` followed by a 00 byte
 * (FoundationDB's Java bindings: `ByteArrayUtil.keyAfter`). `[key,
 * keyAfter(key))` is the range of the one key `key`; reading from
 * `keyAfter(last)` resumes a scan just past the last key read.
 *
 * @returns new bytes (a Buffer under Node), one byte longer than `key`
 * @throws TypeError when `key` is not a Uint8Array
 * @example
 * ```ts
 * keyAfter(Buffer.from('a')) // <61 00>
 * await query(tx, keyAfter(lastKey), end, { limit: 100 }) // the next page
 * ```
 */
export function keyAfter(key: Uint8Array): Uint8Array {
  return keyAfterBuffer(key)
}

/** {@link keyAfter} typed as the Buffer it is, for core's own callers (public types stay free of Node's). @internal */
export function keyAfterBuffer(key: Uint8Array): Buffer {
  requireBytes(key, 'keyAfter: key')
  const out = Buffer.allocUnsafe(key.length + 1)
  out.set(key)
  out[key.length] = 0
  return out
}

/** A half-open key range [begin, end). */
export interface KeyRange {
  /** First key of the range (included). */
  readonly begin: Uint8Array
  /** First key after the range (excluded). */
  readonly end: Uint8Array
}

/**
 * The range of all keys that start with `prefix` (and are longer than it),
 * as FoundationDB's `range(prefix)` for a packed tuple: `[prefix + 00, prefix + ff)`.
 *
 * @example
 * ```ts
 * const { begin, end } = range(pack(['users']))
 * for await (const [k, v] of query(tx, begin, end)) { ... }
 * ```
 */
export function range(prefix: Uint8Array): KeyRange {
  requireBytes(prefix, 'range: prefix')
  const begin = Buffer.alloc(prefix.length + 1)
  begin.set(prefix)
  const end = Buffer.alloc(prefix.length + 1)
  end.set(prefix)
  end[prefix.length] = 0xff
  return { begin, end }
}

/**
 * The range of every key that starts with `prefix`, the prefix itself
 * included: `[prefix, nextPrefix(prefix))`.
 */
export function prefixRange(prefix: Uint8Array): KeyRange {
  requireBytes(prefix, 'prefixRange: prefix')
  return { begin: prefix, end: nextPrefix(prefix) }
}

/** Concatenates byte arrays into one new Buffer. @internal */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts)
}

/** A Buffer view of `bytes` that shares its memory. @internal */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
