/**
 * Blob ids: the lowercase hex SHA-256 of the content (node:crypto).
 *
 * @module
 */
import { createHash, type Hash } from 'node:crypto'

/**
 * A blob's id: the lowercase hexadecimal SHA-256 of its bytes (64
 * characters). Anyone can compute it without the database, and the same
 * bytes always get the same id.
 *
 * @example
 * ```ts
 * const id: BlobId = await bstore.put(db, files, Buffer.from('hello'))
 * // '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
 * ```
 */
export type BlobId = string

const ID_PATTERN = /^[0-9a-f]{64}$/

/**
 * The id `bytes` would get in any store: their lowercase hex SHA-256.
 *
 * @param bytes - the content
 * @throws TypeError when `bytes` is not a Uint8Array
 * @example
 * ```ts
 * blobIdOf(new Uint8Array(0)) // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 * ```
 */
export function blobIdOf(bytes: Uint8Array): BlobId {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bstore.blobIdOf: bytes must be a Uint8Array (or Buffer), got ${describeValue(bytes)}`)
  return createHash('sha256').update(bytes).digest('hex')
}

/** A streaming SHA-256. @internal */
export function newHash(): Hash {
  return createHash('sha256')
}

/** Checks an id argument and returns its 32 bytes. @internal */
export function requireBlobId(id: unknown, what: string): Uint8Array {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new TypeError(`${what}: a blob id must be 64 lowercase hexadecimal characters (a SHA-256), got ${describeValue(id)}`)
  }
  return Buffer.from(id, 'hex')
}

/** A short description of a value for error messages. @internal */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 70 ? value.slice(0, 70) + '…' : value)})`
  return `${typeof value} ${typeof value === 'symbol' ? '' : String(value)}`.trim()
}
