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
 * Runs `fn` in `where`: directly when it is a transaction (the caller
 * commits), in {@link transactional} when it is a database (its own
 * transaction, with retries). This is how every layer operation accepts a
 * {@link DbOrTx} as its first argument.
 *
 * @param where - a database or a transaction
 * @param what - the operation's name, for the error message
 * @param fn - the body; it may run more than once when `where` is a database
 * @throws TypeError when `where` is neither
 * @example
 * ```ts
 * export function addFact(tx: DbOrTx, key: Uint8Array) {
 *   return inTransaction(tx, 'facts.add', (t) => set(t, key, Buffer.alloc(0)))
 * }
 * ```
 */
export async function inTransaction<R>(where: DbOrTx, what: string, fn: (tx: Transaction) => R | Promise<R>): Promise<Awaited<R>> {
  if (where instanceof Transaction) return await fn(where)
  if (where instanceof Database) return await transactional(where, fn)
  throw new TypeError(`${what}: the first argument must be a Database or a Transaction, got ${describe(where)}`)
}

/**
 * Checks a layer operation's first argument: returns it when it is a
 * Database or a Transaction, else throws a TypeError that names the
 * operation. For operations that read later (a lazy result), so that a wrong
 * argument fails at the call, as {@link inTransaction} does for the others.
 *
 * @param where - the operation's first argument
 * @param what - the operation's name, for the error message
 * @throws TypeError when `where` is neither
 * @example
 * ```ts
 * export function scan(tx: DbOrTx, prefix: Uint8Array): AsyncIterable<KeyValue> {
 *   requireDbOrTx(tx, 'facts.scan') // fails here, not at the first read
 *   return readLater(tx, prefix)
 * }
 * ```
 */
export function requireDbOrTx(where: unknown, what: string): DbOrTx {
  if (where instanceof Transaction || where instanceof Database) return where
  throw new TypeError(`${what}: the first argument must be a Database or a Transaction, got ${describe(where)}`)
}
