import { ErrorCode, FoundError } from '../errors.js'
import { requireBytes } from '../keys/bytes.js'
import { requireTransaction, type Transaction } from './transaction.js'

/**
 * The network addresses of the storage servers that hold `key`
 * (FoundationDB's `getAddressesForKey`, `"ip:port"` strings, with `:tls` when
 * the cluster uses TLS): what a job uses to run next to its data. Supported on
 * the FoundationDB engine, which asks the cluster; refused on the embedded
 * engine and on any engine that has no storage servers to name.
 *
 * @throws TypeError when `tx` is not a Transaction or `key` is not bytes;
 *   FoundError `unsupported` (9007) on an engine without storage servers
 *   (the embedded engine: every key is in this process)
 * @example
 * ```ts
 * const addresses = await getAddressesForKey(tx, key) // on FoundationDB: ['10.0.0.7:4500', ...]
 * ```
 */
export async function getAddressesForKey(tx: Transaction, key: Uint8Array): Promise<string[]> {
  requireTransaction(tx, 'getAddressesForKey')
  requireBytes(key, 'getAddressesForKey: key')
  const engineTx = tx.engineTx
  if (engineTx.getAddressesForKey === undefined) {
    throw new FoundError(
      ErrorCode.unsupported,
      `getAddressesForKey is not supported on the ${tx.db.engine.kind} engine: it has no storage servers (every key is in this process)`,
    )
  }
  return engineTx.getAddressesForKey(key)
}
