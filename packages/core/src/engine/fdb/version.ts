/**
 * Conversions between foundkit's versions (`bigint`) and the binding's (an
 * 8-byte big-endian `Buffer`, which is how the `foundationdb` npm package
 * passes FoundationDB's int64 versions to and from JavaScript).
 *
 * @module
 */
import { ErrorCode, FoundError } from '../../errors.js'

/** The largest version FoundationDB can represent (int64 max). */
export const MAX_VERSION = 0x7fff_ffff_ffff_ffffn

/**
 * Reads a version the binding returned (8 bytes, big-endian, signed).
 * FoundationDB reports -1 as the committed version of a read-only
 * transaction, so the sign is kept.
 *
 * @throws FoundError (internalError) when the buffer is not 8 bytes long
 */
export function versionFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length !== 8) {
    throw new FoundError(
      ErrorCode.internalError,
      `the FoundationDB binding returned a version of ${bytes.length} bytes; expected 8`,
    )
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, 8).readBigInt64BE(0)
}

/**
 * Encodes a read version for the binding's `setReadVersion` (8 bytes,
 * big-endian).
 *
 * @throws FoundError 2011 (version_invalid) unless 0 < version ≤ 2^63-1,
 *   as FoundationDB itself requires
 */
export function versionToBytes(version: bigint): Buffer {
  if (typeof version !== 'bigint') {
    throw new FoundError(ErrorCode.invalidArgument, `a version must be a bigint, got ${typeof version}`)
  }
  if (version <= 0n || version > MAX_VERSION) {
    throw new FoundError(
      ErrorCode.versionInvalid,
      `read version ${version} is not valid: FoundationDB versions are positive 64-bit integers`,
    )
  }
  const out = Buffer.alloc(8)
  out.writeBigInt64BE(version, 0)
  return out
}
