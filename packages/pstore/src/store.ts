/**
 * `@foundkit/pstore`'s handle and key layout: ranked (BM25) full-text search
 * stored in the database.
 *
 * ## Key layout (version 2), inside the handle's subspace `S`
 *
 * Fields are numbered by their order in the `fields` option (`f` below), so
 * add new fields at the end; `docId` is any tuple item; counters
 * are 8-byte little-endian integers written with atomic `add` (and cleared
 * with `compareAndClear` when they fall to 0, so nothing stale is left).
 *
 * - `S + (1, term, f, block, part)` → a posting block: the postings of
 *   (term, field) of the documents one write added (`block`, a random Uuid
 *   per write: an `add`, an `addMany` batch, an eavstore operation), per
 *   document: varint length of the packed docId, the packed docId, varint
 *   posting length, the posting (varint field length, varint frequency, then
 *   the term's positions as varint gaps). A block over 90,000 bytes is cut
 *   into parts 0, 1, ... One term's postings are one range scan.
 * - `S + (2, term, f)` → counter: documents whose field `f` contains `term`
 *   (document frequency). These keys are the term dictionary that prefix,
 *   fuzzy and `suggest` scan.
 * - `S + (3, f)` → counter: documents with at least one term in field `f`.
 * - `S + (4, f)` → counter: total length (in terms) of field `f` over all documents.
 * - `S + (5, docId, chunk)` → the document record, JSON
 *   `[block, [[f, length, [term, ...]], ...]]`, cut in chunks of ≤ 90,000
 *   bytes: where its postings are and what `remove` and `add` (replace)
 *   must undo.
 * - `S + (6, docId, f, chunk)` → the field's original text, UTF-8, in chunks
 *   (only with `storeText`, the default): what `highlight` reads.
 *
 * ## Costs
 * A write of `d` documents with `u` distinct terms per field among them
 * writes `u` block keys and `u` atomic adds (plus 2 per field, and a record
 * and the text per document), after one range read per document of its
 * previous record: a batch of 100 mails writes about 45 keys per mail where
 * one key per (term, document) would be 230. Writers draw different blocks,
 * so adds of different documents never conflict. Removing or replacing a
 * document reads and rewrites its block's value for each of its terms (one
 * range read per term, concurrently); it conflicts with writers of the same
 * `docId`, and with removals of other documents of the same block. A search
 * reads, per query term, its dictionary entries and its postings (one range
 * scan per field), plus 2 counters per field.
 *
 * @module
 */
import { Subspace, pack, requireKnownOptions, type TupleItem } from '@foundkit/core'
import { Analyzer, analyzerOf, type Language } from './analyzer.js'

/** The sub-space tags of the layout above. */
export const POSTINGS = 1
/** Tag of the term dictionary: `(2, term, f) → document frequency`. */
export const TERMS = 2
/** Tag of the per-field document counts. */
export const FIELD_DOCS = 3
/** Tag of the per-field total lengths. */
export const FIELD_LENGTHS = 4
/** Tag of the document records. */
export const RECORDS = 5
/** Tag of the stored texts. */
export const TEXTS = 6

/** One field of a store. */
export interface FieldOptions {
  /**
   * The weight of the field's BM25 score in a document's score. Default: 1.
   * @example
   * ```ts
   * pstore.make('docs', ['app'], { fields: { title: { boost: 2 }, body: {} } })
   * ```
   */
  boost?: number
}

/** Options of {@link make}. */
export interface PStoreOptions {
  /**
   * The stemming language, or `null` for no stemming. Default: `'english'`.
   * @example
   * ```ts
   * pstore.make('docs', ['app'], { language: 'french' })
   * ```
   */
  language?: Language | null
  /**
   * Words left out of the index. Default: the language's list (none for `null`).
   * @example
   * ```ts
   * pstore.make('docs', ['app'], { stopWords: ['the', 'a'] })
   * ```
   */
  stopWords?: readonly string[]
  /**
   * The fields a document may have, in a fixed order (their numbers in keys),
   * with their boosts; a list of names gives each a boost of 1. Default:
   * one field, `text`, which is where a plain string goes.
   * @example
   * ```ts
   * pstore.make('docs', ['app'], { fields: ['title', 'body'] })
   * ```
   */
  fields?: readonly string[] | Readonly<Record<string, FieldOptions>>
  /**
   * Keep each field's original text, for `highlight`. Default: true.
   * @example
   * ```ts
   * pstore.make('docs', ['app'], { storeText: false }) // smaller, no highlight
   * ```
   */
  storeText?: boolean
}

/** A field as the handle keeps it. */
export interface ResolvedField {
  /** Its name. */
  readonly name: string
  /** Its boost. */
  readonly boost: number
}

/** The options a handle was made with, defaults filled in. */
export interface ResolvedOptions {
  /** The stemming language, or null. */
  readonly language: Language | null
  /** The stop words. */
  readonly stopWords: readonly string[]
  /** The fields, in key order. */
  readonly fields: readonly ResolvedField[]
  /** Whether texts are stored. */
  readonly storeText: boolean
}

/** A pstore handle: where the index lives and how it analyzes text. Holds no connection and no data. */
export interface PStore {
  /** The store's name (for messages). */
  readonly name: string
  /** The subspace every key lies in. */
  readonly subspace: Subspace
  /** The options, defaults filled in. */
  readonly options: ResolvedOptions
}

/** What `make` precomputes for the operations. @internal */
export interface Internals {
  readonly analyzer: Analyzer
  readonly fieldIds: ReadonlyMap<string, number>
  readonly postings: Subspace
  readonly terms: Subspace
  readonly fieldDocs: Subspace
  readonly fieldLengths: Subspace
  readonly records: Subspace
  readonly texts: Subspace
}

const internals = new WeakMap<PStore, Internals>()

/**
 * The defaults {@link make} fills in: English, one field `text`, texts stored.
 * @example
 * ```ts
 * pstore.defaults.language // 'english'
 * ```
 */
export const defaults: Readonly<Required<Pick<PStoreOptions, 'language' | 'fields' | 'storeText'>>> = Object.freeze({
  language: 'english',
  fields: Object.freeze({ text: Object.freeze({}) }),
  storeText: true,
})

/**
 * Makes a pstore handle: a full-text index named `name` inside `where`.
 * Nothing is read or written; the handle can live in a module constant.
 *
 * @param name - a non-empty name, used in messages
 * @param where - a Subspace (a directory is one) or tuple items for one
 * @param options - language, stop words, fields and boosts, storeText
 * @throws TypeError for a bad name, `where` or option
 * @example
 * ```ts
 * import * as pstore from '@foundkit/pstore'
 * const articles = pstore.make('articles', ['app', 'search'], { fields: { title: { boost: 2 }, body: {} } })
 * ```
 */
export function make(name: string, where: Subspace | readonly TupleItem[], options?: PStoreOptions): PStore {
  if (typeof name !== 'string' || name === '') throw new TypeError(`pstore.make: name must be a non-empty string, got ${JSON.stringify(name)}`)
  const subspace = where instanceof Subspace ? where : Array.isArray(where) ? new Subspace(where) : null
  if (subspace === null) throw new TypeError('pstore.make: where must be a Subspace or an array of tuple items')
  const opts = requireKnownOptions('pstore.make', options, ['language', 'stopWords', 'fields', 'storeText'])
  const language = opts.language === undefined ? defaults.language : opts.language
  const analyzer = analyzerOf('pstore.make', language, opts.stopWords)
  const fields = resolveFields(opts.fields ?? defaults.fields)
  if (opts.storeText !== undefined && typeof opts.storeText !== 'boolean') throw new TypeError('pstore.make: storeText must be a boolean')
  const handle: PStore = Object.freeze({
    name,
    subspace,
    options: Object.freeze({ language: analyzer.language, stopWords: analyzer.stopWords, fields, storeText: opts.storeText ?? defaults.storeText }),
  })
  internals.set(handle, {
    analyzer,
    fieldIds: new Map(fields.map((f, i) => [f.name, i])),
    postings: subspace.subspace([POSTINGS]),
    terms: subspace.subspace([TERMS]),
    fieldDocs: subspace.subspace([FIELD_DOCS]),
    fieldLengths: subspace.subspace([FIELD_LENGTHS]),
    records: subspace.subspace([RECORDS]),
    texts: subspace.subspace([TEXTS]),
  })
  return handle
}

function resolveFields(fields: unknown): readonly ResolvedField[] {
  let entries: Array<[string, FieldOptions]>
  if (Array.isArray(fields)) entries = fields.map((f: unknown) => [f as string, {}])
  else if (fields !== null && typeof fields === 'object') entries = Object.entries(fields as Record<string, FieldOptions>)
  else throw new TypeError('pstore.make: fields must be an array of names or an object of field options')
  if (entries.length === 0) throw new TypeError('pstore.make: fields must name at least one field')
  const seen = new Set<string>()
  return Object.freeze(
    entries.map(([name, field]) => {
      if (typeof name !== 'string' || name === '' || seen.has(name)) throw new TypeError(`pstore.make: field names must be distinct non-empty strings, got ${JSON.stringify(name)}`)
      seen.add(name)
      const { boost = 1 } = requireKnownOptions(`pstore.make: field ${name}`, field, ['boost'])
      if (typeof boost !== 'number' || !Number.isFinite(boost) || boost < 0) throw new TypeError(`pstore.make: field ${name}: boost must be a finite number ≥ 0, got ${String(boost)}`)
      return Object.freeze({ name, boost })
    }),
  )
}

/** The precomputed parts of a handle; throws a TypeError for anything that is not one. @internal */
export function internalsOf(store: unknown, what: string): Internals {
  const found = internals.get(store as PStore)
  if (found === undefined) throw new TypeError(`${what}: the second argument must be a handle from pstore.make`)
  return found
}

/**
 * A document id: any tuple item (a string, an integer, a `Uuid` as
 * eavstore gives, ...), tuple-encoded in keys. Results tied on score come in
 * tuple order of their ids.
 * @example
 * ```ts
 * const id: pstore.DocId = 'notes/42'
 * ```
 */
export type DocId = TupleItem

/** Checks a document id: anything the tuple layer packs, except a non-integer number (it would come back as a Float64). @internal */
export function requireDocId(docId: unknown, what: string): DocId {
  if (docId === undefined || (typeof docId === 'number' && !Number.isSafeInteger(docId))) {
    throw new TypeError(`${what}: docId must be a tuple item (a string, a safe integer, a Uuid, ...), got ${String(docId)}`)
  }
  try {
    pack([docId as TupleItem])
  } catch {
    throw new TypeError(`${what}: docId must be a tuple item (a string, a safe integer, a Uuid, ...), got ${typeof docId}`)
  }
  return docId as DocId
}
