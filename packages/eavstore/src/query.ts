/**
 * Queries: ids whose attributes meet every condition. One condition drives
 * (the smallest index range, found by reading the ranges in step: probe.ts);
 * each id it yields is checked against the others (match.ts): by a merge
 * or a set of ids, or by point reads.
 *
 * @module
 */
import { Database, inTransaction, keepShape, pack, requireDbOrTx, requireKnownOptions, transactional, unpack, type DbOrTx, type Transaction, type TupleItem } from '@foundkit/core'
import { describeValue, invalid, type EavStore } from './store.js'
import { asBuffer, parseConditions, type Condition, type EavCondition, type EavConditions } from './conditions.js'
import type { EavId } from './operations.js'
import { driverBatches, matchBatch, planOf } from './match.js'

/**
 * Options of {@link queryPage}.
 * @example
 * ```ts
 * const options: QueryPageOptions = { limit: 50, continuation: null }
 * ```
 */
export interface QueryPageOptions {
  /**
   * At most this many ids. Default: 100.
   * @example
   * ```ts
   * await eavstore.queryPage(db, people, { city: 'Paris' }, { limit: 10 })
   * ```
   */
  readonly limit?: number
  /**
   * Where to resume: the `continuation` of an earlier page of the same
   * conditions. Default: from the start.
   * @example
   * ```ts
   * await eavstore.queryPage(db, people, { city: 'Paris' }, { continuation: page.continuation })
   * ```
   */
  readonly continuation?: string | null
}

/**
 * A page of ids, and where the next one starts (`null` after the last).
 * @example
 * ```ts
 * const { items, continuation } = await eavstore.queryPage(db, people, { tags: 'math' }, { limit: 50 })
 * ```
 */
export interface QueryPage {
  /** The ids of this page, in the driving index's order. */
  readonly items: EavId[]
  /** An opaque token for the next page, or `null` when there is none. */
  readonly continuation: string | null
}

/** How many ids a query on a Database reads per transaction. */
const PAGE_IN_OWN_TRANSACTION = 1000

/**
 * The ids of the documents that meet every condition (AND), as an async
 * iterable. `query(tx, store, 'tags', 'x')` is found's form, for one
 * condition.
 *
 * ### Equality
 * `{ city: 'Paris' }`: the attribute holds the value, or, for an array, has
 * it as an element. A JS number matches numbers (`1` and `1.0` alike), a
 * bigint matches bigints.
 *
 * ### Ranges
 * `{ age: { gte: 18, lt: 30 } }`: bounds in tuple order (null < bytes <
 * strings < integers (bigints) < floats (Float32) < doubles (numbers) <
 * booleans < Uuids < Versionstamps; numbers among themselves in numeric
 * order). An array matches when one element is in range; its id comes once.
 *
 * ### Several conditions
 * The condition with the smallest index range drives (the ranges are read
 * in step, a bounded number of keys, until one is read whole); the others
 * are checked per candidate: one read whole by a merge in id order (two
 * equalities) or a set of its ids, the rest by point reads. Ids come in the driving index's order (by
 * value, then id). On a Database the ids are read in transactions of 1,000;
 * in a Transaction, all in it.
 *
 * @example
 * ```ts
 * for await (const id of eavstore.query(db, people, { 'address.city': 'Paris', age: { gte: 18 } })) console.log(id)
 * const tagged = await Array.fromAsync(eavstore.query(db, people, 'tags', 'math'))
 * ```
 */
export function query(tx: DbOrTx, store: EavStore, attribute: string, value: EavCondition): EavIds
export function query(tx: DbOrTx, store: EavStore, conditions: EavConditions): EavIds
export function query(tx: DbOrTx, store: EavStore, what: string | EavConditions, value?: EavCondition): EavIds {
  // Checked here: the result reads nothing until iterated.
  requireDbOrTx(tx, 'eavstore.query')
  const conditions = parseConditions(store, 'eavstore.query', typeof what === 'string' ? { [what]: value as EavCondition } : what)
  return idsOf(tx, store, conditions)
}

/** The result of {@link query}: reads nothing until iterated or `toArray()` is called. */
function idsOf(tx: DbOrTx, store: EavStore, conditions: Condition[]): EavIds {
  return {
    [Symbol.asyncIterator]: () => flatten(batchesOf(tx, store, conditions)),
    toArray: async () => {
      if (!(tx instanceof Database)) return allInTransaction(tx as Transaction, store, conditions)
      let out: EavId[] | null = null
      let resume: Resume | null = null
      do {
        const page: Page = await transactional(tx, (t) => readPage(t, store, conditions, resume, PAGE_IN_OWN_TRANSACTION))
        // The first page's array is the result (no copy: most results fit in one page).
        if (out === null) out = page.items
        else {
          const base = out.length
          out.length = base + page.items.length
          for (let i = 0; i < page.items.length; i++) out[base + i] = page.items[i]!
        }
        resume = page.resume
      } while (resume !== null)
      return out
    },
  }
}

// One result kept alive, so that a full garbage collection keeps its hidden class (a literal with a computed key makes it at run time) and the code that uses it (see core's keepShape).
keepShape(idsOf(null as unknown as DbOrTx, null as unknown as EavStore, []))

/**
 * The ids of a {@link query}: an async iterable (one id per step), and
 * `toArray()`, which reads them all, batch by batch, with no `await` per id.
 *
 * @example
 * ```ts
 * for await (const id of eavstore.query(db, people, { city: 'Paris' })) console.log(id)
 * const all = await eavstore.query(db, people, { city: 'Paris' }).toArray()
 * ```
 */
export interface EavIds extends AsyncIterable<EavId> {
  /**
   * Every id, in the order iteration gives them (on a Database, read in
   * transactions of 1,000 ids, as iteration does).
   *
   * @example
   * ```ts
   * const tagged = await eavstore.query(db, people, 'tags', 'math').toArray()
   * ```
   */
  toArray(): Promise<EavId[]>
}

/** The ids in batches: on a Database in transactions of {@link PAGE_IN_OWN_TRANSACTION}; in a Transaction, all in it. */
function batchesOf(tx: DbOrTx, store: EavStore, conditions: Condition[]): AsyncIterable<EavId[]> {
  return tx instanceof Database ? pagesInOwnTransactions(tx, store, conditions) : idBatches(tx as Transaction, store, conditions)
}

async function* pagesInOwnTransactions(db: Database, store: EavStore, conditions: Condition[]): AsyncIterable<EavId[]> {
  let resume: Resume | null = null
  do {
    const page: Page = await transactional(db, (t) => readPage(t, store, conditions, resume, PAGE_IN_OWN_TRANSACTION))
    yield page.items
    resume = page.resume
  } while (resume !== null)
}

async function* idBatches(t: Transaction, store: EavStore, conditions: Condition[]): AsyncIterable<EavId[]> {
  const plan = await planOf(t, store, conditions, null, null)
  if (plan === null) return
  for await (const batch of driverBatches(t, plan, 0)) {
    const ids: EavId[] = []
    const reading = matchBatch(t, plan, batch, Infinity, ids)
    // Stryker disable next-line ConditionalExpression: equivalent: `true` awaits the number (also left out here: `false` and `===`, killed)
    if (typeof reading !== 'number') await reading // only when a check reads: no turn of the event loop otherwise
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: an empty batch adds no id wherever it goes
    if (ids.length > 0) yield ids
  }
}

/** Every id, in a transaction of the caller's: no generator, no promise per id. */
async function allInTransaction(t: Transaction, store: EavStore, conditions: Condition[]): Promise<EavId[]> {
  const out: EavId[] = []
  const plan = await planOf(t, store, conditions, null, null)
  if (plan === null) return out
  for await (const batch of driverBatches(t, plan, 0)) {
    const reading = matchBatch(t, plan, batch, Infinity, out)
    // Stryker disable next-line ConditionalExpression: equivalent: `true` awaits the number (also left out here: `false` and `===`, killed)
    if (typeof reading !== 'number') await reading
  }
  return out
}

/** The items of batches, one by one (one promise per item, no generator per level). */
function flatten<T>(batches: AsyncIterable<T[]>): AsyncIterator<T> {
  const source = batches[Symbol.asyncIterator]()
  let batch: T[] = []
  let i = 0
  return {
    next: async (): Promise<IteratorResult<T>> => {
      while (i >= batch.length) {
        const r = await source.next()
        if (r.done === true) return { done: true, value: undefined }
        batch = r.value
        i = 0
      }
      return { done: false, value: batch[i++]! }
    },
    return: async (): Promise<IteratorResult<T>> => {
      await source.return?.()
      return { done: true, value: undefined }
    },
  }
}

/**
 * One page of the ids {@link query} gives, and a continuation for the next.
 *
 * @example
 * ```ts
 * let page = await eavstore.queryPage(db, people, { tags: 'math' }, { limit: 50 })
 * while (page.continuation !== null) page = await eavstore.queryPage(db, people, { tags: 'math' }, { limit: 50, continuation: page.continuation })
 * ```
 */
export async function queryPage(tx: DbOrTx, store: EavStore, conditions: EavConditions, options?: QueryPageOptions): Promise<QueryPage> {
  const what = 'eavstore.queryPage'
  const parsed = parseConditions(store, what, conditions)
  const { limit = 100, continuation = null } = requireKnownOptions(what, options, ['limit', 'continuation'])
  if (!Number.isSafeInteger(limit) || limit < 1) throw new TypeError(`${what}: limit must be a positive integer, got ${describeValue(limit)}`)
  const resume = continuation === null ? null : decodeContinuation(what, parsed, continuation)
  const page = await inTransaction(tx, what, (t) => readPage(t, store, parsed, resume, limit))
  return { items: page.items, continuation: page.resume === null ? null : encodeContinuation(page.resume) }
}

/**
 * How many documents meet every condition (reads them as {@link query} does).
 *
 * @example
 * ```ts
 * await eavstore.count(db, people, { 'address.city': 'Paris' }) // 2
 * ```
 */
export async function count(tx: DbOrTx, store: EavStore, conditions: EavConditions): Promise<number> {
  requireDbOrTx(tx, 'eavstore.count')
  const parsed = parseConditions(store, 'eavstore.count', conditions)
  let n = 0
  for await (const batch of batchesOf(tx, store, parsed)) n += batch.length
  return n
}

/** Where a scan resumes: the driving condition and the last index key it gave. */
interface Resume {
  readonly path: string
  readonly after: Buffer
}

/** A page of ids, and where the next starts (null: after the last). */
interface Page {
  readonly items: EavId[]
  readonly resume: Resume | null
}

/** Reads up to `limit` ids after `resume`. */
async function readPage(t: Transaction, store: EavStore, conditions: Condition[], resume: Resume | null, limit: number): Promise<Page> {
  const into: EavId[] = []
  const plan = await planOf(t, store, conditions, resume?.path ?? null, resume?.after ?? null)
  if (plan === null) return { items: into, resume: null }
  for await (const batch of driverBatches(t, plan, limit)) {
    const matched = matchBatch(t, plan, batch, limit - into.length, into)
    const last = typeof matched === 'number' ? matched : await matched
    if (into.length === limit) return { items: into, resume: { path: plan.driver.path, after: Buffer.from(batch.key(last)) } }
  }
  return { items: into, resume: null }
}

function encodeContinuation(resume: Resume): string {
  return asBuffer(pack([resume.path, resume.after])).toString('base64url')
}

function decodeContinuation(what: string, conditions: Condition[], token: unknown): Resume {
  if (typeof token !== 'string') throw new TypeError(`${what}: continuation must be a string or null, got ${describeValue(token)}`)
  let decoded: TupleItem[]
  try {
    decoded = unpack(Buffer.from(token, 'base64url'))
  } catch {
    throw invalid(what, `continuation ${describeValue(token)} is not one this store gave`)
  }
  const [path, after] = decoded
  const driver = conditions.find((c) => c.path === path)
  if (driver === undefined || !Buffer.isBuffer(after) || Buffer.compare(after, driver.begin) < 0 || Buffer.compare(after, driver.end) >= 0) {
    throw invalid(what, `continuation ${describeValue(token)} does not belong to these conditions`)
  }
  return { path: path as string, after }
}
