/**
 * `@foundkit/pstore`: ranked (BM25) full-text search stored in the database,
 * on every engine. Import it as a namespace:
 * `import * as pstore from '@foundkit/pstore'`. The key layout is documented
 * in {@link make}'s module (store.ts) and in docs/pstore.md.
 *
 * @example
 * ```ts
 * import { open } from '@foundkit/core'
 * import * as pstore from '@foundkit/pstore'
 * const db = await open()
 * const notes = pstore.make('notes', ['notes'])
 * await pstore.add(db, notes, 1, 'FoundationDB is a distributed database')
 * await pstore.search(db, notes, 'databases') // => [{ docId: 1, score: 0.29, matches: { databas: ['text'] } }]
 * ```
 *
 * @packageDocumentation
 */
export { analyze, foldAccents, defaultStopWords, LANGUAGES, MAX_TOKEN_LENGTH, type AnalyzeOptions, type Language, type Token } from './analyzer.js'
export { make, defaults, type PStore, type PStoreOptions, type FieldOptions, type ResolvedField, type ResolvedOptions, type DocId } from './store.js'
export { add, addMany, remove, index, type DocumentText } from './write.js'
export { search, EXPANSION_WEIGHT, MAX_EXPANSIONS, type SearchOptions, type SearchResult } from './search.js'
export { highlight, type HighlightOptions } from './highlight.js'
export { suggest, type SuggestOptions } from './suggest.js'
export { K1, B } from './scoring.js'
export { indexEav, reindex, type IndexEavOptions, type IndexedEav, type EavSearchResult, type ReindexOptions } from './eav.js'

/**
 * The name of this layer, as it appears in error messages.
 * @example
 * ```ts
 * pstore.LAYER_NAME // 'pstore'
 * ```
 */
export const LAYER_NAME = 'pstore'
