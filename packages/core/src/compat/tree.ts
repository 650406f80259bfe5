import { query } from '../api/query.js'
import type { TupleItem } from '../tuple/index.js'
import { inTransaction, type DbOrTx } from '../bulk/context.js'
import { Entries } from './entries.js'
import type { Entry } from './entry.js'
import { keyAfter } from './util.js'

/**
 * An ordered tree of versioned entries (AStorage / AcapellaDB's
 * distributed tree, `DT`): everything {@link Entries} does, plus walking
 * from a key to the next or previous one, and {@link Tree.cursor}.
 * Keys are tuples, in tuple order (so `['b', 1]` comes after `['b']` and
 * before `['c']`).
 *
 * @typeParam T - the type of the values
 * @example
 * ```ts
 * const tree = new Tree(['test', 'tree'], stringCodec)
 * for (const [k, v] of [['a', '1'], ['b', '2'], ['c', '3'], ['d', '4'], ['e', '5']]) await tree.cursor([k]).set(db, v)
 * (await tree.cursor(['b']).next(db))?.key                          // ['c']
 * (await tree.cursor(['b']).prev(db))?.key                          // ['a']
 * (await tree.range(db, { first: ['a'], last: ['d'], limit: 2 })).map((e) => e.key) // [['b'], ['c']]
 * ```
 */
export class Tree<T> extends Entries<T> {
  /**
   * The first entry after `key` (which need not exist), or null.
   * @example
   * ```ts
   * const next = await tree.next(db, ['b']) // the entry at ['c']
   * ```
   */
  async next(where: DbOrTx, key: readonly TupleItem[]): Promise<Entry<T> | null> {
    const begin = keyAfter(this.keyOf(key, 'next'))
    const { end } = this.subspace.range()
    return inTransaction(where, 'Tree.next', async (tx) => {
      const [kv] = await query(tx, begin, end, { limit: 1 }).toArray()
      return kv === undefined ? null : this.fromPair(kv)
    })
  }

  /**
   * The last entry before `key` (which need not exist), or null.
   * @example
   * ```ts
   * const prev = await tree.prev(db, ['b']) // the entry at ['a']
   * ```
   */
  async prev(where: DbOrTx, key: readonly TupleItem[]): Promise<Entry<T> | null> {
    const end = this.keyOf(key, 'prev')
    const { begin } = this.subspace.range()
    return inTransaction(where, 'Tree.prev', async (tx) => {
      const [kv] = await query(tx, begin, end, { limit: 1, reverse: true }).toArray()
      return kv === undefined ? null : this.fromPair(kv)
    })
  }

  /**
   * A cursor at `key` (the seed's `tree.cursor(key)`): a handle to read,
   * write and walk from one position.
   * @example
   * ```ts
   * await tree.cursor(['a']).set(db, '1')
   * ```
   */
  cursor(key: readonly TupleItem[]): Cursor<T> {
    this.keyOf(key, 'cursor')
    return new Cursor(this, Object.freeze([...key]))
  }
}

/**
 * A position in a {@link Tree}: its key, and the tree's operations at that
 * key. Immutable; walking gives entries, and `tree.cursor(entry.key)` moves on.
 *
 * @typeParam T - the type of the values
 * @example
 * ```ts
 * let e = await tree.cursor(['a']).next(db)
 * while (e !== null) { console.log(e.key); e = await tree.cursor(e.key).next(db) }
 * ```
 */
export class Cursor<T> {
  /** @internal Use {@link Tree.cursor}. */
  constructor(
    /**
     * The tree.
     * @example
     * ```ts
     * cursor.tree.subspace
     * ```
     */
    readonly tree: Tree<T>,
    /**
     * The key the cursor is at.
     * @example
     * ```ts
     * tree.cursor(['b']).key // ['b']
     * ```
     */
    readonly key: readonly TupleItem[],
  ) {}

  /**
   * The entry at the cursor ({@link Entries.get}).
   * @example
   * ```ts
   * const e = await tree.cursor(['b']).get(db)
   * ```
   */
  get(where: DbOrTx): Promise<Entry<T>> {
    return this.tree.get(where, this.key)
  }

  /**
   * Sets the value at the cursor ({@link Entries.set}).
   * @example
   * ```ts
   * await tree.cursor(['b']).set(db, '2')
   * ```
   */
  set(where: DbOrTx, value: T): Promise<Entry<T>> {
    return this.tree.set(where, this.key, value)
  }

  /**
   * Deletes the entry at the cursor ({@link Entries.delete}).
   * @example
   * ```ts
   * await tree.cursor(['b']).delete(db)
   * ```
   */
  delete(where: DbOrTx): Promise<boolean> {
    return this.tree.delete(where, this.key)
  }

  /**
   * The first entry after the cursor, or null ({@link Tree.next}).
   * @example
   * ```ts
   * (await tree.cursor(['b']).next(db))?.key // ['c']
   * ```
   */
  next(where: DbOrTx): Promise<Entry<T> | null> {
    return this.tree.next(where, this.key)
  }

  /**
   * The last entry before the cursor, or null ({@link Tree.prev}).
   * @example
   * ```ts
   * (await tree.cursor(['b']).prev(db))?.key // ['a']
   * ```
   */
  prev(where: DbOrTx): Promise<Entry<T> | null> {
    return this.tree.prev(where, this.key)
  }
}
