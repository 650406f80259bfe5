/**
 * Text analysis: the single source of truth for how text becomes terms
 * (tokenizing, lowercasing, stop words, stemming, accent folding). Indexing,
 * querying and highlighting all go through it, so a word is found exactly
 * when its analyzed form was indexed.
 *
 * The languages' stemmers and stop words come from `natural`, loaded by
 * file (languages.ts).
 *
 * @module
 */
import { requireKnownOptions } from '@foundkit/core'
import { grown } from './field-postings.js'
import { LANGUAGES, defaultStopWords, stemmerOf, type Language } from './languages.js'
import { ABSENT, HASH_SEED, WordCache, hashUnit, wordCharWidth } from './word-cache.js'

export { LANGUAGES, defaultStopWords, type Language } from './languages.js'

/** Options of {@link analyze} (and the analysis part of a store's options). */
export interface AnalyzeOptions {
  /**
   * The language whose stemmer and stop words are used, or `null` for none
   * (words are only lowercased and folded). Default: `'english'`.
   * @example
   * ```ts
   * analyze('Les bibliothèques', { language: 'french' }) // ['bibliothequ']
   * ```
   */
  language?: Language | null
  /**
   * Words left out of the index, compared in lowercase before stemming.
   * Default: the language's list from `natural` (none when `language` is null).
   * @example
   * ```ts
   * analyze('to be or not', { stopWords: ['or'] }) // ['to', 'be', 'not']
   * ```
   */
  stopWords?: readonly string[]
}

/**
 * Words longer than this are not indexed (base64 runs, hashes): they bloat
 * keys and are never searched for.
 * @example
 * ```ts
 * pstore.analyze('x'.repeat(pstore.MAX_TOKEN_LENGTH + 1)) // []
 * ```
 */
export const MAX_TOKEN_LENGTH = 64

/** A word of the text: letters, marks and digits (Unicode), as in most search engines. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu
const NON_ASCII = /[^\x00-\x7f]/
const MARKS = /\p{M}/gu

/**
 * Removes accents (after stemming, so that stemmers see real words).
 * @example
 * ```ts
 * pstore.foldAccents('crème brûlée') // 'creme brulee'
 * ```
 */
export function foldAccents(word: string): string {
  return NON_ASCII.test(word) ? word.normalize('NFD').replace(MARKS, '').normalize('NFC') : word
}

/**
 * One token of a text, with where it is (what highlighting uses).
 * @example
 * ```ts
 * const token: pstore.Token = { term: 'databas', position: 0, start: 4, end: 13 }
 * ```
 */
export interface Token {
  /** The analyzed term. */
  readonly term: string
  /** Its position among the text's terms (its index in `analyze`'s output). */
  readonly position: number
  /** Offset of the original word in the text (UTF-16 units). */
  readonly start: number
  /** Offset just after the original word. */
  readonly end: number
}

/**
 * How many words the word → term cache holds before it starts again (it and
 * the term ids are cleared together): enough for the vocabulary of a large
 * mail corpus (the SpamAssassin corpus has 195,000 distinct words), about
 * 15 MB at most per store.
 */
const CACHE_WORDS = 1 << 18

/**
 * A resolved analysis pipeline: one per store (made once by `make`), with a
 * bounded cache from word to term id, since stemming dominates indexing time.
 * A term id names a distinct term until the cache starts again, which happens
 * only when a method is entered: ids from {@link Analyzer.termIds} hold until
 * the next call.
 * @internal
 */
export class Analyzer {
  readonly #stopWords: ReadonlySet<string>
  readonly #stem: ((word: string) => string) | null
  /** word → its term's id, or -1 when the word is not indexed. */
  readonly #cache = new WordCache()
  /** term id → term. */
  readonly #termOfId: string[] = []
  /** term → its id. */
  readonly #idOfTerm = new Map<string, number>()
  /** lowercased word → its term's id or -1 (words that differ only in case are stemmed once). */
  readonly #idOfLower = new Map<string, number>()
  /** What {@link Analyzer.termIds} fills (grown as needed). */
  #ids = new Int32Array(1024)

  constructor(
    readonly language: Language | null,
    readonly stopWords: readonly string[],
  ) {
    this.#stopWords = new Set(stopWords.map((w) => w.toLowerCase()))
    this.#stem = language === null ? null : stemmerOf(language)
  }

  /** The number of term ids given out so far (every id is below it). */
  get idCount(): number {
    return this.#termOfId.length
  }

  /** The term of an id from {@link Analyzer.termIds}. */
  termOfId(id: number): string {
    return this.#termOfId[id]!
  }

  /** The term a word becomes, or null when it is not indexed (stop word, too long). */
  termOf(word: string): string | null {
    this.#bound()
    let hash = HASH_SEED
    for (let i = 0; i < word.length; i++) hash = hashUnit(hash, word.charCodeAt(i))
    const id = this.#idOf(word, 0, word.length, hash)
    return id < 0 ? null : this.#termOfId[id]!
  }

  /** Starts the cache and the ids again once the cache is full (only between calls, so ids in use stay valid). */
  #bound(): void {
    if (this.#cache.size < CACHE_WORDS) return
    this.#cache.clear()
    this.#idOfTerm.clear()
    this.#idOfLower.clear()
    this.#termOfId.length = 0
  }

  /** The term id of the word `text[start, end)` (hash `hash`), or -1 when it is not indexed. */
  #idOf(text: string, start: number, end: number, hash: number): number {
    const cached = this.#cache.get(text, start, end, hash)
    if (cached !== ABSENT) return cached
    const word = start === 0 && end === text.length ? text : text.slice(start, end)
    let id = -1
    if (word.length <= MAX_TOKEN_LENGTH) {
      const lower = word.toLowerCase()
      const known = this.#idOfLower.get(lower)
      if (known !== undefined) id = known
      else {
        id = this.#stopWords.has(lower) ? -1 : this.#idOfTermOf(lower)
        this.#idOfLower.set(lower, id)
      }
    }
    this.#cache.set(word, hash, id)
    return id
  }

  /** The id of the term a lowercased word stems to (a new id for a new term), or -1 when it stems to nothing. */
  #idOfTermOf(lower: string): number {
    const term = foldAccents(this.#stem === null ? lower : this.#stem(lower))
    if (term === '') return -1
    const known = this.#idOfTerm.get(term)
    if (known !== undefined) return known
    const id = this.#termOfId.push(term) - 1
    this.#idOfTerm.set(term, id)
    return id
  }

  /**
   * The term ids of `text`, in order: the first `count` items of `ids`
   * (an array reused by the next call, and valid until then). Words are the
   * runs of word characters (Unicode letters, marks, digits), as WORD says.
   */
  termIds(text: string): { ids: Int32Array; count: number } {
    this.#bound()
    let ids = this.#ids
    let count = 0
    const n = text.length
    let i = 0
    while (i < n) {
      let width = wordCharWidth(text, i)
      if (width === 0) {
        i++
        continue
      }
      const start = i
      let hash = HASH_SEED
      do {
        hash = hashUnit(hash, text.charCodeAt(i))
        if (width === 2) hash = hashUnit(hash, text.charCodeAt(i + 1))
        i += width
      } while (i < n && (width = wordCharWidth(text, i)) !== 0)
      const id = this.#idOf(text, start, i, hash)
      if (id < 0) continue
      if (count === ids.length) this.#ids = ids = grown(ids, count + 1)
      ids[count++] = id
    }
    return { ids, count }
  }

  /** The terms of `text`, in order. */
  terms(text: string): string[] {
    const { ids, count } = this.termIds(text)
    const out = new Array<string>(count)
    for (let i = 0; i < count; i++) out[i] = this.#termOfId[ids[i]!]!
    return out
  }

  /** The tokens of `text` with their offsets. */
  tokens(text: string): Token[] {
    this.#bound()
    const out: Token[] = []
    for (const m of text.matchAll(WORD)) {
      const term = this.termOf(m[0])
      if (term !== null) out.push({ term, position: out.length, start: m.index, end: m.index + m[0].length })
    }
    return out
  }
}

/** Checks the analysis options and builds their analyzer. @internal */
export function analyzerOf(what: string, language: unknown, stopWords: unknown): Analyzer {
  if (language !== null && !LANGUAGES.includes(language as Language)) {
    throw new TypeError(`${what}: language must be one of ${LANGUAGES.join(', ')} or null, got ${JSON.stringify(language)}`)
  }
  const lang = language as Language | null
  if (stopWords !== undefined && (!Array.isArray(stopWords) || !stopWords.every((w) => typeof w === 'string'))) {
    throw new TypeError(`${what}: stopWords must be an array of strings`)
  }
  return new Analyzer(lang, (stopWords as readonly string[] | undefined) ?? defaultStopWords(lang))
}

const sharedAnalyzers = new Map<string, Analyzer>()

/**
 * The terms that the index stores for `text`, in order: a term's position is
 * its index in the array. Words (runs of Unicode letters, marks and digits)
 * are lowercased; stop words are dropped; the rest are stemmed with
 * `natural`'s stemmer for the language and their accents removed. Words
 * longer than {@link MAX_TOKEN_LENGTH} are dropped.
 *
 * @param text - any text
 * @param options - the language and stop words (default English, natural's list)
 * @throws TypeError for a text that is not a string or an unknown option or language
 * @example
 * ```ts
 * analyze('The Databases are running') // ['databas', 'run']
 * analyze('Café CRÈME', { language: null }) // ['cafe', 'creme']
 * ```
 */
export function analyze(text: string, options?: AnalyzeOptions): string[] {
  if (typeof text !== 'string') throw new TypeError(`pstore.analyze: text must be a string, got ${typeof text}`)
  const { language = 'english', stopWords } = requireKnownOptions('pstore.analyze', options, ['language', 'stopWords'])
  if (stopWords !== undefined) return analyzerOf('pstore.analyze', language, stopWords).terms(text)
  const key = String(language)
  let analyzer = sharedAnalyzers.get(key)
  if (analyzer === undefined) {
    analyzer = analyzerOf('pstore.analyze', language, undefined)
    sharedAnalyzers.set(key, analyzer)
  }
  return analyzer.terms(text)
}
