/**
 * Writing and reading single tuples: {@link add}, {@link remove}, {@link get}.
 * Every key of a tuple is made by one path ({@link keyOf}), so `remove`
 * clears exactly the keys `add` wrote.
 *
 * @module
 */
import {
  ErrorCode,
  FoundError,
  clear,
  get as getKey,
  inTransaction,
  packWithVersionstamp,
  set,
  setVersionstampedKey,
  Transaction,
  type DbOrTx,
  type TupleItem,
} from '@foundkit/core'
import { compiled, TRANSACTION_LIMIT, VALUE_LIMIT, KEY_LIMIT, type Compiled, type NStore } from './store.js'
import { encodeTuple, keyOf, requireTuple } from './keys.js'
import { incompleteVersionstamps, requireBytes, requireDbOrTx } from './checks.js'

const EMPTY = Buffer.alloc(0)
const DONE: Promise<void> = Promise.resolve()

/**
 * Adds `tuple` to `store` with `value`, in the database or transaction
 * `tx`: one key per index (C(n, ⌊n/2⌋) writes, no read). Adding a tuple
 * that is there already replaces its value.
 *
 * A tuple may hold one incomplete `Versionstamp` (at any depth): every
 * index key is then written with `setVersionstampedKey`, and the tuple is
 * readable with the completed versionstamp once the transaction commits.
 *
 * Re-running it on top of its own effects is harmless (the same keys get the
 * same value), except with an incomplete versionstamp: a second run writes
 * a second tuple with another versionstamp.
 *
 * @param tx - a Database (its own transaction, with retries) or a Transaction (joined; you commit)
 * @param store - the handle from {@link make}
 * @param tuple - `store.n` tuple items
 * @param value - bytes kept with the tuple (default empty), at most 100,000
 * @throws TypeError for arguments of the wrong type (a variable in `tuple` included)
 * @throws FoundError invalidArgument for a tuple of the wrong length or with
 *   more than one incomplete versionstamp; valueTooLarge, keyTooLarge, or
 *   transactionTooLarge when the writes would break FoundationDB's limits
 *   (nothing is written then)
 * @example
 * ```ts
 * await nstore.add(db, triples, ['hyper.dev', 'title', 'hyper.dev'])
 * await nstore.add(db, triples, ['ada', 'age', 36], Buffer.from('source: census'))
 * ```
 */
export function add(tx: DbOrTx, store: NStore, tuple: readonly TupleItem[], value: Uint8Array = EMPTY): Promise<void> {
  const what = 'nstore.add'
  try {
    requireDbOrTx(tx, what)
    const s = compiled(store, what)
    const items = requireTuple(s, tuple, what)
    requireBytes(value, `${what}: value`)
    if (value.length > VALUE_LIMIT) {
      throw new FoundError(ErrorCode.valueTooLarge, `${what}: the value is ${value.length} bytes, over FoundationDB's ${VALUE_LIMIT}-byte value limit`)
    }
    const stamps = items.reduce<number>((sum, item) => sum + incompleteVersionstamps(item), 0)
    if (stamps > 1) {
      throw new FoundError(ErrorCode.invalidArgument, `${what}: the tuple holds ${stamps} incomplete Versionstamps; at most one is allowed`)
    }
    const keys = stamps === 0 ? keysOf(s, encodeTuple(s, items, what), what) : versionstampedKeys(s, items, what)
    const bytes = keys.reduce((sum, key) => sum + key.length + value.length, 0)
    if (bytes > TRANSACTION_LIMIT) {
      throw new FoundError(
        ErrorCode.transactionTooLarge,
        `${what}: this tuple and value make ${keys.length} keys and ${bytes} bytes, over FoundationDB's ${TRANSACTION_LIMIT}-byte transaction limit`,
      )
    }
    const write = stamps === 0 ? set : setVersionstampedKey
    if (tx instanceof Transaction) {
      // Joined: write at once (no async wrapper per add: loads call this 100,000s of times).
      for (const key of keys) write(tx, key, value)
      return DONE
    }
    return inTransaction(tx, what, (t) => {
      for (const key of keys) write(t, key, value)
    })
  } catch (error) {
    return Promise.reject(error)
  }
}

/** The key of a tuple in every index, index 0 first. */
function keysOf(store: Compiled, encoded: readonly Uint8Array[], what: string): Buffer[] {
  return store.indexes.map((_, i) => keyOf(store, i, encoded, what))
}

/** Every index key of a tuple that holds one incomplete versionstamp, for `setVersionstampedKey`. */
function versionstampedKeys(store: Compiled, tuple: readonly TupleItem[], what: string): Uint8Array[] {
  return store.indexes.map((permutation, i) => {
    const key = packWithVersionstamp(
      permutation.map((column) => tuple[column]!),
      store.indexPrefixes[i],
    )
    if (key.length - 4 > KEY_LIMIT) {
      throw new FoundError(ErrorCode.keyTooLarge, `${what}: a key of ${key.length - 4} bytes is over FoundationDB's ${KEY_LIMIT}-byte key limit`)
    }
    return key
  })
}

/**
 * Removes `tuple` from `store`, in the database or transaction `tx`: one
 * read (index 0), then a clear per index. Re-running it on top of its own
 * effects is harmless (nothing is left to clear).
 *
 * @param tx - a Database (its own transaction, with retries) or a Transaction (joined; you commit)
 * @param store - the handle from {@link make}
 * @param tuple - `store.n` tuple items
 * @returns whether the tuple was there when the call began: on a Database,
 *   an attempt that found it and a retry that finds it gone (the first
 *   attempt's commit went through before a commit_unknown_result) still
 *   say `true`; in your Transaction, your retry calls `remove` again and
 *   that new call says `false`
 * @throws TypeError for arguments of the wrong type
 * @throws FoundError invalidArgument for a tuple of the wrong length or with an incomplete versionstamp
 * @example
 * ```ts
 * await nstore.remove(db, triples, ['hyper.dev', 'title', 'hyper.dev']) // true
 * await nstore.remove(db, triples, ['hyper.dev', 'title', 'hyper.dev']) // false
 * ```
 */
export function remove(tx: DbOrTx, store: NStore, tuple: readonly TupleItem[]): Promise<boolean> {
  const what = 'nstore.remove'
  try {
    requireDbOrTx(tx, what)
    const s = compiled(store, what)
    const encoded = encodeTuple(s, tuple, what)
    const keys = keysOf(s, encoded, what)
    let foundBefore = false // across the attempts of this call
    return inTransaction(tx, what, async (t) => {
      if ((await getKey(t, keys[0]!)) === null) return foundBefore
      foundBefore = true
      for (const key of keys) clear(t, key)
      return true
    })
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * The value kept with `tuple` in `store`, or null when the tuple is not
 * there (an empty value is an empty Buffer, never null). One read.
 *
 * @param tx - a Database or a Transaction
 * @param store - the handle from {@link make}
 * @param tuple - `store.n` tuple items
 * @throws TypeError for arguments of the wrong type
 * @throws FoundError invalidArgument for a tuple of the wrong length or with an incomplete versionstamp
 * @example
 * ```ts
 * await nstore.get(db, triples, ['ada', 'age', 36]) // <Buffer 73 6f ...> or null
 * ```
 */
export function get(tx: DbOrTx, store: NStore, tuple: readonly TupleItem[]): Promise<Uint8Array | null> {
  const what = 'nstore.get'
  try {
    requireDbOrTx(tx, what)
    const s = compiled(store, what)
    const key = keyOf(s, 0, encodeTuple(s, tuple, what), what)
    return inTransaction(tx, what, (t) => getKey(t, key))
  } catch (error) {
    return Promise.reject(error)
  }
}
