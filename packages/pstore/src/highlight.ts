/**
 * `highlight`: snippets of a document's stored text with the words that
 * match a query marked.
 *
 * @module
 */
import { ErrorCode, FoundError, inTransaction, requireKnownOptions, type DbOrTx } from '@foundkit/core'
import { parseQuery } from './query-parser.js'
import { internalsOf, requireDocId, type DocId, type PStore } from './store.js'
import { readChunks } from './write.js'

/** Options of {@link highlight}. */
export interface HighlightOptions {
  /**
   * The field whose text is shown. Default: the store's first field.
   * @example
   * ```ts
   * pstore.highlight(db, store, 1, 'database', { field: 'body' })
   * ```
   */
  field?: string
  /**
   * How many characters of context to keep on each side of a match. Default: 30.
   * @example
   * ```ts
   * pstore.highlight(db, store, 1, 'database', { around: 10 })
   * ```
   */
  around?: number
  /**
   * The strings put before and after each matched word. Default: `['<mark>', '</mark>']`.
   * @example
   * ```ts
   * pstore.highlight(db, store, 1, 'database', { marks: ['**', '**'] })
   * ```
   */
  marks?: readonly [string, string]
}

/**
 * Snippets of the stored text of `docId`'s field in which the words matching
 * `query` (its words, phrases' words and prefixes, analyzed as the index
 * does; exclusions ignored) are marked. Overlapping snippets are merged; a
 * cut is shown as `…`. Needs a store made with `storeText` (the default).
 *
 * In the database associated with `tx`; reads the document's stored text only.
 *
 * @returns the snippets in text order; empty when the document has no text in that field or nothing matches
 * @throws FoundError `invalidArgument` for an unknown field or a store without stored texts
 * @example
 * ```ts
 * await pstore.highlight(db, store, 1, 'database', { around: 8 })
 * // => ['…uted <mark>database</mark> with …']
 * ```
 */
export async function highlight(tx: DbOrTx, store: PStore, docId: DocId, query: string, options?: HighlightOptions): Promise<string[]> {
  const what = 'pstore.highlight'
  const ix = internalsOf(store, what)
  requireDocId(docId, what)
  if (typeof query !== 'string') throw new TypeError(`${what}: query must be a string`)
  const { field = store.options.fields[0]!.name, around = 30, marks = ['<mark>', '</mark>'] } = requireKnownOptions(what, options, ['field', 'around', 'marks'])
  if (!Number.isSafeInteger(around) || around < 0) throw new TypeError(`${what}: around must be a non-negative integer`)
  if (!Array.isArray(marks) || marks.length !== 2 || !marks.every((m) => typeof m === 'string')) throw new TypeError(`${what}: marks must be two strings`)
  const fieldId = ix.fieldIds.get(field)
  if (fieldId === undefined) throw new FoundError(ErrorCode.invalidArgument, `${what}: unknown field ${JSON.stringify(field)}`)
  if (!store.options.storeText) throw new FoundError(ErrorCode.invalidArgument, `${what}: the store ${store.name} keeps no texts (storeText: false)`)
  const clauses = parseQuery(query, ix.analyzer).filter((c) => !c.excluded)
  const terms = new Set(clauses.filter((c) => c.kind !== 'prefix').flatMap((c) => c.terms))
  const prefixes = clauses.filter((c) => c.kind === 'prefix').map((c) => c.terms[0]!)
  const stored = await inTransaction(tx, what, (t) => readChunks(t, ix.texts.range([docId, fieldId])))
  if (stored === null) return []
  const text = stored.toString('utf8')
  const matched = ix.analyzer.tokens(text).filter((t) => terms.has(t.term) || prefixes.some((p) => t.term.startsWith(p)))
  return snippets(text, matched, around, marks)
}

/** Cuts `text` into windows around the matches (merged when they overlap), marking each match. */
function snippets(text: string, matches: ReadonlyArray<{ start: number; end: number }>, around: number, [open, close]: readonly [string, string]): string[] {
  const windows: Array<{ from: number; to: number; marks: Array<{ start: number; end: number }> }> = []
  for (const m of matches) {
    const from = Math.max(0, m.start - around)
    const to = Math.min(text.length, m.end + around)
    const last = windows[windows.length - 1]
    if (last !== undefined && from <= last.to) {
      last.to = Math.max(last.to, to)
      last.marks.push(m)
    } else windows.push({ from, to, marks: [m] })
  }
  return windows.map(({ from, to, marks }) => {
    let out = from > 0 ? '…' : ''
    let at = from
    for (const m of marks) {
      out += text.slice(at, m.start) + open + text.slice(m.start, m.end) + close
      at = m.end
    }
    return out + text.slice(at, to) + (to < text.length ? '…' : '')
  })
}
