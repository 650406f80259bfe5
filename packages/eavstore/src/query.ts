/**
 * Queries: ids whose attributes meet every condition. One condition drives
 * (the smallest index range, found by reading the ranges in step: probe.ts);
 * each id it yields is checked against the others, by a set of ids or by
 * point reads.
 *
 * @module
 */
import {
  Database,
  getMany,
  inTransaction,
  keyAfter,
  pack,
  query as rangeQuery,
  requireKnownOptions,
  unpack,
  type DbOrTx,
  type Transaction,
  type TupleItem,
} from '@foundkit/core'
import { describeValue, invalid, type EavStore } from './store.js'
import { probeAll, driverOf, type Probe } from './probe.js'
import { asBuffer, parseConditions, type Condition, type EavCondition, type EavConditions } from './conditions.js'
import type { EavId } from './operations.js'
import { decodeValue, indexItemsOf } from './values.js'

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
 * are checked per candidate: one read whole by a set of its ids, the rest by
 * point reads. Ids come in the driving index's order (by
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
  const conditions = parseConditions(store, 'eavstore.query', typeof what === 'string' ? { [what]: value as EavCondition } : what)
  return {
    [Symbol.asyncIterator]: () => flatten(batchesOf(tx, store, conditions)),
    toArray: async () => {
      const out: EavId[] = []
      for await (const batch of batchesOf(tx, store, conditions)) for (const id of batch) out.push(id)
      return out
    },
  }
}

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
    const page: { items: EavId[]; resume: Resume | null } = await inTransaction(db, 'eavstore.query', (t) => readPage(t, store, conditions, resume, PAGE_IN_OWN_TRANSACTION))
    yield page.items
    resume = page.resume
  } while (resume !== null)
}

async function* idBatches(t: Transaction, store: EavStore, conditions: Condition[]): AsyncIterable<EavId[]> {
  for await (const batch of matchBatches(t, store, conditions, null)) yield batch.ids
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

async function readPage(t: Transaction, store: EavStore, conditions: Condition[], resume: Resume | null, limit: number): Promise<{ items: EavId[]; resume: Resume | null }> {
  const items: EavId[] = []
  for await (const batch of matchBatches(t, store, conditions, resume)) {
    for (let i = 0; i < batch.ids.length; i++) {
      items.push(batch.ids[i]!)
      if (items.length === limit) return { items, resume: { path: batch.path, after: Buffer.from(batch.keys[i]!) } }
    }
  }
  return { items, resume: null }
}

/** The matching ids of one batch of the driving index, with their index keys. */
interface MatchBatch {
  readonly path: string
  readonly ids: EavId[]
  readonly keys: Buffer[]
}

/** What the driving loop needs of a batch of index keys (core's packed batches, or keys already probed). */
interface KeyBatch {
  readonly length: number
  key(i: number): Uint8Array
  valueLength(i: number): number
}

/** The driver's batches: its probed keys when they are its whole range, else a range read from `begin`. */
function driverBatches(t: Transaction, driver: Condition, probe: Probe | null, begin: Buffer): AsyncIterable<KeyBatch> | KeyBatch[] {
  if (probe !== null && probe.complete && begin === driver.begin) {
    return [{ length: probe.keys.length, key: (i) => probe.keys[i]!, valueLength: (i) => probe.valueLengths[i]! }]
  }
  return rangeQuery(t, begin, driver.end).byPackedBatch()
}

/** The packed id at the end of an index key of `condition`. */
function idOf(condition: Condition, key: Buffer): Buffer {
  return key.subarray(condition.equals === null ? condition.prefixLength + itemLength(key.subarray(condition.prefixLength)) : condition.begin.length)
}

/** The ids (latin1 of the packed ids) of a range probed whole, else null. */
function idSetOf(probe: Probe): Set<string> | null {
  if (!probe.complete) return null
  const ids = new Set<string>()
  for (const key of probe.keys) ids.add(idOf(probe.condition, key).toString('latin1'))
  return ids
}

/** Batch by batch of the driving index range: the ids that meet every condition. */
async function* matchBatches(t: Transaction, store: EavStore, conditions: Condition[], resume: Resume | null): AsyncIterable<MatchBatch> {
  // One condition needs no ranking; several are probed in step (bounded), the smallest drives.
  const probes = conditions.length === 1 ? null : await probeAll(t, conditions)
  const driverProbe = probes === null ? null : resume === null ? driverOf(probes) : probes.find((p) => p.condition.path === resume.path)!
  const driver = driverProbe?.condition ?? conditions.find((c) => resume === null || c.path === resume.path)!
  const others = (probes ?? []).filter((p) => p !== driverProbe)
  const idSets = others.map(idSetOf)
  const begin = resume === null ? driver.begin : asBuffer(keyAfter(resume.after))
  if (Buffer.compare(begin, driver.end) >= 0) return
  const prefixLength = driver.prefixLength
  const documents = asBuffer(store.documents.key())
  for await (const batch of driverBatches(t, driver, driverProbe, begin)) {
    const n = batch.length
    const keys: Buffer[] = new Array(n)
    const idBytes: Buffer[] = new Array(n)
    let multi = false
    for (let i = 0; i < n; i++) {
      const key = (keys[i] = asBuffer(batch.key(i)))
      idBytes[i] = idOf(driver, key)
      if (batch.valueLength(i) === 1) multi = true
    }
    let accepted: boolean[] | null = null
    const accept = (verdicts: boolean[]): void => {
      accepted ??= new Array<boolean>(n).fill(true)
      for (let i = 0; i < n; i++) if (!verdicts[i]) accepted[i] = false
    }
    for (const [j, other] of others.entries()) {
      const ids = idSets[j] ?? null
      accept(ids === null ? await meet(t, other.condition, documents, idBytes) : idBytes.map((b) => ids.has(b.toString('latin1'))))
    }
    if (multi && driver.equals === null) {
      // An array with several elements in the driving range has one key per element: keep its smallest.
      const values = await getMany(t, idBytes.map((b) => Buffer.concat([documents, b, driver.segments])))
      accept(values.map((v, i) => v !== null && smallestInRange(driver, v)?.equals(keys[i]!.subarray(prefixLength, keys[i]!.length - idBytes[i]!.length)) === true))
    }
    const out: MatchBatch = { path: driver.path, ids: [], keys: [] }
    for (let i = 0; i < n; i++) {
      if (accepted !== null && !(accepted as boolean[])[i]) continue
      out.ids.push(unpack(idBytes[i]!)[0] as EavId)
      out.keys.push(keys[i]!)
    }
    if (out.ids.length > 0) yield out
  }
}


/** The length of the first packed tuple item of `bytes`. */
function itemLength(bytes: Buffer): number {
  return pack([unpack(bytes)[0]!]).length
}

/** For each packed id, whether its document meets `condition`: by its index key for an equality, by its stored value for a range. */
async function meet(t: Transaction, condition: Condition, documents: Buffer, idBytes: Buffer[]): Promise<boolean[]> {
  if (condition.equals !== null) {
    const found = await getMany(t, idBytes.map((b) => Buffer.concat([condition.begin, b])))
    return found.map((v) => v !== null)
  }
  const values = await getMany(t, idBytes.map((b) => Buffer.concat([documents, b, condition.segments])))
  return values.map((v) => v !== null && smallestInRange(condition, v) !== null)
}

/** The smallest packed index value of a stored attribute value that meets `condition`, or null. */
function smallestInRange(condition: Condition, stored: Uint8Array): Buffer | null {
  const encoded = unpack(stored)
  const { items } = indexItemsOf(encoded, decodeValue(encoded))
  let smallest: Buffer | null = null
  for (const item of items) {
    const packed = asBuffer(pack([item]))
    if (condition.test(packed) && (smallest === null || Buffer.compare(packed, smallest) < 0)) smallest = packed
  }
  return smallest
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
