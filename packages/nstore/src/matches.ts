/**
 * {@link Matches}: the async iterable every nstore query returns, and the
 * counters a query can fill.
 *
 * @module
 */
import { keepShape, Transaction, transactional, type DbOrTx } from '@foundkit/core'
import type { Bindings } from './variables.js'

/**
 * What a query read: pass an object of your own as `stats` to
 * {@link queryWith}; the query adds its counts once its iteration ends
 * (an attempt that failed and was retried is not counted).
 *
 * @example
 * ```ts
 * const stats: nstore.QueryStats = { scans: 0, keysRead: 0 }
 * await nstore.queryWith(tx, triples, { stats }, [who, 'knows', 'ada']).toArray()
 * stats.keysRead // keys the query's range reads returned
 * ```
 */
export interface QueryStats {
  /**
   * Range reads and point reads made: one per pattern per incoming binding.
   * @example
   * ```ts
   * console.log(`${stats.scans} scans`)
   * ```
   */
  scans: number
  /**
   * Keys those reads returned (a point read that found its key counts 1).
   * @example
   * ```ts
   * expect(stats.keysRead).toBeLessThan(10)
   * ```
   */
  keysRead: number
}

/**
 * The results of an nstore query: an async iterable of {@link Bindings},
 * read as you iterate when the query runs in a Transaction. Given a
 * Database, the query runs in one `transactional` (with its retries) when
 * iteration starts, and the bindings are handed out once it has committed.
 *
 * @example
 * ```ts
 * for await (const { book } of nstore.query(tx, library, [nstore.v('book'), 'by', 'Ada'])) console.log(book)
 * const all = await nstore.query(db, library, [nstore.v('book'), 'by', 'Ada']).toArray()
 * ```
 */
export class Matches implements AsyncIterable<Bindings> {
  readonly #where: DbOrTx
  readonly #run: (tx: Transaction) => AsyncIterable<Bindings[]>

  /** @internal Made by the query functions; `run` yields the bindings in batches. */
  constructor(where: DbOrTx, run: (tx: Transaction) => AsyncIterable<Bindings[]>) {
    this.#where = where
    this.#run = run
  }

  /**
   * Iterates the bindings.
   * @example
   * ```ts
   * for await (const binding of matches) console.log(binding)
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<Bindings> {
    const where = this.#where
    const run = this.#run
    if (where instanceof Transaction) return flatten(run(where))
    return (async function* () {
      yield* await transactional(where, (tx) => collect(run(tx)))
    })()
  }

  /**
   * Reads every binding into an array.
   * @example
   * ```ts
   * const answers = await nstore.query(db, triples, [who, 'knows', 'ada']).toArray()
   * ```
   */
  async toArray(): Promise<Bindings[]> {
    const where = this.#where
    if (where instanceof Transaction) return collect(this.#run(where))
    return transactional(where, (tx) => collect(this.#run(tx)))
  }
}

async function collect(source: AsyncIterable<Bindings[]>): Promise<Bindings[]> {
  const out: Bindings[] = []
  for await (const batch of source) for (const b of batch) out.push(b)
  return out
}

// One result kept alive, so that a full garbage collection keeps its hidden class and the code that uses it (see core's keepShape).
keepShape(new Matches(null as unknown as DbOrTx, async function* (): AsyncGenerator<Bindings[]> {}))

async function* flatten(source: AsyncIterable<Bindings[]>): AsyncGenerator<Bindings> {
  for await (const batch of source) yield* batch
}
