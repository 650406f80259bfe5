/**
 * Resumable and counting reads of one pattern: {@link selectPage} and {@link count}.
 *
 * @module
 */
import { inTransaction, query as rangeQuery, requireKnownOptions, scanPage, type DbOrTx } from '@foundkit/core'
import { compiled, type NStore } from './store.js'
import { bindingsOf, keyMatches, planScan } from './pattern.js'
import { describe, requireCount, requireDbOrTx } from './checks.js'
import type { Bindings, Pattern } from './variables.js'

const NO_BINDINGS: Bindings = Object.freeze({})

/**
 * Options of {@link selectPage}.
 * @example
 * ```ts
 * const options: nstore.SelectPageOptions = { limit: 1000, continuation: saved }
 * ```
 */
export interface SelectPageOptions {
  /**
   * At most this many keys read for the page; 0 (the default) means no limit.
   * A repeated variable may filter some out, so a page can hold fewer bindings.
   * @example
   * ```ts
   * nstore.selectPage(tx, triples, pattern, { limit: 100 })
   * ```
   */
  limit?: number
  /**
   * Where to resume: the `continuation` of an earlier page of the same
   * pattern; omit or pass null to start at the beginning.
   * @example
   * ```ts
   * nstore.selectPage(tx, triples, pattern, { limit: 100, continuation: page.continuation })
   * ```
   */
  continuation?: string | null
}

/**
 * One page of {@link select}'s matches.
 * @example
 * ```ts
 * const { items, continuation } = await nstore.selectPage(db, triples, pattern, { limit: 100 })
 * ```
 */
export interface SelectPage {
  /**
   * The bindings of this page, in index order.
   * @example
   * ```ts
   * for (const { who } of page.items) console.log(who)
   * ```
   */
  readonly items: Bindings[]
  /**
   * Pass it as `continuation` for the next page (in this or a later
   * transaction); null when there are no more matches.
   * @example
   * ```ts
   * if (page.continuation === null) console.log('done')
   * ```
   */
  readonly continuation: string | null
}

/**
 * One page of the matches of `pattern`, and a continuation to read the next
 * page later, in another transaction if need be (core's `scanPage`): how to
 * page through millions of matches. Pages read in different transactions
 * see the store as of each transaction.
 *
 * @param tx - a Database (its own transaction) or a Transaction
 * @param store - the handle from {@link make}
 * @param pattern - `store.n` tuple items or {@link Variable}s
 * @param options - `limit` and `continuation`
 * @throws TypeError or FoundError (invalidArgument) for a malformed pattern,
 *   unknown options, or a continuation of another pattern
 * @example
 * ```ts
 * let continuation: string | null = null
 * do {
 *   const page = await nstore.selectPage(db, triples, [who, 'follows', 'ada'], { limit: 1000, continuation })
 *   for (const { who } of page.items) notify(who)
 *   continuation = page.continuation
 * } while (continuation !== null)
 * ```
 */
export function selectPage(tx: DbOrTx, store: NStore, pattern: Pattern, options?: SelectPageOptions): Promise<SelectPage> {
  const what = 'nstore.selectPage'
  try {
    requireDbOrTx(tx, what)
    const s = compiled(store, what)
    const { limit = 0, continuation = null } = requireKnownOptions(what, options, ['limit', 'continuation'])
    requireCount(limit, `${what}: limit`)
    if (continuation !== null && typeof continuation !== 'string') {
      throw new TypeError(`${what}: continuation must be a string or null, got ${describe(continuation)}`)
    }
    const scan = planScan(s, pattern, NO_BINDINGS, what)
    return inTransaction(tx, what, async (t) => {
      const page = await scanPage(t, scan.begin, scan.end, { limit, continuation })
      const items: Bindings[] = []
      for (const [key] of page.items) {
        const bindings = bindingsOf(scan.template, scan.prefix.length, key, NO_BINDINGS)
        if (bindings !== null) items.push(bindings)
      }
      return { items, continuation: page.continuation }
    })
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * The exact number of tuples of `store` that match `pattern`: one key scan
 * of one index, no value decoded and no binding made (keys are decoded only
 * to check a repeated variable). Runs in one transaction, so keep it to
 * ranges that read in a few seconds (a few million keys).
 *
 * @param tx - a Database (its own transaction) or a Transaction
 * @param store - the handle from {@link make}
 * @param pattern - `store.n` tuple items or {@link Variable}s
 * @throws TypeError or FoundError (invalidArgument) for a malformed pattern
 * @example
 * ```ts
 * await nstore.count(db, triples, [nstore.v('who'), 'follows', 'ada']) // 2
 * ```
 */
export function count(tx: DbOrTx, store: NStore, pattern: Pattern): Promise<number> {
  const what = 'nstore.count'
  try {
    requireDbOrTx(tx, what)
    const scan = planScan(compiled(store, what), pattern, NO_BINDINGS, what)
    return inTransaction(tx, what, async (t) => {
      let total = 0
      for await (const batch of rangeQuery(t, scan.begin, scan.end, { mode: 'want_all' }).byPackedBatch()) {
        if (scan.template.equalities.length === 0) total += batch.length
        else for (let i = 0; i < batch.length; i++) if (keyMatches(scan.template, scan.prefix.length, batch.key(i))) total++
      }
      return total
    })
  } catch (error) {
    return Promise.reject(error)
  }
}
