/**
 * One pattern, one scan: {@link select}, and {@link where} (found's nested loop).
 *
 * @module
 */
import type { DbOrTx } from '@foundkit/core'
import { compiled, type NStore } from './store.js'
import { compilePattern, planScan } from './pattern.js'
import { describe, requireDbOrTx } from './checks.js'
import { Matches } from './matches.js'
import { joinEach, runInOrder } from './execute.js'
import type { Bindings, Pattern } from './variables.js'

const NO_BINDINGS: Bindings = Object.freeze({})

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
  planScan(s, pattern, from, what) // checks the pattern and the seed now rather than when iterated
  return new Matches(tx, (t) => runInOrder(t, s, [pattern], from, null, what))
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
  compilePattern(s, pattern, () => false, what) // checks the pattern now rather than at the first binding
  return new Matches(tx, (t) => joinEach(t, s, bindings, pattern, what))
}

