import { createHash } from 'node:crypto'
import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'

/**
 * Continuation tokens: where a scan stopped, bound to the scan's query.
 *
 * A token is base64url text of
 * `[format 1][flags 1][query hash 8][last key ...][check 4]`:
 * - the query hash is the first 8 bytes of SHA-256 over (begin, end,
 *   reverse), so a token handed to a different query is recognised;
 * - flag bit 0 says whether a last key follows (without it the token means
 *   "from the start", which is what an unstarted scan reports);
 * - the check is the first 4 bytes of SHA-256 over everything before it,
 *   so a truncated or edited token is recognised too.
 *
 * @internal
 */

const FORMAT = 1
const HASH_BYTES = 8
const CHECK_BYTES = 4
const HEADER_BYTES = 2 + HASH_BYTES
const BASE64URL = /^[A-Za-z0-9_-]*$/

/** What a continuation is bound to. @internal */
export interface ScanQuery {
  readonly begin: Uint8Array
  readonly end: Uint8Array
  readonly reverse: boolean
}

function queryHash(q: ScanQuery): Buffer {
  const lengths = Buffer.alloc(8)
  lengths.writeUInt32BE(q.begin.length, 0)
  lengths.writeUInt32BE(q.end.length, 4)
  return createHash('sha256')
    .update('foundkit.scan\0')
    .update(lengths)
    .update(q.begin)
    .update(q.end)
    .update(q.reverse ? '\x01' : '\x00')
    .digest()
    .subarray(0, HASH_BYTES)
}

function check(body: Uint8Array): Buffer {
  return createHash('sha256').update(body).digest().subarray(0, CHECK_BYTES)
}

/** The token for "resume after `lastKey`" (null: from the start). @internal */
export function encodeContinuation(q: ScanQuery, lastKey: Uint8Array | null): string {
  const body = Buffer.concat([Buffer.from([FORMAT, lastKey === null ? 0 : 1]), queryHash(q), lastKey ?? Buffer.alloc(0)])
  return Buffer.concat([body, check(body)]).toString('base64url')
}

/**
 * Reads a token made by {@link encodeContinuation} for the same query.
 * @returns the last key delivered, or null for "from the start"
 * @throws TypeError when `token` is not a string
 * @throws FoundError (invalidArgument) when the token is malformed, or was made by another query
 * @internal
 */
export function decodeContinuation(token: unknown, q: ScanQuery, what: string): Uint8Array | null {
  if (typeof token !== 'string') throw new TypeError(`${what}: continuation must be a string (a token from an earlier page) or null, got ${describe(token)}`)
  const bytes = BASE64URL.test(token) ? Buffer.from(token, 'base64url') : null
  if (bytes === null || bytes.length < HEADER_BYTES + CHECK_BYTES || bytes[0] !== FORMAT || (bytes[1]! & ~1) !== 0) {
    throw malformed(what)
  }
  const body = bytes.subarray(0, bytes.length - CHECK_BYTES)
  if (!check(body).equals(bytes.subarray(bytes.length - CHECK_BYTES))) throw malformed(what)
  if (!queryHash(q).equals(body.subarray(2, HEADER_BYTES))) {
    throw new FoundError(
      ErrorCode.invalidArgument,
      `${what}: the continuation belongs to another query (a different begin, end or direction); a continuation only resumes the scan that produced it`,
    )
  }
  const hasKey = bytes[1] === 1
  const lastKey = body.subarray(HEADER_BYTES)
  if (!hasKey) {
    if (lastKey.length !== 0) throw malformed(what)
    return null
  }
  if (Buffer.compare(lastKey, q.begin) < 0 || Buffer.compare(lastKey, q.end) >= 0) throw malformed(what)
  return Buffer.from(lastKey)
}

function malformed(what: string): FoundError {
  return new FoundError(ErrorCode.invalidArgument, `${what}: the continuation is not a valid token (truncated, edited, or not made by foundkit)`)
}
