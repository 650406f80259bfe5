/**
 * {@link Uuid}: an RFC 4122 UUID, tuple type code 0x30.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { inspectCustom } from './inspect.js'
import { FoundError, ErrorCode } from '../errors.js'
import { describe } from '../keys/bytes.js'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const UUID_HEX = /^[0-9a-f]{32}$/i

/** The 16 bytes of `bytes` from `at` on as a string of 16 latin1 characters (one call: a flat string, no view). */
function charsOf(bytes: Uint8Array, at: number): string {
  const b = bytes
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!, b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!, b[at + 8]!, b[at + 9]!, b[at + 10]!, b[at + 11]!, b[at + 12]!, b[at + 13]!, b[at + 14]!, b[at + 15]!)
}

/**
 * A UUID: 16 bytes in network byte order. Packs with tuple type code 0x30 and
 * sorts by its bytes (unsigned). The tuple decoder returns 0x30 elements as
 * `Uuid`s.
 *
 * @example
 * ```ts
 * const id = Uuid.fromString('12345678-9abc-def0-1234-56789abcdef0')
 * pack([id])          // <30 12 34 56 78 9a bc de f0 12 34 56 78 9a bc de f0>
 * id.toString()       // '12345678-9abc-def0-1234-56789abcdef0'
 * ```
 */
export class Uuid {
  /**
   * The 16 bytes, a latin1 character each: a third of the memory of a
   * 16-byte Uint8Array, and made faster (a query's ids are mostly Uuids).
   * @internal
   */
  readonly chars: string

  /**
   * @param bytes - the 16 bytes of the UUID, network byte order (copied)
   * @throws TypeError when `bytes` is not a Uint8Array; FoundError (invalidArgument) when it is not 16 bytes long
   * @example
   * ```ts
   * new Uuid(new Uint8Array(16)).toString() // '00000000-0000-0000-0000-000000000000'
   * ```
   */
  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`Uuid: bytes must be a Uint8Array (or Buffer), got ${describe(bytes)}`)
    }
    if (bytes.length !== 16) {
      throw new FoundError(ErrorCode.invalidArgument, `Uuid: a UUID is 16 bytes, got ${bytes.length}`)
    }
    this.chars = charsOf(bytes, 0)
  }

  /**
   * The Uuid of the 16 bytes of `bytes` from `offset` on (copied): a Uuid read
   * in place, say at the end of a key in a packed range read
   * (`query(...).byPackedBatch()`), with no view of the bytes made first.
   *
   * @param offset - where the 16 bytes start (default 0)
   * @throws TypeError when `bytes` is not a Uint8Array or `offset` is not an integer; FoundError (invalidArgument) when fewer than 16 bytes are there
   * @example
   * ```ts
   * const key = pack(['users', Uuid.fromString('6ba7b810-9dad-11d1-80b4-00c04fd430c8')])
   * Uuid.copyFrom(key, key.length - 16).toString() // '6ba7b810-9dad-11d1-80b4-00c04fd430c8'
   * ```
   */
  static copyFrom(bytes: Uint8Array, offset = 0): Uuid {
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`Uuid.copyFrom: bytes must be a Uint8Array (or Buffer), got ${describe(bytes)}`)
    if (!Number.isSafeInteger(offset)) throw new TypeError(`Uuid.copyFrom: offset must be an integer, got ${describe(offset)}`)
    if (offset < 0) throw new FoundError(ErrorCode.invalidArgument, `Uuid.copyFrom: offset must not be negative, got ${offset}`)
    if (offset + 16 > bytes.length) {
      throw new FoundError(ErrorCode.invalidArgument, `Uuid.copyFrom: a UUID is 16 bytes, and ${bytes.length} bytes have ${Math.max(0, bytes.length - offset)} from offset ${offset}`)
    }
    return Uuid.readAt(bytes, offset)
  }

  /** {@link copyFrom} unchecked: `bytes` holds 16 bytes from `offset` on. @internal */
  static readAt(bytes: Uint8Array, offset: number): Uuid {
    return Uuid.ofChars(charsOf(bytes, offset))
  }

  /** The Uuid of 16 latin1 characters (unchecked). @internal */
  static ofChars(chars: string): Uuid {
    const u = Object.create(Uuid.prototype) as { chars: string }
    u.chars = chars
    return u as Uuid
  }

  /**
   * Parses the usual text form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either
   * case), or 32 hex digits without hyphens.
   *
   * @throws TypeError when `text` is not a string; FoundError (invalidArgument) when it is not a UUID
   * @example
   * ```ts
   * Uuid.fromString('6BA7B810-9DAD-11D1-80B4-00C04FD430C8').toString()
   * // '6ba7b810-9dad-11d1-80b4-00c04fd430c8'
   * ```
   */
  static fromString(text: string): Uuid {
    if (typeof text !== 'string') throw new TypeError(`Uuid.fromString: text must be a string, got ${describe(text)}`)
    let hex: string
    if (UUID_TEXT.test(text)) hex = text.replace(/-/g, '')
    else if (UUID_HEX.test(text)) hex = text
    else {
      throw new FoundError(
        ErrorCode.invalidArgument,
        `Uuid.fromString: ${describe(text)} is not a UUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx in hex)`,
      )
    }
    return Uuid.ofChars(Buffer.from(hex, 'hex').toString('latin1'))
  }

  /**
   * A random (version 4) UUID.
   *
   * @example
   * ```ts
   * const key = pack(['events', Uuid.random()])
   * ```
   */
  static random(): Uuid {
    const b = randomBytes(16)
    b[6] = (b[6]! & 0x0f) | 0x40
    b[8] = (b[8]! & 0x3f) | 0x80
    return Uuid.ofChars(charsOf(b, 0))
  }

  /**
   * A copy of the 16 bytes.
   *
   * @example
   * ```ts
   * Uuid.random().toBytes().length // 16
   * ```
   */
  toBytes(): Uint8Array {
    return Buffer.from(this.chars, 'latin1')
  }

  /**
   * The lowercase text form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
   *
   * @example
   * ```ts
   * String(Uuid.fromString('6ba7b8109dad11d180b400c04fd430c8'))
   * // '6ba7b810-9dad-11d1-80b4-00c04fd430c8'
   * ```
   */
  toString(): string {
    const c = this.chars
    let s = ''
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) s += '-'
      s += HEX[c.charCodeAt(i)]
    }
    return s
  }

  /**
   * Whether both UUIDs have the same bytes.
   *
   * @example
   * ```ts
   * Uuid.fromString(text).equals(Uuid.fromString(text.toUpperCase())) // true
   * ```
   */
  equals(other: Uuid): boolean {
    return other instanceof Uuid && this.chars === other.chars
  }

  /**
   * Compares the bytes, unsigned: the order of the packed UUIDs.
   *
   * @returns negative, 0 or positive as `this` sorts before, with or after `other`
   * @example
   * ```ts
   * Uuid.fromString('00000000-0000-0000-0000-000000000001')
   *   .compareTo(Uuid.fromString('ff000000-0000-0000-0000-000000000000')) // < 0
   * ```
   */
  compareTo(other: Uuid): number {
    const a = this.chars
    const b = other.chars
    // A character a byte: compared in the bytes' unsigned order (by code, not with `<`, which V8 leaves to its runtime).
    for (let i = 0; i < 16; i++) {
      const d = a.charCodeAt(i) - b.charCodeAt(i)
      if (d !== 0) return d
    }
    return 0
  }

  /** How `console.log` and `util.inspect` show it. @internal */
  [inspectCustom](): string {
    return `Uuid(${this.toString()})`
  }
}
