import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { isKeySelector, keySelector, toSelector, type KeyOrSelector } from '../keys/selector.js'
import type { EngineRangeOptions, KeyValue, RangeBatch, StreamingMode } from '../engine/types.js'
import { PackedPairs } from '../engine/packed.js'
import { requireKnownOptions } from '../options/known.js'
import { requireTransaction, type Transaction } from './transaction.js'

/** Every key of {@link QueryOptions}. */
const QUERY_OPTIONS = ['limit', 'reverse', 'mode', 'snapshot'] as const

const MODES: ReadonlySet<string> = new Set(['want_all', 'iterator', 'exact', 'small', 'medium', 'large', 'serial'])

/** Options of {@link query}. */
export interface QueryOptions {
  /**
   * At most this many pairs; 0 (the default) means no limit.
   * @example
   * ```ts
   * query(tx, begin, end, { limit: 10 })
   * ```
   */
  limit?: number
  /**
   * Walk the range from its end down. When omitted and both bounds are keys
   * with `begin > end`, the scan runs backwards from `begin` down to `end`,
   * both included (found's behaviour).
   * @example
   * ```ts
   * query(tx, begin, end, { reverse: true, limit: 1 }) // the last pair
   * ```
   */
  reverse?: boolean
  /**
   * Streaming mode (batch sizes), FoundationDB's names. Default `'iterator'`.
   * @example
   * ```ts
   * query(tx, begin, end, { mode: 'want_all' })
   * ```
   */
  mode?: StreamingMode
  /**
   * A snapshot read: adds no read conflict range (default: the transaction's own mode).
   * @example
   * ```ts
   * query(tx, begin, end, { snapshot: true })
   * ```
   */
  snapshot?: boolean
}

/**
 * The result of {@link query}: an async iterable of `[key, value]` pairs,
 * read in batches as you iterate (a scan of millions of keys never holds them
 * all), plus {@link QueryResult.toArray} to collect them.
 */
export class QueryResult implements AsyncIterable<KeyValue> {
  /** @internal */
  constructor(private readonly batches: AsyncIterable<RangeBatch>) {}

  /** Iterates batch by batch: each batch is an array of pairs. */
  async *byBatch(): AsyncIterable<KeyValue[]> {
    for await (const batch of this.batches) yield pairsOf(batch)
  }

  /**
   * Iterates batch by batch, each batch packed into one Buffer
   * ({@link PackedPairs}): no object per pair, the fastest way to read many
   * small pairs (see docs/performance.md).
   *
   * @example
   * ```ts
   * for await (const batch of query(tx, begin, end).byPackedBatch()) {
   *   for (let i = 0; i < batch.length; i++) send(batch.key(i), batch.value(i))
   * }
   * ```
   */
  async *byPackedBatch(): AsyncIterable<PackedPairs> {
    for await (const batch of this.batches) yield batch.pack?.() ?? PackedPairs.of(batch)
  }

  /** Reads every pair into an array. */
  async toArray(): Promise<KeyValue[]> {
    const out: KeyValue[] = []
    for await (const batch of this.batches) for (let i = 0; i < batch.length; i++) out.push(batch.at(i)!)
    return out
  }

  /** Iterates the pairs one by one, fetching batches as needed. */
  [Symbol.asyncIterator](): AsyncIterator<KeyValue> {
    const source = this.batches[Symbol.asyncIterator]()
    let batch: RangeBatch = NO_PAIRS
    let i = 0
    // A hand-written iterator: pairs from a fetched batch come back as
    // already-resolved promises, several times faster than an async generator;
    // each pair is made only when it is reached (see RangeBatch).
    return {
      next: async (): Promise<IteratorResult<KeyValue>> => {
        while (i >= batch.length) {
          const r = await source.next()
          if (r.done === true) return { done: true, value: undefined }
          batch = r.value
          i = 0
        }
        return { done: false, value: batch.at(i++)! }
      },
      return: async (): Promise<IteratorResult<KeyValue>> => {
        await source.return?.()
        return { done: true, value: undefined }
      },
    }
  }
}

const NO_PAIRS: RangeBatch = { length: 0, at: () => undefined }

/** A batch as an array of pairs the caller owns. */
function pairsOf(batch: RangeBatch): KeyValue[] {
  // Stryker disable next-line ConditionalExpression: equivalent: an array batch copied by the loop below gives the same pairs; returning it is the fast path
  if (Array.isArray(batch)) return batch as KeyValue[]
  // Stryker disable next-line ArrayDeclaration: equivalent: the loop fills every index; the size given only spares the array's growth
  const out: KeyValue[] = new Array(batch.length)
  for (let i = 0; i < batch.length; i++) out[i] = batch.at(i)!
  return out
}

/**
 * Reads the key-value pairs of a range, in key order. `begin` and `end` are
 * keys or key selectors; the range is [begin, end) in FoundationDB's sense.
 * When `reverse` is not given and both bounds are keys with `begin > end`,
 * the scan runs backwards from `begin` down to `end`, both inclusive
 * (found's behaviour: keys 0..10, `query(tx, pack([8]), pack([4]))` gives 8,7,6,5,4).
 *
 * @example
 * ```ts
 * const { begin, end } = range(pack(['users']))
 * for await (const [key, value] of query(tx, begin, end, { limit: 100 })) {
 *   console.log(unpack(key), value)
 * }
 * ```
 */
export function query(tx: Transaction, begin: KeyOrSelector, end: KeyOrSelector, options: QueryOptions = {}): QueryResult {
  requireTransaction(tx, 'query')
  let b = toSelector(begin, 'query: begin')
  let e = toSelector(end, 'query: end')
  const opts = checkQueryOptions(options)
  let reverse = opts.reverse
  if (options.reverse === undefined && !isKeySelector(begin) && !isKeySelector(end) && Buffer.compare(begin, end) > 0) {
    // found: backwards from `begin` down to `end`, both included.
    reverse = true
    b = e // gte(end)
    e = keySelector(begin, true, 1) // first key after `begin`
  }
  // A literal, not a spread: its hidden class lives as long as this code (a spread's is made per source and dies with the objects: see shapes.ts).
  return new QueryResult(tx.engineTx.getRange(b, e, { limit: opts.limit, reverse, mode: opts.mode, snapshot: opts.snapshot || tx.isSnapshot }))
}

function checkQueryOptions(options: QueryOptions): EngineRangeOptions {
  const { limit = 0, reverse = false, mode = 'iterator', snapshot = false } = requireKnownOptions('query', options, QUERY_OPTIONS)
  if (!Number.isSafeInteger(limit) || limit < 0) throw new TypeError(`query: limit must be a non-negative integer, got ${describe(limit)}`)
  if (typeof reverse !== 'boolean') throw new TypeError(`query: reverse must be a boolean, got ${describe(reverse)}`)
  if (typeof snapshot !== 'boolean') throw new TypeError(`query: snapshot must be a boolean, got ${describe(snapshot)}`)
  if (!MODES.has(mode)) {
    throw new FoundError(ErrorCode.invalidOptionValue, `query: mode must be one of ${[...MODES].join(', ')}; got ${describe(mode)}`)
  }
  return { limit, reverse, mode, snapshot }
}
