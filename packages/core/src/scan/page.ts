import { ErrorCode, FoundError } from '../errors.js'
import { describe, keyAfter, requireBytes } from '../keys/bytes.js'
import type { KeyValue } from '../engine/types.js'
import type { ScanPage, ScanPageOptions } from './types.js'
import { query } from '../api/query.js'
import { requireTransaction, type Transaction } from '../api/transaction.js'
import { requireKnownOptions } from '../options/known.js'
import { decodeContinuation, encodeContinuation, type ScanQuery } from './continuation.js'

/**
 * Reads one page of the range [begin, end) in `tx`, and a continuation to
 * read the next page later, in another transaction if need be (the
 * FoundationDB Record Layer's continuations): the way to page through a
 * range too large for one transaction's 5 seconds, or to serve pages to a
 * client that comes back for more.
 *
 * The continuation is an opaque string bound to this query: handed to a
 * scan with another begin, end or direction, it is refused. It is not a
 * snapshot: pages read in different transactions see the data as of each
 * transaction, so keys written behind the continuation are not seen and keys
 * written ahead of it are.
 *
 * @param tx - the transaction to read in
 * @param begin - first key of the range (included)
 * @param end - end of the range (excluded)
 * @returns the pairs, and a continuation (null once the range is exhausted)
 * @throws TypeError for arguments of the wrong type
 * @throws FoundError invalidArgument for a malformed continuation, or one
 *   from another query; invertedRange when `begin` sorts after `end`
 * @example
 * ```ts
 * const { begin, end } = range(pack(['events']))
 * let continuation: string | null = null
 * do {
 *   const page = await transactional(db, (tx) => scanPage(tx, begin, end, { limit: 1000, continuation }))
 *   for (const [key, value] of page.items) handle(unpack(key), value)
 *   continuation = page.continuation
 * } while (continuation !== null)
 * ```
 */
export async function scanPage(tx: Transaction, begin: Uint8Array, end: Uint8Array, options: ScanPageOptions = {}): Promise<ScanPage> {
  requireTransaction(tx, 'scanPage')
  const q = checkScanQuery(begin, end, options, 'scanPage', SCAN_PAGE_OPTIONS)
  const { limit = 0, maxBytes = 0, snapshot = tx.isSnapshot, continuation = null } = options
  requireCount(limit, 'scanPage: limit')
  requireCount(maxBytes, 'scanPage: maxBytes')
  if (typeof snapshot !== 'boolean') throw new TypeError(`scanPage: snapshot must be a boolean, got ${describe(snapshot)}`)
  const last = continuation === null ? null : decodeContinuation(continuation, q, 'scanPage')
  let from = q.begin
  let to = q.end
  if (last !== null) {
    if (q.reverse) to = last
    else from = keyAfter(last)
  }
  const items: KeyValue[] = []
  let more = false
  if (Buffer.compare(from, to) < 0) {
    const mode = limit > 0 && maxBytes === 0 ? 'want_all' : 'iterator'
    const it = query(tx, from, to, { reverse: q.reverse, limit: limit > 0 ? limit + 1 : 0, snapshot, mode })[Symbol.asyncIterator]()
    let bytes = 0
    try {
      for (;;) {
        const r = await it.next()
        if (r.done === true) break
        if ((limit > 0 && items.length === limit) || (maxBytes > 0 && bytes >= maxBytes)) {
          more = true
          break
        }
        items.push(r.value)
        bytes += r.value[0].length + r.value[1].length
      }
    } finally {
      await it.return?.()
    }
  }
  return { items, continuation: more ? encodeContinuation(q, items[items.length - 1]![0]) : null }
}


/** Every key of {@link ScanPageOptions}. */
const SCAN_PAGE_OPTIONS = ['limit', 'maxBytes', 'reverse', 'continuation', 'snapshot'] as const

/** Validates begin/end/reverse of a scan, and that `options` has only `known` keys. @internal */
export function checkScanQuery(begin: Uint8Array, end: Uint8Array, options: { reverse?: boolean }, what: string, known: readonly string[]): ScanQuery {
  requireBytes(begin, `${what}: begin`)
  requireBytes(end, `${what}: end`)
  if (options === null) throw new TypeError(`${what}: options must be an object, got ${describe(options)}`)
  const { reverse = false } = requireKnownOptions(what, options, known)
  if (typeof reverse !== 'boolean') throw new TypeError(`${what}: reverse must be a boolean, got ${describe(reverse)}`)
  if (Buffer.compare(begin, end) > 0) {
    throw new FoundError(ErrorCode.invertedRange, `${what}: begin sorts after end; a scan reads [begin, end) (use reverse: true to walk it backwards)`)
  }
  return { begin: Buffer.from(begin), end: Buffer.from(end), reverse }
}

/** Throws a TypeError unless `n` is a non-negative safe integer. @internal */
export function requireCount(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new TypeError(`${what} must be a non-negative integer, got ${describe(n)}`)
  return n
}
