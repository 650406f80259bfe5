/**
 * `search`: BM25-ranked results for a query string (or found's keyword list),
 * read from the postings of the query's terms only.
 *
 * @module
 */
import { ErrorCode, FoundError, getMany, inTransaction, requireKnownOptions, unpack, type DbOrTx, type Transaction } from '@foundkit/core'
import { frequencies, termsNear, termsWithPrefix } from './dictionary.js'
import { parseQuery, type Clause } from './query-parser.js'
import { BoundedHeap, bm25, idf } from './scoring.js'
import { clauseHits, eachPosting, type ClauseHits, type DocHits, type Expansion, type FieldStats, type Hit } from './postings.js'
import { postingHead, readCounter } from './codec.js'
import { internalsOf, type DocId, type Internals, type PStore } from './store.js'

/** Options of {@link search}. */
export interface SearchOptions {
  /**
   * At most this many results. Default: 10.
   * @example
   * ```ts
   * pstore.search(db, store, 'database', { limit: 3 })
   * ```
   */
  limit?: number
  /**
   * `'or'`: a document matching any clause is a result; `'and'`: every clause
   * must match. Default: `'or'`.
   * @example
   * ```ts
   * pstore.search(db, store, 'distributed database', { mode: 'and' })
   * ```
   */
  mode?: 'or' | 'and'
  /**
   * Every word also matches the indexed terms it is a prefix of (weighted
   * ×0.5). Default: false (write `word*` for one word).
   * @example
   * ```ts
   * pstore.search(db, store, 'datab', { prefix: true })
   * ```
   */
  prefix?: boolean
  /**
   * Every word also matches the indexed terms within this edit distance
   * (weighted ×0.5), found in the term dictionary. Default: 0.
   * @example
   * ```ts
   * pstore.search(db, store, 'databse', { fuzzy: 1 })
   * ```
   */
  fuzzy?: number
  /**
   * Search only these fields. Default: all of the store's fields.
   * @example
   * ```ts
   * pstore.search(db, store, 'database', { fields: ['title'] })
   * ```
   */
  fields?: readonly string[]
  /**
   * Per-field boosts for this search, replacing the store's. Default: the store's.
   * @example
   * ```ts
   * pstore.search(db, store, 'database', { boost: { title: 3 } })
   * ```
   */
  boost?: Readonly<Record<string, number>>
  /**
   * Keeps only the documents for which it returns true (before the limit).
   * @example
   * ```ts
   * pstore.search(db, store, 'database', { filter: (docId) => docId !== 2 })
   * ```
   */
  filter?: (docId: DocId) => boolean
}

/** One result of {@link search}. */
export interface SearchResult {
  /** The document. */
  readonly docId: DocId
  /** Its BM25 score (higher is better). */
  readonly score: number
  /** Each indexed term that matched → the fields it matched in. */
  readonly matches: Readonly<Record<string, readonly string[]>>
}

/**
 * Weight of a term reached by `prefix: true` or `fuzzy`, rather than typed.
 * @example
 * ```ts
 * pstore.EXPANSION_WEIGHT // 0.5
 * ```
 */
export const EXPANSION_WEIGHT = 0.5
/**
 * At most this many dictionary terms stand for one prefix or fuzzy word (the most frequent).
 * @example
 * ```ts
 * pstore.MAX_EXPANSIONS // 50
 * ```
 */
export const MAX_EXPANSIONS = 50

const OPTIONS = ['limit', 'mode', 'prefix', 'fuzzy', 'fields', 'boost', 'filter']

/**
 * Searches the index, best results first (ties broken by docId, so a query
 * gives the same results on every run).
 *
 * In the database associated with `tx`; reads only: the statistics of the
 * searched fields, and per query term its dictionary entries and postings.
 *
 * ### Query syntax
 * Words are analyzed like indexed text. `"two words"` is a phrase (the
 * terms consecutive in one field), `-word` or `-"a phrase"` excludes the
 * documents that match it, `data*` matches every term starting with `data`.
 *
 * ### Modes
 * `mode: 'or'` (the default) ranks documents that match any clause; `'and'`
 * keeps those that match every clause, intersecting from the rarest one.
 *
 * ### found's form
 * With an array of keywords (terms as stored, not analyzed), it is found's
 * `search`: every keyword must match, and the result is `[docId, score][]`.
 *
 * @param tx - a Database (own transaction) or a Transaction
 * @param store - the handle from {@link make}
 * @param text - a query string, or found's keyword list
 * @param options - limit, mode, prefix, fuzzy, fields, boost, filter
 * @throws TypeError for a bad argument or option
 * @example
 * ```ts
 * await pstore.search(db, store, '"distributed database" -sql', { limit: 5 })
 * // => [{ docId: 1, score: 1.73, matches: { distribut: ['text'], databas: ['text'] } }]
 * await pstore.search(db, store, ['databas']) // => [[0, 0.52], [1, 0.47]]
 * ```
 */
export async function search(tx: DbOrTx, store: PStore, text: string, options?: SearchOptions): Promise<SearchResult[]>
export async function search(tx: DbOrTx, store: PStore, keywords: readonly string[], options?: Pick<SearchOptions, 'limit'>): Promise<Array<[DocId, number]>>
export async function search(tx: DbOrTx, store: PStore, text: string | readonly string[], options?: SearchOptions): Promise<SearchResult[] | Array<[DocId, number]>> {
  const what = 'pstore.search'
  const ix = internalsOf(store, what)
  const opts = requireKnownOptions(what, options, OPTIONS)
  const { limit = 10, mode = 'or', prefix = false, fuzzy = 0, filter } = opts
  if (!Number.isSafeInteger(limit) || limit < 0) throw new TypeError(`${what}: limit must be a non-negative integer, got ${String(limit)}`)
  if (mode !== 'or' && mode !== 'and') throw new TypeError(`${what}: mode must be 'or' or 'and', got ${JSON.stringify(mode)}`)
  if (typeof prefix !== 'boolean') throw new TypeError(`${what}: prefix must be a boolean`)
  if (!Number.isSafeInteger(fuzzy) || fuzzy < 0) throw new TypeError(`${what}: fuzzy must be a non-negative integer, got ${String(fuzzy)}`)
  if (filter !== undefined && typeof filter !== 'function') throw new TypeError(`${what}: filter must be a function`)
  const fields = searchedFields(store, ix, opts.fields, opts.boost, what)
  let clauses: Clause[]
  if (typeof text === 'string') clauses = parseQuery(text, ix.analyzer)
  else if (Array.isArray(text) && text.every((k) => typeof k === 'string')) clauses = text.map((k) => ({ kind: 'term', terms: [k], excluded: false }))
  else throw new TypeError(`${what}: the query must be a string or an array of keyword strings`)
  const found = Array.isArray(text)
  const results = await inTransaction(tx, what, (t) =>
    rank(t, ix, clauses, fields, { limit, mode: found ? 'and' : mode, prefix, fuzzy, filter }),
  )
  if (found) return results.map((r) => [docIdOf(r.key), r.score] as [DocId, number])
  return results.map((r) => ({ docId: docIdOf(r.key), score: r.score, matches: matchesOf(r.hits, store) }))
}

/** The searched fields with their boosts. */
function searchedFields(store: PStore, ix: Internals, names: unknown, boost: unknown, what: string): Array<{ field: number; boost: number }> {
  if (names !== undefined && (!Array.isArray(names) || names.length === 0)) throw new TypeError(`${what}: fields must be a non-empty array of field names`)
  if (boost !== undefined && (boost === null || typeof boost !== 'object')) throw new TypeError(`${what}: boost must be an object of field name → number`)
  const boosts = (boost ?? {}) as Record<string, unknown>
  for (const name of [...((names as string[] | undefined) ?? []), ...Object.keys(boosts)]) {
    if (!ix.fieldIds.has(name)) throw new FoundError(ErrorCode.invalidArgument, `${what}: unknown field ${JSON.stringify(name)}; the store's fields: ${store.options.fields.map((f) => f.name).join(', ')}`)
  }
  const chosen = (names as string[] | undefined) ?? store.options.fields.map((f) => f.name)
  return chosen.map((name) => {
    const field = ix.fieldIds.get(name)!
    const b = boosts[name] ?? store.options.fields[field]!.boost
    if (typeof b !== 'number' || !Number.isFinite(b) || b < 0) throw new TypeError(`${what}: boost of ${name} must be a finite number ≥ 0`)
    return { field, boost: b }
  })
}

type Ranked = DocHits

/** The docId a search key stands for. */
function docIdOf(key: string): DocId {
  return unpack(Buffer.from(key, 'latin1'))[0]!
}

interface RankOptions {
  limit: number
  mode: 'or' | 'and'
  prefix: boolean
  fuzzy: number
  filter: ((docId: DocId) => boolean) | undefined
}

/** The terms a clause stands for, with their weights. */
async function expand(tx: Transaction, ix: Internals, clause: Clause, options: RankOptions): Promise<Expansion[]> {
  if (clause.kind === 'prefix') return (await termsWithPrefix(tx, ix, clause.terms[0]!, MAX_EXPANSIONS)).map(([term]) => ({ term, weight: 1 }))
  if (clause.kind === 'phrase') return clause.terms.map((term) => ({ term, weight: 1 }))
  const term = clause.terms[0]!
  const weights = new Map<string, number>([[term, 1]])
  if (options.prefix && !clause.excluded) {
    for (const [t] of await termsWithPrefix(tx, ix, term, MAX_EXPANSIONS)) if (!weights.has(t)) weights.set(t, EXPANSION_WEIGHT)
  }
  if (options.fuzzy > 0 && !clause.excluded) {
    for (const [t] of await termsNear(tx, ix, term, options.fuzzy, MAX_EXPANSIONS)) if (!weights.has(t)) weights.set(t, EXPANSION_WEIGHT)
  }
  return [...weights].map(([t, weight]) => ({ term: t, weight }))
}

/** Scores the clauses and keeps the best `limit` documents. */
async function rank(tx: Transaction, ix: Internals, clauses: readonly Clause[], fields: ReadonlyArray<{ field: number; boost: number }>, options: RankOptions): Promise<Ranked[]> {
  const positive = clauses.filter((c) => !c.excluded)
  if (positive.length === 0 || options.limit === 0) return []
  // The field statistics, the clauses' expansions and their terms' frequencies are read concurrently.
  const reading = getMany(tx, fields.flatMap(({ field }) => [ix.fieldDocs.pack([field]), ix.fieldLengths.pack([field])]))
  reading.catch(() => undefined) // awaited below; this only keeps an early failure elsewhere from leaving it unhandled
  const expanded = await Promise.all(clauses.map((c) => expand(tx, ix, c, options)))
  const terms = [...new Set(expanded.flat().map((e) => e.term))]
  const dfs = new Map(await Promise.all(terms.map(async (t) => [t, await frequencies(tx, ix, t)] as const)))
  const counters = await reading
  const stats: FieldStats[] = fields.map(({ field, boost }, i) => {
    const documents = readCounter(counters[2 * i]!)
    return { field, boost, documents, averageLength: documents > 0 ? readCounter(counters[2 * i + 1]!) / documents : 0 }
  })
  // A clause's cost: the postings it would read (a phrase can do no better than its rarest term).
  const cost = (i: number): number => {
    const sizes = expanded[i]!.map((e) => stats.reduce((sum, s) => sum + (dfs.get(e.term)!.get(s.field) ?? 0), 0))
    return clauses[i]!.kind === 'phrase' ? Math.min(...sizes) : sizes.reduce((a, b) => a + b, 0)
  }
  const single = singleTerm(clauses, expanded, stats, options)
  if (single !== null) return await topOfOneTerm(tx, ix, single.term, single.weight, stats[0]!, dfs.get(single.term)?.get(stats[0]!.field) ?? 0, options.limit)
  const order = clauses.map((_, i) => i).sort((a, b) => cost(a) - cost(b))
  let accumulated: ClauseHits | null = null
  for (const i of order.filter((i) => !clauses[i]!.excluded)) {
    const restrict = options.mode === 'and' ? accumulated : null
    const hits = await clauseHits(tx, ix, clauses[i]!, expanded[i]!, stats, dfs, restrict, scoreOf)
    accumulated = accumulated === null ? hits : options.mode === 'and' ? intersect(accumulated, hits) : unite(accumulated, hits)
    if (options.mode === 'and' && accumulated.size === 0) return []
  }
  for (const i of order.filter((i) => clauses[i]!.excluded)) {
    const hits = await clauseHits(tx, ix, clauses[i]!, expanded[i]!, stats, dfs, accumulated, scoreOf)
    for (const key of hits.keys()) accumulated!.delete(key)
  }
  const heap = new BoundedHeap<Ranked>(options.limit)
  for (const entry of accumulated!.values()) {
    if (options.filter === undefined || options.filter(docIdOf(entry.key))) heap.offer(entry)
  }
  return heap.sorted()
}

/** The one term of a query that is one typed word in one field with no filter (the common case), or null. */
function singleTerm(clauses: readonly Clause[], expanded: readonly Expansion[][], stats: readonly FieldStats[], options: RankOptions): Expansion | null {
  if (clauses.length !== 1 || clauses[0]!.kind === 'phrase' || stats.length !== 1 || options.filter !== undefined) return null
  return expanded[0]!.length === 1 ? expanded[0]![0]! : null
}

/** A one-term query: postings go straight into the heap, with no per-document accumulation. */
async function topOfOneTerm(tx: Transaction, ix: Internals, term: string, weight: number, s: FieldStats, df: number, limit: number): Promise<Ranked[]> {
  if (df === 0) return []
  const heap = new BoundedHeap<Ranked>(limit)
  const hit: Hit = { term, field: s.field }
  await eachPosting(tx, ix, term, s.field, null, (key, value) => {
    const { length, frequency } = postingHead(value)
    const score = weight * scoreOf(s, df, frequency, length)
    if (heap.accepts(score, key)) heap.offer({ key, score, hits: [hit] })
  })
  return heap.sorted()
}

/** BM25 of one posting, given the term's document frequency in the field. */
function scoreOf(stats: FieldStats, documentFrequency: number, frequency: number, length: number): number {
  return stats.boost * bm25(idf(stats.documents, documentFrequency), frequency, length, stats.averageLength)
}

function intersect(a: ClauseHits, b: ClauseHits): ClauseHits {
  const out: ClauseHits = new Map()
  for (const [key, hit] of b) {
    const previous = a.get(key)
    if (previous !== undefined) out.set(key, { key, score: previous.score + hit.score, hits: [...previous.hits, ...hit.hits] })
  }
  return out
}

function unite(a: ClauseHits, b: ClauseHits): ClauseHits {
  for (const [key, hit] of b) {
    const previous = a.get(key)
    if (previous === undefined) a.set(key, hit)
    else a.set(key, { key, score: previous.score + hit.score, hits: [...previous.hits, ...hit.hits] })
  }
  return a
}

function matchesOf(hits: readonly Hit[], store: PStore): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const { term, field } of hits) {
    const name = store.options.fields[field]!.name
    const list = (out[term] ??= [])
    if (!list.includes(name)) list.push(name)
  }
  return out
}

