import type { KeyRange } from '../keys/bytes.js'
import { query } from './query.js'
import { requireTransaction, type Transaction } from './transaction.js'

/** Where FoundationDB lists a failed commit's conflicting read ranges. */
const PREFIX = Buffer.from('\xff\xff/transaction/conflicting_keys/', 'latin1')
const END = Buffer.concat([PREFIX, Buffer.from([0xff, 0xff])])

/**
 * The key ranges that made `tx`'s last commit fail with 1020
 * (not_committed): the ranges it read that another transaction wrote after
 * its read version. Needs the `reportConflictingKeys` option, set before the
 * commit; call it after the failed commit and before `onError` or `reset`
 * (which clear it). Empty without the option or without a conflict.
 *
 * This is the best tool for finding hot keys: count the ranges your
 * transactions conflict on. It reads FoundationDB's special keys
 * `\xff\xff/transaction/conflicting_keys/` (each range's begin with value `1`,
 * its end with value `0`), so it works the same on a cluster.
 *
 * @example
 * ```ts
 * const tx = transaction(db, { reportConflictingKeys: true })
 * try {
 *   await get(tx, counterKey)
 *   set(tx, counterKey, next)
 *   await commit(tx)
 * } catch (error) {
 *   if (error instanceof FoundError && error.code === ErrorCode.notCommitted) {
 *     console.log('conflicted on', await conflictingKeys(tx))
 *   }
 * }
 * ```
 */
export async function conflictingKeys(tx: Transaction): Promise<KeyRange[]> {
  requireTransaction(tx, 'conflictingKeys')
  const pairs = await query(tx.snapshot(), PREFIX, END).toArray()
  const ranges: KeyRange[] = []
  let begin: Uint8Array | null = null
  for (const [key, value] of pairs) {
    const at = Buffer.from(key).subarray(PREFIX.length)
    // Stryker disable next-line ConditionalExpression: an equivalent mutant: every value under the prefix is exactly one byte, '1' or '0' (on the embedded engine and on FoundationDB), so the length test never decides
    if (value.length === 1 && value[0] === 0x31) begin = at
    else if (begin !== null) {
      ranges.push({ begin, end: at })
      begin = null
    }
  }
  return ranges
}
