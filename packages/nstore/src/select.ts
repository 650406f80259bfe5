/**
 * One pattern, one scan: {@link select}, {@link where} (found's nested
 * loop), {@link selectPage} (resumable) and {@link count}.
 *
 * @module
 */
import { get as getKey, inTransaction, query as rangeQuery, requireKnownOptions, scanPage, type DbOrTx, type Transaction } from '@foundkit/core'
import { compiled, type Compiled, type NStore } from './store.js'
import { bindingsOf, keyMatches, planScan, type PlannedScan } from './pattern.js'
import { describe, requireCount, requireDbOrTx } from './checks.js'
import { Matches, type QueryStats } from './matches.js'
import type { Bindings, Pattern } from './variables.js'

const NO_BINDINGS: Bindings = Object.freeze({})

/** The bindings of one planned scan, extending `seed`. */
export async function* scanBindings(tx: Transaction, scan: PlannedScan, seed: Bindings, stats: QueryStats | null): AsyncGenerator<Bindings> {
  if (stats !== null) stats.scans++
  if (scan.outputs.length === 0 && scan.equalities.length === 0) {
    // Every column bound: one point read.
    if ((await getKey(tx, scan.prefix)) === null) return
    if (stats !== null) stats.keysRead++
    yield { ...seed }
    return
  }
  for await (const batch of rangeQuery(tx, scan.begin, scan.end).byPackedBatch()) {
    if (stats !== null) stats.keysRead += batch.length
    for (let i = 0; i < batch.length; i++) {
      const bindings = bindingsOf(scan, batch.key(i), seed)
      if (bindings !== null) yield bindings
    }
  }
}

/** Checks a seed: absent, or a plain object of bindings. */
function requireSeed(seed: unknown, what: string): Bindings {
  if (seed === undefined) return NO_BINDINGS
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) throw new TypeError(`${what}: seed must be an object of bindings, got ${describe(seed)}`)
  return seed as Bindings
}

/**
 * The tuples of `store` that match `pattern`, as bindings of its variables
 * (extending `seed`), in the database or transaction `tx`: one range read
 * of the index whose leading columns are the pattern's bound ones (a point
 * read when every column is bound). Variables already bound in `seed` count
 * as bound. A variable repeated in the pattern must bind the same item at
 * each place (found did not check this).
 *
 * Bindings come in the order of the index scanned. Read-only.
 *
 * @param tx - a Database (read in one transaction, then handed out) or a Transaction (streamed)
 * @param store - the handle from {@link make}
 * @param pattern - `store.n` tuple items or {@link Variable}s
 * @param seed - bindings to extend (default none)
 * @throws TypeError or FoundError (invalidArgument) for a malformed pattern, at once
 * @example
 * ```ts
 * const title = nstore.v('title')
 * await nstore.select(db, triples, ['hyper.dev', 'title', title]).toArray() // [{ title: 'hyper.dev' }]
 * ```
 */
export function select(tx: DbOrTx, store: NStore, pattern: Pattern, seed?: Bindings): Matches {
  const what = 'nstore.select'
  requireDbOrTx(tx, what)
  const s = compiled(store, what)
  const from = requireSeed(seed, what)
  const scan = planScan(s, pattern, from, what)
  return new Matches(tx, (t) => scanBindings(t, scan, from, null))
}

/** For each incoming binding, the bindings of `pattern` once substituted (the nested loop). */
export async function* joinBindings(
  tx: Transaction,
  store: Compiled,
  incoming: AsyncIterable<Bindings> | Iterable<Bindings>,
  pattern: Pattern,
  stats: QueryStats | null,
  what: string,
): AsyncGenerator<Bindings> {
  for await (const seed of incoming) yield* scanBindings(tx, planScan(store, pattern, seed, what), seed, stats)
}

/**
 * For each of `bindings`, the matches of `pattern` with that binding's
 * variables substituted, each extending it (found's `where`: a nested-loop
 * join, one scan per incoming binding).
 *
 * @param tx - a Database (read in one transaction, then handed out) or a Transaction (streamed)
 * @param store - the handle from {@link make}
 * @param bindings - the incoming bindings (an array, or the result of {@link select} or {@link query})
 * @param pattern - `store.n` tuple items or {@link Variable}s
 * @throws TypeError or FoundError (invalidArgument) for a malformed pattern, at once
 * @example
 * ```ts
 * const [book, author] = [nstore.v('book'), nstore.v('author')]
 * const books = nstore.select(tx, library, [book, 'topic', 'databases'])
 * for await (const b of nstore.where(tx, library, books, [book, 'by', author])) console.log(b.book, b.author)
 * ```
 */
export function where(tx: DbOrTx, store: NStore, bindings: AsyncIterable<Bindings> | Iterable<Bindings>, pattern: Pattern): Matches {
  const what = 'nstore.where'
  requireDbOrTx(tx, what)
  const s = compiled(store, what)
  if (bindings === null || typeof bindings !== 'object' || (!(Symbol.asyncIterator in bindings) && !(Symbol.iterator in bindings))) {
    throw new TypeError(`${what}: bindings must be an iterable or async iterable of bindings, got ${describe(bindings)}`)
  }
  planScan(s, pattern, NO_BINDINGS, what) // checks the pattern now rather than at the first binding
  return new Matches(tx, (t) => joinBindings(t, s, bindings, pattern, null, what))
}

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
        const bindings = bindingsOf(scan, key, NO_BINDINGS)
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
        if (scan.equalities.length === 0) total += batch.length
        else for (let i = 0; i < batch.length; i++) if (keyMatches(scan, batch.key(i))) total++
      }
      return total
    })
  } catch (error) {
    return Promise.reject(error)
  }
}
