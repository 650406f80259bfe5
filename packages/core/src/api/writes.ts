import { requireBytes } from '../keys/bytes.js'
import { requireTransaction, type Transaction } from './transaction.js'

/**
 * Sets `key` to `value` (both bytes). The write is part of the transaction:
 * visible to its own reads now, to others once it commits.
 *
 * @throws FoundError 2102 (key over 10,000 bytes), 2103 (value over 100,000 bytes), 2004 (system key)
 * @example
 * ```ts
 * await transactional(db, (tx) => set(tx, pack(['hello']), Buffer.from('world')))
 * ```
 */
export function set(tx: Transaction, key: Uint8Array, value: Uint8Array): void {
  requireTransaction(tx, 'set')
  requireBytes(key, 'set: key')
  if (value === undefined) throw new TypeError('set: value must be a Uint8Array (or Buffer), got undefined: set takes (tx, key, value); to remove a key use clear(tx, key)')
  requireBytes(value, 'set: value')
  tx.checkWritable('set')
  tx.engineTx.set(key, value)
}

/**
 * Clears `key`, or with `end` every key in the range [key, end) (`end`
 * itself is kept).
 *
 * @throws FoundError 2005 when `end` sorts before `key`
 * @example
 * ```ts
 * clear(tx, pack(['a']))                    // one key
 * const { begin, end } = range(pack(['a']))
 * clear(tx, begin, end)                     // every key under ('a',)
 * ```
 */
export function clear(tx: Transaction, key: Uint8Array, end?: Uint8Array): void {
  requireTransaction(tx, 'clear')
  requireBytes(key, 'clear: key')
  tx.checkWritable('clear')
  if (end === undefined) tx.engineTx.clear(key)
  else tx.engineTx.clearRange(key, requireBytes(end, 'clear: end'))
}
