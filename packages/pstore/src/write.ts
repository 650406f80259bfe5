/**
 * Writing documents: `add` (insert or replace), `remove`, and found's
 * `index`. One internal path, {@link writeDocument}, writes a document's
 * postings, statistics, record and text, after undoing what its stored
 * record says the previous version wrote; so a replace leaves no stale
 * posting or statistic, and a body that runs twice (after a
 * `commit_unknown_result`) finds its own first run and replaces it exactly.
 *
 * @module
 */
import { ErrorCode, FoundError, add as atomicAdd, clear, compareAndClear, get, inTransaction, pack, query, set, type DbOrTx, type Transaction } from '@foundkit/core'
import { CHUNK_BYTES, chunks, counterOperand, decodeRecord, encodeRecord, ZERO, type FieldRecord } from './codec.js'
import { analyzeField, countedField, type AnalyzedField } from './field-postings.js'
import { BlockWriter, blockOf, removeFromBlock } from './blocks.js'
import { internalsOf, requireDocId, type DocId, type Internals, type PStore } from './store.js'

/** A document's text: one string (the first field), or an object of field name → text. */
export type DocumentText = string | Readonly<Record<string, string>>

/** Reads a chunked value (`subspace` range `prefix`), or null when absent. @internal */
export async function readChunks(tx: Transaction, range: { begin: Uint8Array; end: Uint8Array }): Promise<Buffer | null> {
  const parts: Buffer[] = []
  for await (const [, value] of query(tx, range.begin, range.end)) parts.push(Buffer.from(value))
  return parts.length === 0 ? null : Buffer.concat(parts)
}

/**
 * Counter changes gathered over one operation (or one batch of documents),
 * applied once at the end: a term removed by a replace and added back nets to
 * nothing, and a batch touches each shared counter once. @internal
 */
export class CounterDeltas {
  readonly #deltas = new Map<string, number>()
  /** Document frequencies: field → term → delta (packed once, when applied). */
  readonly #terms = new Map<number, Map<string, number>>()
  /** Per field number: the change of its document count and of its total length. */
  readonly #fieldDocs: number[] = []
  readonly #fieldLengths: number[] = []

  /** Adds `delta` to the counter at `key`. */
  add(key: Uint8Array, delta: number): void {
    const k = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1')
    this.#deltas.set(k, (this.#deltas.get(k) ?? 0) + delta)
  }

  /** Adds `delta` to the document frequency of (term, field). */
  addTerm(field: number, term: string, delta: number): void {
    let terms = this.#terms.get(field)
    if (terms === undefined) this.#terms.set(field, (terms = new Map()))
    terms.set(term, (terms.get(term) ?? 0) + delta)
  }

  /** Adds `documents` to field `field`'s document count and `length` to its total length. */
  addField(field: number, documents: number, length: number): void {
    this.#fieldDocs[field] = (this.#fieldDocs[field] ?? 0) + documents
    this.#fieldLengths[field] = (this.#fieldLengths[field] ?? 0) + length
  }

  /**
   * Writes the net changes with atomic adds (no read, no conflict), with
   * each (term, field) that `blocks` gave postings counted once per posting.
   */
  apply(tx: Transaction, ix: Internals, blocks: BlockWriter): void {
    blocks.eachAdded((field, term, postings) => {
      // (Only removals and replaces leave term deltas here: a batch of new documents has none.)
      const terms = this.#terms.size === 0 ? undefined : this.#terms.get(field)
      const delta = terms?.get(term)
      if (delta !== undefined) terms!.delete(term)
      if (postings + (delta ?? 0) !== 0) applyDelta(tx, ix.terms.pack([term, field]), postings + (delta ?? 0))
    })
    for (const [field, terms] of this.#terms) {
      for (const [term, delta] of terms) if (delta !== 0) applyDelta(tx, ix.terms.pack([term, field]), delta)
    }
    this.#fieldDocs.forEach((delta, field) => delta !== 0 && applyDelta(tx, ix.fieldDocs.pack([field]), delta))
    this.#fieldLengths.forEach((delta, field) => delta !== 0 && applyDelta(tx, ix.fieldLengths.pack([field]), delta))
    for (const [k, delta] of this.#deltas) if (delta !== 0) applyDelta(tx, Buffer.from(k, 'latin1'), delta)
    this.#terms.clear()
    this.#deltas.clear()
    this.#fieldDocs.length = 0
    this.#fieldLengths.length = 0
  }
}

/** An atomic add of `delta`, and a clear if that left 0 (no read, no conflict). */
function applyDelta(tx: Transaction, key: Uint8Array, delta: number): void {
  atomicAdd(tx, key, counterOperand(delta))
  // Clearing at 0 keeps removed terms and fields from leaving zero counters behind.
  if (delta < 0) compareAndClear(tx, key, ZERO)
}

/**
 * Undoes a stored document: its postings (in its block: in the database, or
 * still in `blocks` when this write added it), statistics, record and text.
 * Returns whether there was one.
 */
async function unwrite(tx: Transaction, ix: Internals, docId: DocId, blocks: BlockWriter, counters: CounterDeltas, what: string): Promise<boolean> {
  const docKey = packedDocId(docId)
  const stored = await readRecord(tx, ix, docId)
  if (stored === null) return false
  const { block, fields } = decodeRecord(stored, what)
  if (block === blocks.blockText) blocks.drop(docKey)
  else await removeFromBlock(tx, ix, blockOf(block), docKey, fields)
  for (const { field, length, terms } of fields) {
    for (const term of terms) counters.addTerm(field, term, -1)
    counters.addField(field, -1, -length)
  }
  const records = ix.records.range([docId])
  clear(tx, records.begin, records.end)
  const texts = ix.texts.range([docId])
  clear(tx, texts.begin, texts.end)
  return true
}

/**
 * A document's stored record, or null. Chunk 0 is read by itself (a point
 * read; every writer of the record writes or clears it, so it conflicts as
 * the whole record would): a record shorter than a chunk is all there.
 */
async function readRecord(tx: Transaction, ix: Internals, docId: DocId): Promise<Buffer | null> {
  const first = await get(tx, ix.records.pack([docId, 0]))
  if (first === null) return null
  if (first.length < CHUNK_BYTES) return Buffer.from(first.buffer, first.byteOffset, first.byteLength)
  return await readChunks(tx, ix.records.range([docId]))
}

/** What one write gathers before it ends: postings per block, and counter changes. @internal */
export class PendingWrites {
  readonly blocks = new BlockWriter()
  readonly counters = new CounterDeltas()

  /** Writes the blocks and applies the counter changes. */
  apply(tx: Transaction, ix: Internals): void {
    this.counters.apply(tx, ix, this.blocks)
    this.blocks.write(tx, ix)
  }
}

/**
 * Writes a document (replacing any previous version) in `tx`: the one path
 * every write goes through. Its postings go to `pending`'s block, written by
 * `pending.apply` at the end of the write. @internal
 */
export async function writeDocument(
  tx: Transaction,
  store: PStore,
  ix: Internals,
  docId: DocId,
  fields: readonly AnalyzedField[],
  pending: PendingWrites,
  what: string,
): Promise<void> {
  const { blocks, counters } = pending
  await unwrite(tx, ix, docId, blocks, counters, what)
  const docKey = packedDocId(docId)
  const record: FieldRecord[] = []
  for (const analyzed of fields) {
    const { field, length, terms, text } = analyzed
    if (length === 0) continue
    blocks.addField(docKey, analyzed)
    counters.addField(field, 1, length)
    record.push({ field, length, terms })
    if (text !== null && store.options.storeText) {
      chunks(Buffer.from(text, 'utf8')).forEach((chunk, i) => set(tx, ix.texts.pack([docId, field, i]), chunk))
    }
  }
  if (record.length > 0) chunks(encodeRecord({ block: blocks.blockText, fields: record })).forEach((chunk, i) => set(tx, ix.records.pack([docId, i]), chunk))
}

/** The packed docId, as a Buffer (its latin1 text keys documents in blocks and in search). */
function packedDocId(docId: DocId): Buffer {
  const bytes = pack([docId])
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Analyzes a document's text, field by field. @internal */
export function analyzeDocument(ix: Internals, store: PStore, text: unknown, what: string): AnalyzedField[] {
  const entries: Array<[string, unknown]> =
    typeof text === 'string' ? [[store.options.fields[0]!.name, text]] : text !== null && typeof text === 'object' && !Array.isArray(text) ? Object.entries(text) : []
  if (typeof text !== 'string' && entries.length === 0 && (text === null || typeof text !== 'object' || Array.isArray(text))) {
    throw new TypeError(`${what}: text must be a string or an object of field texts, got ${text === null ? 'null' : typeof text}`)
  }
  const out: AnalyzedField[] = []
  for (const [name, value] of entries) {
    if (value === undefined) continue
    const field = ix.fieldIds.get(name)
    if (field === undefined) {
      throw new FoundError(ErrorCode.invalidArgument, `${what}: unknown field ${JSON.stringify(name)}; the store's fields: ${store.options.fields.map((f) => f.name).join(', ')}`)
    }
    if (typeof value !== 'string') throw new TypeError(`${what}: field ${name} must be a string, got ${typeof value}`)
    out.push(analyzeField(ix.analyzer, field, value))
  }
  // In field order, whatever the object's key order, so that a document's record has one byte form.
  return out.sort((x, y) => x.field - y.field)
}

/**
 * Indexes a document: analyzes `text` (a string goes to the store's first
 * field; an object gives each field its text) and writes its postings and
 * statistics. Adding an existing `docId` replaces it, leaving no stale
 * posting or statistic. A document with no indexable term (empty, or only
 * stop words) leaves nothing in the index (as if removed).
 *
 * In the database associated with `tx`. It reads the document's previous
 * record (so a new document conflicts only with writers of the same
 * `docId`; a replaced one also rewrites its old posting block, so it may
 * conflict with a removal or replace of another document of that block) and
 * updates the shared statistics with atomic adds (no conflict). Running the body
 * twice (a retry after `commit_unknown_result`) gives the same index as once.
 *
 * @param tx - a Database (own transaction) or a Transaction (joined)
 * @param store - the handle from {@link make}
 * @param docId - a string or a safe integer
 * @param text - the text, or field name → text
 * @throws TypeError for a bad argument; FoundError `invalidArgument` for a field the store does not have
 * @example
 * ```ts
 * await pstore.add(db, articles, 1, { title: 'FoundationDB', body: 'A distributed database' })
 * ```
 */
export async function add(tx: DbOrTx, store: PStore, docId: DocId, text: DocumentText): Promise<void> {
  const what = 'pstore.add'
  const ix = internalsOf(store, what)
  requireDocId(docId, what)
  const fields = analyzeDocument(ix, store, text, what)
  await inTransaction(tx, what, async (t) => {
    const pending = new PendingWrites()
    await writeDocument(t, store, ix, docId, fields, pending, what)
    pending.apply(t, ix)
  })
}

/**
 * Indexes several documents in one transaction, like {@link add} for each
 * (a repeated `docId`: the last text wins), with each shared statistic
 * updated once for the whole batch: the fast way to load many documents.
 * Keep a batch within FoundationDB's limits (10 MB of writes, 5 seconds):
 * a few dozen mails, a few hundred short texts.
 *
 * In the database associated with `tx`; new documents conflict only with
 * writers of the same documents (replaced ones as {@link add} says);
 * running the body twice gives the index of one run.
 *
 * @param docs - `[docId, text]` pairs
 * @example
 * ```ts
 * await pstore.addMany(db, articles, [[1, 'FoundationDB'], [2, 'SQLite']])
 * ```
 */
export async function addMany(tx: DbOrTx, store: PStore, docs: Iterable<readonly [DocId, DocumentText]>): Promise<void> {
  const what = 'pstore.addMany'
  const ix = internalsOf(store, what)
  if (docs === null || typeof (docs as Iterable<unknown>)?.[Symbol.iterator] !== 'function') throw new TypeError(`${what}: docs must be an iterable of [docId, text] pairs`)
  const analyzed: Array<[DocId, AnalyzedField[]]> = []
  for (const pair of docs) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`${what}: each document must be a [docId, text] pair`)
    analyzed.push([requireDocId(pair[0], what), analyzeDocument(ix, store, pair[1], what)])
  }
  await inTransaction(tx, what, async (t) => {
    const pending = new PendingWrites()
    for (const [docId, fields] of analyzed) await writeDocument(t, store, ix, docId, fields, pending, what)
    pending.apply(t, ix)
  })
}

/**
 * Removes a document: its postings, its share of the statistics, its record
 * and text. In the database associated with `tx`; conflicts with writers
 * of the same `docId`, and with a removal or replace of another document
 * written in the same posting block (the same `addMany` batch): the retry
 * then succeeds.
 *
 * @returns whether the document was indexed (a body that runs twice returns
 *   false the second time, with the index as after one removal)
 * @example
 * ```ts
 * await pstore.remove(db, articles, 1) // true
 * ```
 */
export async function remove(tx: DbOrTx, store: PStore, docId: DocId): Promise<boolean> {
  const what = 'pstore.remove'
  const ix = internalsOf(store, what)
  requireDocId(docId, what)
  return await inTransaction(tx, what, async (t) => {
    const pending = new PendingWrites()
    const removed = await unwrite(t, ix, docId, pending.blocks, pending.counters, what)
    pending.apply(t, ix)
    return removed
  })
}

/**
 * found's `index`: indexes a document from term counts you computed
 * yourself (`counter` maps term → count). The terms are stored as given (not
 * analyzed), in the store's first field, without positions (phrase queries
 * and highlighting do not see them). Replaces any previous version of `docId`.
 *
 * @example
 * ```ts
 * await pstore.index(db, store, 0, new Map([['foundationdb', 1], ['database', 2]]))
 * ```
 */
export async function index(tx: DbOrTx, store: PStore, docId: DocId, counter: ReadonlyMap<string, number> | Readonly<Record<string, number>>): Promise<void> {
  const what = 'pstore.index'
  const ix = internalsOf(store, what)
  requireDocId(docId, what)
  if (counter === null || typeof counter !== 'object') throw new TypeError(`${what}: counter must be a Map or an object of term → count`)
  const terms = new Map<string, number>()
  for (const [term, count] of counter instanceof Map ? counter : Object.entries(counter)) {
    if (typeof term !== 'string' || term === '') throw new TypeError(`${what}: terms must be non-empty strings`)
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new FoundError(ErrorCode.invalidArgument, `${what}: the count of ${JSON.stringify(term)} must be a positive integer, got ${String(count)}`)
    }
    terms.set(term, count)
  }
  const fields = [countedField(0, terms)]
  await inTransaction(tx, what, async (t) => {
    const pending = new PendingWrites()
    await writeDocument(t, store, ix, docId, fields, pending, what)
    pending.apply(t, ix)
  })
}
