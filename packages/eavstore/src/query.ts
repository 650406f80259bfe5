/**
 * Queries: ids whose attributes meet every condition. One condition drives
 * (the one whose index range is estimated smallest); each id it yields is
 * checked against the others with point reads.
 *
 * @module
 */
import {
  Database,
  get as getKey,
  getEstimatedRangeSizeBytes,
  inTransaction,
  pack,
  query as rangeQuery,
  requireKnownOptions,
  unpack,
  type DbOrTx,
  type KeyValue,
  type Transaction,
  type TupleItem,
} from '@foundkit/core'
import { describeValue, invalid, type EavStore } from './store.js'
import { parseConditions, type Condition, type EavCondition, type EavConditions } from './conditions.js'
import type { EavId } from './operations.js'
import { decodeValue, indexItemsOf } from './values.js'
import { MULTI } from './record.js'

/** Options of {@link queryPage}. */
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

/** A page of ids, and where the next one starts (`null` after the last). */
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
 * The condition with the smallest estimated index range drives; the others
 * are checked per candidate. Ids come in the driving index's order (by
 * value, then id). On a Database the ids are read in transactions of 1,000;
 * in a Transaction, all in it.
 *
 * @example
 * ```ts
 * for await (const id of eavstore.query(db, people, { 'address.city': 'Paris', age: { gte: 18 } })) console.log(id)
 * const tagged = await Array.fromAsync(eavstore.query(db, people, 'tags', 'math'))
 * ```
 */
export function query(tx: DbOrTx, store: EavStore, attribute: string, value: EavCondition): AsyncIterable<EavId>
export function query(tx: DbOrTx, store: EavStore, conditions: EavConditions): AsyncIterable<EavId>
export function query(tx: DbOrTx, store: EavStore, what: string | EavConditions, value?: EavCondition): AsyncIterable<EavId> {
  const conditions = parseConditions(store, 'eavstore.query', typeof what === 'string' ? { [what]: value as EavCondition } : what)
  return {
    [Symbol.asyncIterator]: () => (tx instanceof Database ? pagesInOwnTransactions(tx, store, conditions) : matches(tx as Transaction, store, conditions))[Symbol.asyncIterator](),
  }
}

async function* pagesInOwnTransactions(db: Database, store: EavStore, conditions: Condition[]): AsyncIterable<EavId> {
  let resume: Resume | null = null
  do {
    const page: { items: EavId[]; resume: Resume | null } = await inTransaction(db, 'eavstore.query', (t) => readPage(t, store, conditions, resume, PAGE_IN_OWN_TRANSACTION))
    yield* page.items
    resume = page.resume
  } while (resume !== null)
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
  let n = 0
  for await (const _ of query(tx, store, conditions)) n++
  return n
}

/** Where a scan resumes: the driving condition and the last index key it gave. */
interface Resume {
  readonly path: string
  readonly after: Buffer
}

async function readPage(t: Transaction, store: EavStore, conditions: Condition[], resume: Resume | null, limit: number): Promise<{ items: EavId[]; resume: Resume | null }> {
  const items: EavId[] = []
  for await (const { id, key, path } of matchesWithKeys(t, store, conditions, resume)) {
    items.push(id)
    if (items.length === limit) return { items, resume: { path, after: key } }
  }
  return { items, resume: null }
}

async function* matches(t: Transaction, store: EavStore, conditions: Condition[]): AsyncIterable<EavId> {
  for await (const { id } of matchesWithKeys(t, store, conditions, null)) yield id
}

interface Candidate {
  readonly id: EavId
  readonly key: Buffer
  readonly item: Buffer
  readonly multi: boolean
}

/** Every matching id with the driving index key that gave it. */
async function* matchesWithKeys(t: Transaction, store: EavStore, conditions: Condition[], resume: Resume | null): AsyncIterable<{ id: EavId; key: Buffer; path: string }> {
  const driver = resume === null ? await chooseDriver(t, conditions) : conditions.find((c) => c.path === resume.path)!
  const others = conditions.filter((c) => c !== driver)
  const begin = resume === null ? driver.begin : Buffer.concat([resume.after, ZERO])
  if (Buffer.compare(begin, driver.end) >= 0) return
  const prefixLength = store.indexes.pack([driver.path]).length
  for await (const batch of rangeQuery(t, begin, driver.end).byBatch()) {
    const candidates = batch.map(([k, value]: KeyValue): Candidate => {
      const key = Buffer.from(k.buffer, k.byteOffset, k.byteLength)
      const [, id] = unpack(key.subarray(prefixLength)) as [TupleItem, EavId]
      const item = key.subarray(prefixLength, key.length - pack([id]).length)
      return { id, key, item, multi: value.length === 1 && value[0] === MULTI[0] }
    })
    if (others.length === 0 && (driver.equals !== null || !candidates.some((c) => c.multi))) {
      for (const c of candidates) yield { id: c.id, key: c.key, path: driver.path }
      continue
    }
    const verdicts = await Promise.all(candidates.map((c) => accepts(t, store, driver, others, c)))
    for (let i = 0; i < candidates.length; i++) if (verdicts[i]) yield { id: candidates[i]!.id, key: candidates[i]!.key, path: driver.path }
  }
}

const ZERO = Buffer.from([0])

async function accepts(t: Transaction, store: EavStore, driver: Condition, others: Condition[], c: Candidate): Promise<boolean> {
  const checks: Array<Promise<boolean>> = others.map((o) => meets(t, store, o, c.id))
  // An array with several elements in the driving range has one key per element: keep the smallest.
  if (c.multi && driver.equals === null) checks.push(smallestInRange(t, store, driver, c.id).then((smallest) => smallest !== null && smallest.equals(c.item)))
  for (const ok of await Promise.all(checks)) if (!ok) return false
  return true
}

/** Whether the document `id` meets `condition`: its index key, for an equality; its value, for a range. */
async function meets(t: Transaction, store: EavStore, condition: Condition, id: EavId): Promise<boolean> {
  if (condition.equals !== null) return (await getKey(t, Buffer.concat([condition.begin, pack([id])]))) !== null
  return (await smallestInRange(t, store, condition, id)) !== null
}

/** The smallest packed index value of the document's attribute that meets `condition`, or null. */
async function smallestInRange(t: Transaction, store: EavStore, condition: Condition, id: EavId): Promise<Buffer | null> {
  const stored = await getKey(t, store.documents.pack([id, ...condition.path.split('.')]))
  if (stored === null) return null
  const encoded = unpack(stored)
  const { items } = indexItemsOf(encoded, decodeValue(encoded))
  let smallest: Buffer | null = null
  for (const item of items) {
    const packed = pack([item])
    if (condition.test(packed) && (smallest === null || Buffer.compare(packed, smallest) < 0)) smallest = packed
  }
  return smallest
}

async function chooseDriver(t: Transaction, conditions: Condition[]): Promise<Condition> {
  if (conditions.length === 1) return conditions[0]!
  const sizes = await Promise.all(conditions.map((c) => getEstimatedRangeSizeBytes(t, c.begin, c.end)))
  let best = 0
  for (let i = 1; i < sizes.length; i++) if (sizes[i]! < sizes[best]!) best = i
  return conditions[best]!
}

function encodeContinuation(resume: Resume): string {
  return pack([resume.path, resume.after]).toString('base64url')
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
