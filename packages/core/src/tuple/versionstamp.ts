/**
 * {@link Versionstamp}: FoundationDB's 96-bit versionstamp, tuple type code 0x33.
 *
 * @module
 */
import { inspectCustom } from './inspect.js'
import { FoundError, ErrorCode } from '../errors.js'
import { describe } from '../keys/bytes.js'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

function requireUserVersion(userVersion: unknown, what: string): number {
  if (typeof userVersion !== 'number' || !Number.isInteger(userVersion)) {
    throw new TypeError(`${what}: userVersion must be an integer, got ${describe(userVersion)}`)
  }
  if (userVersion < 0 || userVersion > 0xffff) {
    throw new FoundError(ErrorCode.invalidArgument, `${what}: userVersion must be in 0..65535, got ${userVersion}`)
  }
  return userVersion
}

function requireTrVersion(tr: unknown, what: string): Uint8Array {
  if (!(tr instanceof Uint8Array)) {
    throw new TypeError(`${what}: transactionVersion must be a Uint8Array (or Buffer), got ${describe(tr)}`)
  }
  if (tr.length !== 10) {
    throw new FoundError(ErrorCode.invalidArgument, `${what}: transactionVersion must be 10 bytes long, got ${tr.length}`)
  }
  if (isIncompleteMarker(tr, 0)) {
    throw new FoundError(
      ErrorCode.invalidArgument,
      `${what}: ten 0xff bytes mark an incomplete versionstamp; use Versionstamp.incomplete() instead`,
    )
  }
  return tr
}

/** Whether the 10 bytes at `at` are all 0xff, the placeholder of an incomplete versionstamp. @internal */
export function isIncompleteMarker(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 10; i++) if (bytes[i] !== 0xff) return false
  return true
}

/**
 * A 96-bit versionstamp: the 10-byte transaction version FoundationDB assigns
 * at commit (8-byte big-endian commit version + 2-byte batch order) followed
 * by a 2-byte user version that orders several versionstamps of one
 * transaction.
 *
 * An *incomplete* versionstamp has no transaction version yet; it can only be
 * packed with {@link packWithVersionstamp}, whose result is the key (or value)
 * of a `set_versionstamped_key` (or `_value`) operation. Its bytes are ten
 * 0xff followed by the user version, so the tuple decoder reads ten 0xff
 * bytes back as an incomplete versionstamp.
 *
 * @example
 * ```ts
 * const key = packWithVersionstamp(['log', Versionstamp.incomplete(0)])
 * const done = Versionstamp.complete(Buffer.from('00000000000000010002', 'hex'), 7)
 * pack(['log', done])
 * ```
 */
export class Versionstamp {
  /** The 10-byte transaction version, or null when incomplete (owned). @internal */
  readonly tr: Uint8Array | null
  /**
   * The 2-byte user version, 0..65535: orders the versionstamps of one transaction.
   *
   * @example
   * ```ts
   * Versionstamp.incomplete(4).userVersion // 4
   * ```
   */
  readonly userVersion: number

  private constructor(tr: Uint8Array | null, userVersion: number) {
    this.tr = tr
    this.userVersion = userVersion
  }

  /**
   * A versionstamp whose transaction version the database fills in at commit.
   *
   * @param userVersion - 0..65535 (default 0)
   * @throws TypeError when `userVersion` is not an integer; FoundError (invalidArgument) when out of range
   * @example
   * ```ts
   * packWithVersionstamp(['events', Versionstamp.incomplete(1)])
   * ```
   */
  static incomplete(userVersion = 0): Versionstamp {
    return new Versionstamp(null, requireUserVersion(userVersion, 'Versionstamp.incomplete'))
  }

  /**
   * A complete versionstamp.
   *
   * @param transactionVersion - the 10 bytes a commit returned (copied); ten
   *   0xff bytes are refused, as they mark an incomplete versionstamp
   * @param userVersion - 0..65535 (default 0)
   * @throws TypeError for arguments of the wrong type; FoundError (invalidArgument) for wrong lengths or ranges
   * @example
   * ```ts
   * const vs = Versionstamp.complete(await tx.getVersionstamp(), 0)
   * ```
   */
  static complete(transactionVersion: Uint8Array, userVersion = 0): Versionstamp {
    const tr = requireTrVersion(transactionVersion, 'Versionstamp.complete')
    return new Versionstamp(new Uint8Array(tr), requireUserVersion(userVersion, 'Versionstamp.complete'))
  }

  /**
   * The versionstamp whose 12 bytes are `bytes` (10-byte transaction version
   * + 2-byte big-endian user version); ten 0xff bytes give an incomplete one.
   *
   * @throws TypeError when `bytes` is not a Uint8Array; FoundError (invalidArgument) when it is not 12 bytes
   * @example
   * ```ts
   * Versionstamp.fromBytes(vs.toBytes()).equals(vs) // true
   * ```
   */
  static fromBytes(bytes: Uint8Array): Versionstamp {
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`Versionstamp.fromBytes: bytes must be a Uint8Array (or Buffer), got ${describe(bytes)}`)
    }
    if (bytes.length !== 12) {
      throw new FoundError(ErrorCode.invalidArgument, `Versionstamp.fromBytes: a versionstamp is 12 bytes, got ${bytes.length}`)
    }
    return Versionstamp.read(bytes, 0)
  }

  /** The versionstamp in the 12 bytes at `at` (bounds already checked). @internal */
  static read(bytes: Uint8Array, at: number): Versionstamp {
    const userVersion = (bytes[at + 10]! << 8) | bytes[at + 11]!
    if (isIncompleteMarker(bytes, at)) return new Versionstamp(null, userVersion)
    const tr = new Uint8Array(10)
    // Stryker disable next-line EqualityOperator: an equivalent mutant: <= also writes tr[10], past the end of the 10-byte array, which a typed array ignores
    for (let i = 0; i < 10; i++) tr[i] = bytes[at + i]!
    return new Versionstamp(tr, userVersion)
  }

  /**
   * Whether the transaction version is known.
   *
   * @example
   * ```ts
   * Versionstamp.incomplete().isComplete() // false
   * ```
   */
  isComplete(): boolean {
    return this.tr !== null
  }

  /**
   * A copy of the 10-byte transaction version, or `null` when incomplete.
   *
   * @example
   * ```ts
   * vs.transactionVersion // <00 00 00 00 00 00 00 01 00 02>
   * ```
   */
  get transactionVersion(): Uint8Array | null {
    return this.tr === null ? null : Buffer.from(this.tr)
  }

  /**
   * This incomplete versionstamp completed with the transaction version a
   * commit returned (same user version).
   *
   * @throws FoundError (invalidArgument) when this versionstamp is already complete, or for a bad `transactionVersion`
   * @example
   * ```ts
   * const stamp = Versionstamp.incomplete(3)
   * // ... commit, then:
   * const done = stamp.completed(await versionstampPromise)
   * ```
   */
  completed(transactionVersion: Uint8Array): Versionstamp {
    if (this.tr !== null) {
      throw new FoundError(ErrorCode.invalidArgument, 'Versionstamp.completed: this versionstamp is already complete')
    }
    return Versionstamp.complete(transactionVersion, this.userVersion)
  }

  /**
   * The 12 bytes: transaction version (ten 0xff when incomplete) then the
   * big-endian user version.
   *
   * @example
   * ```ts
   * Versionstamp.incomplete(1).toBytes() // <ff ff ff ff ff ff ff ff ff ff 00 01>
   * ```
   */
  toBytes(): Uint8Array {
    const out = Buffer.allocUnsafe(12)
    this.writeTo(out, 0)
    return out
  }

  /** Writes the 12 bytes into `out` at `at`. @internal */
  writeTo(out: Uint8Array, at: number): void {
    const tr = this.tr
    // Stryker disable next-line EqualityOperator: an equivalent mutant: <= also writes out[at + 10], which the user version overwrites below
    if (tr === null) for (let i = 0; i < 10; i++) out[at + i] = 0xff
    else /* Stryker disable next-line EqualityOperator: an equivalent mutant: <= also writes out[at + 10], which the user version overwrites below */ for (let i = 0; i < 10; i++) out[at + i] = tr[i]!
    out[at + 10] = this.userVersion >>> 8
    out[at + 11] = this.userVersion & 0xff
  }

  /**
   * Whether both have the same transaction version (or are both incomplete)
   * and the same user version.
   *
   * @example
   * ```ts
   * Versionstamp.incomplete(1).equals(Versionstamp.incomplete(1)) // true
   * ```
   */
  equals(other: Versionstamp): boolean {
    return other instanceof Versionstamp && this.compareTo(other) === 0
  }

  /**
   * Compares by transaction version, then user version; incomplete
   * versionstamps sort after complete ones (their bytes are 0xff). This is
   * the order of the packed bytes.
   *
   * @returns negative, 0 or positive as `this` sorts before, with or after `other`
   * @example
   * ```ts
   * Versionstamp.complete(tr, 5).compareTo(Versionstamp.incomplete(0)) // < 0
   * ```
   */
  compareTo(other: Versionstamp): number {
    const a = this.tr
    const b = other.tr
    if (a !== b) {
      if (a === null) return 1
      if (b === null) return -1
      // Stryker disable next-line EqualityOperator: an equivalent mutant: with <= the loop also compares a[10] and b[10], both undefined, so equal
      for (let i = 0; i < 10; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
    }
    return this.userVersion - other.userVersion
  }

  /**
   * Text form: `Versionstamp(<20 hex digits>, userVersion)`, or
   * `Versionstamp(incomplete, userVersion)`.
   *
   * @example
   * ```ts
   * String(Versionstamp.incomplete(2)) // 'Versionstamp(incomplete, 2)'
   * ```
   */
  toString(): string {
    let tr = 'incomplete'
    if (this.tr !== null) {
      tr = ''
      for (const b of this.tr) tr += HEX[b]
    }
    return `Versionstamp(${tr}, ${this.userVersion})`
  }

  /** How `console.log` and `util.inspect` show it. @internal */
  [inspectCustom](): string {
    return this.toString()
  }
}
