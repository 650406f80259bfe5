import { requireBytes } from '../keys/bytes.js'
import { toSelector, type KeySelector } from '../keys/selector.js'
import { requireTransaction, type Transaction } from './transaction.js'

/**
 * Reads the value of `key`: its bytes, or null when the key is absent. Sees
 * the transaction's own writes. Unless `tx` is a snapshot view, the key is
 * added to the read conflict ranges.
 *
 * @example
 * ```ts
 * const value = await transactional(db, (tx) => get(tx, pack(['user', 42])))
 * ```
 */
export function get(tx: Transaction, key: Uint8Array): Promise<Uint8Array | null> {
  // Not an async function: the engine's promise is returned as is (one promise
  // per read instead of two); bad arguments still come back as a rejection.
  try {
    requireTransaction(tx, 'get')
    requireBytes(key, 'get: key')
    return tx.engineTx.get(key, tx.isSnapshot)
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * Resolves a key selector (or a key, taken as `gte(key)`) to the key it names.
 * Past the last key it gives `0xff`; before the first, the empty key.
 *
 * @example
 * ```ts
 * const next = await getKey(tx, gt(pack(['b']))) // first key after ('b',)
 * ```
 */
export async function getKey(tx: Transaction, selector: KeySelector | Uint8Array): Promise<Uint8Array> {
  requireTransaction(tx, 'getKey')
  return tx.engineTx.getKey(toSelector(selector, 'getKey: selector'), tx.isSnapshot)
}

/**
 * Several keys read at once in one transaction (the Elevator `MGet`); the
 * reads run concurrently.
 *
 * @returns the values in the order of `keys`, null for absent keys
 * @example
 * ```ts
 * const [a, b] = await getMany(tx, [pack(['a']), pack(['b'])])
 * ```
 */
export async function getMany(tx: Transaction, keys: readonly Uint8Array[]): Promise<Array<Uint8Array | null>> {
  requireTransaction(tx, 'getMany')
  if (!Array.isArray(keys)) throw new TypeError('getMany: keys must be an array of Uint8Array')
  keys.forEach((k, i) => requireBytes(k, `getMany: keys[${i}]`))
  return Promise.all(keys.map((k) => tx.engineTx.get(k, tx.isSnapshot)))
}


