/**
 * Several patterns joined: {@link query}, {@link queryWith} and {@link explain}.
 *
 * @module
 */
import { ErrorCode, FoundError, inTransaction, requireKnownOptions, type DbOrTx, type Transaction } from '@foundkit/core'
import { compiled, type Compiled, type NStore } from './store.js'
import { compilePattern } from './pattern.js'
import { planOrder } from './planner.js'
import { runInOrder } from './execute.js'
import { describe, requireCount, requireDbOrTx } from './checks.js'
import { Matches, type QueryStats } from './matches.js'
import type { Bindings, Pattern } from './variables.js'

const NO_BINDINGS: Bindings = Object.freeze({})

/**
 * Options of {@link queryWith}.
 * @example
 * ```ts
 * const options: nstore.QueryOptions = { limit: 10, plan: 'written' }
 * ```
 */
export interface QueryOptions {
  /**
   * Stop after this many bindings; 0 (the default) means all of them.
   * @example
   * ```ts
   * nstore.queryWith(tx, triples, { limit: 1 }, [who, 'knows', 'ada']) // is there anyone?
   * ```
   */
  limit?: number
  /**
   * `'planned'` (the default): the planner picks the order of the patterns.
   * `'written'`: they run in the order written (found's behaviour).
   * @example
   * ```ts
   * nstore.queryWith(tx, triples, { plan: 'written' }, p1, p2, p3)
   * ```
   */
  plan?: 'planned' | 'written'
  /**
   * An object of yours that the query adds its scans and keys read to, when
   * its iteration ends (an attempt that failed and was retried is not counted).
   * @example
   * ```ts
   * const stats = { scans: 0, keysRead: 0 }
   * await nstore.queryWith(tx, triples, { stats }, p1, p2).toArray()
   * ```
   */
  stats?: QueryStats
}

const OPTIONS = ['limit', 'plan', 'stats']

/** Checks the patterns of a query: at least one, each well formed. */
function requirePatterns(store: Compiled, patterns: readonly Pattern[], what: string): void {
  if (patterns.length === 0) throw new FoundError(ErrorCode.invalidArgument, `${what}: expected at least one pattern, got none`)
  patterns.forEach((pattern) => compilePattern(store, pattern, () => false, what))
}

/**
 * The bindings that satisfy every one of `patterns`, in the database or
 * transaction `tx`. The planner picks the order the patterns run in (see
 * {@link explain}); the first is one scan, each next one a scan per binding
 * so far (found's nested-loop join). A variable shared by two patterns must
 * bind the same item in both; repeated within one pattern, likewise.
 * Read-only.
 *
 * @param tx - a Database (read in one transaction, then handed out) or a Transaction (streamed)
 * @param store - the handle from {@link make}
 * @param patterns - one or more patterns of `store.n` tuple items or {@link Variable}s
 * @throws TypeError or FoundError (invalidArgument) for malformed patterns, at once
 * @example
 * ```ts
 * const [book, author] = [nstore.v('book'), nstore.v('author')]
 * await nstore.query(db, library, [book, 'topic', 'databases'], [book, 'by', author]).toArray()
 * // => [{ book: 'hyper.dev', author: 'Ada' }, ...]
 * ```
 */
export function query(tx: DbOrTx, store: NStore, ...patterns: Pattern[]): Matches {
  return queryOf(tx, store, {}, patterns, 'nstore.query')
}

/**
 * {@link query} with options: a `limit`, the `plan` (`'written'` keeps the
 * written order), and `stats` to count what the query reads (as core's
 * `transactionalWith` is `transactional` with options).
 *
 * @param tx - a Database or a Transaction
 * @param store - the handle from {@link make}
 * @param options - see {@link QueryOptions}
 * @param patterns - one or more patterns
 * @throws TypeError for unknown options or arguments of the wrong type; FoundError (invalidArgument) for malformed patterns
 * @example
 * ```ts
 * const stats = { scans: 0, keysRead: 0 }
 * const first = await nstore.queryWith(tx, triples, { limit: 1, stats }, [who, 'knows', 'ada']).toArray()
 * ```
 */
export function queryWith(tx: DbOrTx, store: NStore, options: QueryOptions, ...patterns: Pattern[]): Matches {
  return queryOf(tx, store, options, patterns, 'nstore.queryWith')
}

function queryOf(tx: DbOrTx, store: NStore, options: QueryOptions, patterns: readonly Pattern[], what: string): Matches {
  requireDbOrTx(tx, what)
  const s = compiled(store, what)
  const { limit = 0, plan = 'planned', stats = null } = requireKnownOptions(what, options, OPTIONS)
  requireCount(limit, `${what}: limit`)
  if (plan !== 'planned' && plan !== 'written') throw new TypeError(`${what}: plan must be 'planned' or 'written', got ${describe(plan)}`)
  if (stats !== null && (typeof stats !== 'object' || typeof stats.scans !== 'number' || typeof stats.keysRead !== 'number')) {
    throw new TypeError(`${what}: stats must be an object with numeric scans and keysRead, got ${describe(stats)}`)
  }
  requirePatterns(s, patterns, what)
  return new Matches(tx, (t) => run(t, s, plan, patterns, limit, stats, what))
}

async function* run(
  tx: Transaction,
  store: Compiled,
  plan: 'planned' | 'written',
  patterns: readonly Pattern[],
  limit: number,
  stats: QueryStats | null,
  what: string,
): AsyncGenerator<Bindings[]> {
  // Counted apart and added once the run ends without error: an attempt
  // that fails (say 1007) and is retried does not count twice.
  const counted = stats === null ? null : { scans: 0, keysRead: 0 }
  let failed = false
  try {
    const order = plan === 'written' || patterns.length === 1 ? patterns : await planOrder(tx, store, patterns)
    let left = limit
    for await (const batch of runInOrder(tx, store, order, NO_BINDINGS, counted, what)) {
      if (limit === 0) yield batch
      else {
        yield batch.length < left ? batch : batch.slice(0, left)
        left -= batch.length
        if (left <= 0) return
      }
    }
  } catch (error) {
    failed = true
    throw error
  } finally {
    if (stats !== null && counted !== null && !failed) {
      stats.scans += counted.scans
      stats.keysRead += counted.keysRead
    }
  }
}

/**
 * The order the planner runs `patterns` in, as {@link query} would (reads
 * only range size estimates).
 *
 * @param tx - a Database or a Transaction
 * @param store - the handle from {@link make}
 * @param patterns - one or more patterns
 * @returns the same patterns, in the order they would run
 * @example
 * ```ts
 * await nstore.explain(db, triples, [who, 'type', 'person'], [who, 'name', 'Ada'])
 * // => [[who, 'name', 'Ada'], [who, 'type', 'person']]
 * ```
 */
export function explain(tx: DbOrTx, store: NStore, ...patterns: Pattern[]): Promise<Pattern[]> {
  const what = 'nstore.explain'
  try {
    requireDbOrTx(tx, what)
    const s = compiled(store, what)
    requirePatterns(s, patterns, what)
    return inTransaction(tx, what, (t) => planOrder(t, s, patterns))
  } catch (error) {
    return Promise.reject(error)
  }
}
