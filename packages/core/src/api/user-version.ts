import { ErrorCode, FoundError } from '../errors.js'
import type { EngineTransaction } from '../engine/types.js'
import { requireTransaction, type Transaction } from './transaction.js'

/** The next user version of each transaction (shared by its snapshot view). */
const next = new WeakMap<EngineTransaction, number>()

/**
 * The next user version of `tx`: 0, then 1, 2, ... for each call on the same
 * transaction (its retries included), for the 2-byte user version of an
 * incomplete versionstamp (`Versionstamp.incomplete(nextUserVersion(tx))`),
 * so that several versionstamped keys of one transaction differ and keep the
 * order they were made in. The Node binding's `getNextTransactionID`, which
 * its tuple encoder calls for the same purpose.
 *
 * @throws TypeError when `tx` is not a Transaction; FoundError `invalidArgument`
 *   after 65,536 calls on one transaction (the user version has 2 bytes)
 * @example
 * ```ts
 * const key = packWithVersionstamp(['log', Versionstamp.incomplete(nextUserVersion(tx))])
 * setVersionstampedKey(tx, key, value)
 * ```
 */
export function nextUserVersion(tx: Transaction): number {
  requireTransaction(tx, 'nextUserVersion')
  const version = next.get(tx.engineTx) ?? 0
  if (version > 0xffff) {
    throw new FoundError(ErrorCode.invalidArgument, 'nextUserVersion: a transaction has 65,536 user versions (2 bytes); split the writes into several transactions')
  }
  next.set(tx.engineTx, version + 1)
  return version
}
