/**
 * `suggest`: autocomplete from the term dictionary.
 *
 * @module
 */
import { inTransaction, requireKnownOptions, type DbOrTx } from '@foundkit/core'
import { foldAccents } from './analyzer.js'
import { termsWithPrefix } from './dictionary.js'
import { internalsOf, type PStore } from './store.js'

/** Options of {@link suggest}. */
export interface SuggestOptions {
  /**
   * At most this many terms. Default: 10.
   * @example
   * ```ts
   * pstore.suggest(db, store, 'data', { limit: 3 })
   * ```
   */
  limit?: number
}

/**
 * The most frequent indexed terms that start with `prefix` (lowercased,
 * accents removed), most frequent first (ties in term order). Terms are as
 * indexed, so stemmed in a store with a language (`databas`); use a store
 * with `language: null` to suggest whole words.
 *
 * In the database associated with `tx`; reads the dictionary range of the
 * prefix (one range scan).
 *
 * @example
 * ```ts
 * await pstore.suggest(db, store, 'dat', { limit: 2 }) // => ['databas', 'data']
 * ```
 */
export async function suggest(tx: DbOrTx, store: PStore, prefix: string, options?: SuggestOptions): Promise<string[]> {
  const what = 'pstore.suggest'
  const ix = internalsOf(store, what)
  if (typeof prefix !== 'string') throw new TypeError(`${what}: prefix must be a string`)
  const { limit = 10 } = requireKnownOptions(what, options, ['limit'])
  if (!Number.isSafeInteger(limit) || limit < 0) throw new TypeError(`${what}: limit must be a non-negative integer, got ${String(limit)}`)
  const folded = foldAccents(prefix.toLowerCase())
  const found = await inTransaction(tx, what, (t) => termsWithPrefix(t, ix, folded, limit))
  return found.map(([term]) => term)
}
