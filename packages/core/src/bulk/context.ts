import { describe } from '../keys/bytes.js'
import { Database } from '../api/database.js'
import { Transaction } from '../api/transaction.js'
import { transactional } from '../api/transactional.js'

/**
 * Where an operation runs: in a transaction of yours (it joins it; you
 * commit), or on a database (it runs in a transaction of its own, with
 * {@link transactional}'s retries).
 *
 * @example
 * ```ts
 * await users.set(db, ['ada'], { age: 36 })          // its own transaction
 * await transactional(db, (tx) => users.set(tx, ['ada'], { age: 36 })) // yours
 * ```
 */
export type DbOrTx = Database | Transaction

/**
 * Runs `fn` in `where`: directly when it is a transaction, in
 * {@link transactional} when it is a database.
 * @throws TypeError when `where` is neither
 * @internal
 */
export async function inTransaction<R>(where: DbOrTx, what: string, fn: (tx: Transaction) => R | Promise<R>): Promise<Awaited<R>> {
  if (where instanceof Transaction) return await fn(where)
  if (where instanceof Database) return await transactional(where, fn)
  throw new TypeError(`${what}: the first argument must be a Database or a Transaction, got ${describe(where)}`)
}

/** Throws a TypeError unless `where` is a Database or a Transaction. @internal */
export function requireDbOrTx(where: unknown, what: string): DbOrTx {
  if (where instanceof Transaction || where instanceof Database) return where
  throw new TypeError(`${what}: the first argument must be a Database or a Transaction, got ${describe(where)}`)
}
