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
  /** The 16 bytes (owned; never handed out). @internal */
  readonly bytes: Uint8Array

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
    this.bytes = new Uint8Array(bytes)
  }

  /** A Uuid that takes ownership of `bytes` (exactly 16 bytes, unchecked). @internal */
  static adopt(bytes: Uint8Array): Uuid {
    const u = Object.create(Uuid.prototype) as { bytes: Uint8Array }
    u.bytes = bytes
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
    return Uuid.adopt(Uint8Array.from(Buffer.from(hex, 'hex')))
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
    const b = Uint8Array.from(randomBytes(16))
    b[6] = (b[6]! & 0x0f) | 0x40
    b[8] = (b[8]! & 0x3f) | 0x80
    return Uuid.adopt(b)
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
    return Buffer.from(this.bytes)
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
    const b = this.bytes
    let s = ''
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) s += '-'
      s += HEX[b[i]!]
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
    return other instanceof Uuid && this.compareTo(other) === 0
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
    const a = this.bytes
    const b = other.bytes
    // Stryker disable next-line EqualityOperator: an equivalent mutant: with <= the loop also compares a[16] and b[16], both undefined, so equal
    for (let i = 0; i < 16; i++) {
      if (a[i] !== b[i]) return a[i]! - b[i]!
    }
    return 0
  }

  /** How `console.log` and `util.inspect` show it. @internal */
  [inspectCustom](): string {
    return `Uuid(${this.toString()})`
  }
}
