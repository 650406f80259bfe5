/**
 * Full-text search over an `@foundkit/eavstore` store: {@link indexEav} pairs
 * a pstore with an eavstore so that every write of a document updates its
 * postings in the same transaction, and {@link reindex} builds the index of
 * documents already stored.
 *
 * @module
 */
import { ErrorCode, FoundError, Uuid, inTransaction, query, requireKnownOptions, transactional, Database, type DbOrTx, type Transaction } from '@foundkit/core'
import * as eavstore from '@foundkit/eavstore'
import { search, type SearchOptions, type SearchResult } from './search.js'
import { internalsOf, type PStore } from './store.js'
import { PendingWrites, analyzeDocument, writeDocument } from './write.js'

/** Options of {@link indexEav}. */
export interface IndexEavOptions {
  /**
   * The attributes (dotted paths) whose text is indexed, each into the
   * pstore field of the same name. Required.
   * @example
   * ```ts
   * pstore.indexEav(search, articles, { fields: ['title', 'body'] })
   * ```
   */
  fields: readonly string[]
}

/** A search result over an eavstore: the result and the document, read in the same transaction. */
export interface EavSearchResult extends SearchResult {
  /** The document as stored now. */
  readonly doc: eavstore.EavDocument
}

/**
 * An eavstore and its full-text index, written together. Its operations take
 * where they run first, like every foundkit operation.
 */
export interface IndexedEav {
  /** The full-text index. */
  readonly index: PStore
  /** The document store. */
  readonly store: eavstore.EavStore
  /** The indexed attributes. */
  readonly fields: readonly string[]
  /** `eavstore.create`, and the document's postings, in one transaction. */
  create(tx: DbOrTx, doc: eavstore.EavDocument, id?: eavstore.EavId): Promise<eavstore.EavId>
  /** `eavstore.update`, and the document's postings, in one transaction. */
  update(tx: DbOrTx, id: eavstore.EavId, doc: eavstore.EavDocument): Promise<void>
  /** `eavstore.patch`; when it touches an indexed attribute, the document is read back and re-indexed in the same transaction. */
  patch(tx: DbOrTx, id: eavstore.EavId, partial: eavstore.EavDocument): Promise<void>
  /** `eavstore.remove`, and the document's postings, in one transaction. */
  remove(tx: DbOrTx, id: eavstore.EavId): Promise<boolean>
  /** `search` on the index, with each result's document read in the same transaction. */
  search(tx: DbOrTx, query: string, options?: SearchOptions): Promise<EavSearchResult[]>
}

/** The value at a dotted path of a document, as text: strings, numbers and arrays of them; null otherwise. */
function textAt(doc: eavstore.EavDocument, path: string): string | null {
  let value: unknown = doc
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
    value = (value as Record<string, unknown>)[segment]
  }
  const parts = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint')
  return parts.length === 0 ? null : parts.map(String).join('\n')
}

/**
 * Pairs a pstore (`index`) with an eavstore (`store`): the returned handle's
 * `create`, `update`, `patch` and `remove` write the document and its
 * postings in one transaction, so a search never returns a stale or missing
 * document. Each indexed attribute (a dotted path; its text is a string, a
 * number, or an array of them joined by newlines) goes to the pstore field
 * of the same name.
 *
 * Writes that bypass the handle (plain `eavstore.update`) are not indexed:
 * run {@link reindex} after them.
 *
 * @throws TypeError for bad handles or options; FoundError `invalidArgument`
 *   for a field the pstore does not have
 * @example
 * ```ts
 * const articles = eavstore.make('articles', ['app', 'articles'])
 * const index = pstore.make('articles-search', ['app', 'search'], { fields: ['title', 'body'] })
 * const indexed = pstore.indexEav(index, articles, { fields: ['title', 'body'] })
 * const id = await indexed.create(db, { title: 'FoundationDB', body: 'A distributed database' })
 * await indexed.search(db, 'database') // => [{ docId: id, score: 0.29, matches: ..., doc: { title: ..., body: ... } }]
 * ```
 */
export function indexEav(index: PStore, store: eavstore.EavStore, options: IndexEavOptions): IndexedEav {
  const what = 'pstore.indexEav'
  const ix = internalsOf(index, what)
  if (store === null || typeof store !== 'object' || typeof (store as { isIndexed?: unknown }).isIndexed !== 'function') {
    throw new TypeError(`${what}: the second argument must be a handle from eavstore.make`)
  }
  const { fields } = requireKnownOptions(what, options, ['fields'])
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string')) throw new TypeError(`${what}: fields must be a non-empty array of attribute paths`)
  for (const field of fields) {
    if (!ix.fieldIds.has(field)) {
      throw new FoundError(ErrorCode.invalidArgument, `${what}: the pstore ${index.name} has no field ${JSON.stringify(field)}; its fields: ${index.options.fields.map((f) => f.name).join(', ')}`)
    }
  }
  const tops = new Set(fields.map((f) => f.split('.')[0]!))
  const textsOf = (doc: eavstore.EavDocument): Record<string, string> => {
    const texts: Record<string, string> = {}
    for (const field of fields) {
      const text = textAt(doc, field)
      if (text !== null) texts[field] = text
    }
    return texts
  }
  /** Writes `doc`'s postings (none when it is null) in `tx`. */
  const reindexDoc = async (tx: Transaction, id: eavstore.EavId, doc: eavstore.EavDocument | null, op: string): Promise<void> => {
    const pending = new PendingWrites()
    await writeDocument(tx, index, ix, id, doc === null ? [] : analyzeDocument(ix, index, textsOf(doc), op), pending, op)
    pending.apply(tx, ix)
  }
  return Object.freeze({
    index,
    store,
    fields: Object.freeze([...fields]),
    create: (tx: DbOrTx, doc: eavstore.EavDocument, id?: eavstore.EavId) => {
      // The id is drawn once, outside the body: a body run twice (after commit_unknown_result) finds its document.
      const key = id === undefined ? Uuid.random() : id
      return inTransaction(tx, 'pstore.indexEav: create', async (t) => {
        const created = await eavstore.create(t, store, doc, key)
        await reindexDoc(t, created, doc, 'pstore.indexEav: create')
        return created
      })
    },
    update: (tx: DbOrTx, id: eavstore.EavId, doc: eavstore.EavDocument) =>
      inTransaction(tx, 'pstore.indexEav: update', async (t) => {
        await eavstore.update(t, store, id, doc)
        await reindexDoc(t, id, doc, 'pstore.indexEav: update')
      }),
    patch: (tx: DbOrTx, id: eavstore.EavId, partial: eavstore.EavDocument) =>
      inTransaction(tx, 'pstore.indexEav: patch', async (t) => {
        await eavstore.patch(t, store, id, partial)
        // Only a patch of an indexed attribute reads the document back (and so conflicts with other writers of it).
        if (Object.keys(partial).some((name) => tops.has(name))) await reindexDoc(t, id, await eavstore.get(t, store, id), 'pstore.indexEav: patch')
      }),
    remove: (tx: DbOrTx, id: eavstore.EavId) =>
      inTransaction(tx, 'pstore.indexEav: remove', async (t) => {
        const removed = await eavstore.remove(t, store, id)
        await reindexDoc(t, id, null, 'pstore.indexEav: remove')
        return removed
      }),
    search: (tx: DbOrTx, text: string, searchOptions?: SearchOptions) =>
      inTransaction(tx, 'pstore.indexEav: search', async (t) => {
        const results = await search(t, index, text, searchOptions)
        const docs = await Promise.all(results.map((r) => eavstore.get(t, store, r.docId)))
        return results.flatMap((r, i) => (docs[i] === null ? [] : [{ ...r, doc: docs[i]! }]))
      }),
  })
}

/** Options of {@link reindex}. */
export interface ReindexOptions {
  /**
   * Documents per transaction. Default: 100.
   * @example
   * ```ts
   * pstore.reindex(db, indexed, { batch: 20 })
   * ```
   */
  batch?: number
  /**
   * Called after each committed batch with the number of documents indexed so far.
   * @example
   * ```ts
   * pstore.reindex(db, indexed, { onProgress: ({ documents }) => console.log(documents) })
   * ```
   */
  onProgress?: (progress: { documents: number }) => void
}

/**
 * Indexes every document of the eavstore, in id order, `batch` documents
 * per transaction (so it takes a Database, not a Transaction). Each batch
 * reads its documents and writes their postings in one transaction, so a
 * concurrent write through the {@link indexEav} handle either commits first
 * (and the batch, conflicting, retries and sees it) or after (and re-indexes
 * the document itself): the index ends exact. A batch that runs twice
 * re-indexes the same documents to the same postings.
 *
 * Index entries of documents removed without the handle are not swept.
 *
 * @returns the number of documents indexed
 * @example
 * ```ts
 * await pstore.reindex(db, indexed, { batch: 50, onProgress: ({ documents }) => console.log(documents) })
 * ```
 */
export async function reindex(db: Database, indexed: IndexedEav, options?: ReindexOptions): Promise<number> {
  const what = 'pstore.reindex'
  if (!(db instanceof Database)) throw new TypeError(`${what}: the first argument must be a Database (a reindex spans several transactions)`)
  if (indexed === null || typeof indexed !== 'object' || typeof indexed.update !== 'function') throw new TypeError(`${what}: the second argument must be a handle from pstore.indexEav`)
  const { batch = 100, onProgress } = requireKnownOptions(what, options, ['batch', 'onProgress'])
  if (!Number.isSafeInteger(batch) || batch < 1) throw new TypeError(`${what}: batch must be a positive integer, got ${String(batch)}`)
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError(`${what}: onProgress must be a function`)
  const ix = internalsOf(indexed.index, what)
  const documents = indexed.store.subspace.subspace([0]) // eavstore's layout: (0, id, ...) holds the documents
  const end = documents.range().end
  let from: Uint8Array = documents.range().begin
  let total = 0
  for (;;) {
    const { next, count } = await transactional(db, async (tx) => {
      let cursor = from
      let count = 0
      const pending = new PendingWrites()
      while (count < batch) {
        const [first] = await query(tx, cursor, end, { limit: 1 }).toArray()
        if (first === undefined) break
        const id = documents.unpack(first[0])[0]!
        cursor = documents.range([id]).end
        const doc = await eavstore.get(tx, indexed.store, id)
        const texts: Record<string, string> = {}
        for (const field of indexed.fields) {
          const text = doc === null ? null : textAt(doc, field)
          if (text !== null) texts[field] = text
        }
        await writeDocument(tx, indexed.index, ix, id, analyzeDocument(ix, indexed.index, texts, what), pending, what)
        count++
      }
      pending.apply(tx, ix)
      return { next: cursor, count }
    })
    total += count
    from = next
    if (count > 0) onProgress?.({ documents: total })
    if (count < batch) return total
  }
}

