/**
 * Text analysis: the single source of truth for how text becomes terms
 * (tokenizing, lowercasing, stop words, stemming, accent folding). Indexing,
 * querying and highlighting all go through it, so a word is found exactly
 * when its analyzed form was indexed.
 *
 * `natural` is loaded by file, lazily, through `createRequire`: only its
 * stemmer and stop-word modules, never its package root (which loads database
 * drivers and runs `dotenv.config()`).
 *
 * @module
 */
import { createRequire } from 'node:module'
import { requireKnownOptions } from '@foundkit/core'
import { grown } from './field-postings.js'

/** The languages pstore stems, with `natural`'s Porter/Snowball stemmers. */
export type Language = 'english' | 'french' | 'spanish' | 'german' | 'russian' | 'italian' | 'portuguese' | 'dutch'

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

/** Where natural keeps each language's stemmer and stop words (German's come from its dependency stopwords-iso). */
const NATURAL_FILES: Readonly<Record<Language, { stemmer: string; stopWords: string | null }>> = {
  english: { stemmer: 'porter_stemmer', stopWords: 'stopwords' },
  french: { stemmer: 'porter_stemmer_fr', stopWords: 'stopwords_fr' },
  spanish: { stemmer: 'porter_stemmer_es', stopWords: 'stopwords_es' },
  german: { stemmer: 'porter_stemmer_de', stopWords: null },
  russian: { stemmer: 'porter_stemmer_ru', stopWords: 'stopwords_ru' },
  italian: { stemmer: 'porter_stemmer_it', stopWords: 'stopwords_it' },
  portuguese: { stemmer: 'porter_stemmer_pt', stopWords: 'stopwords_pt' },
  dutch: { stemmer: 'porter_stemmer_nl', stopWords: 'stopwords_nl' },
}

/**
 * Every language name {@link analyze} accepts.
 * @example
 * ```ts
 * pstore.LANGUAGES.includes('french') // true
 * ```
 */
export const LANGUAGES: readonly Language[] = Object.freeze(Object.keys(NATURAL_FILES) as Language[])

const requireCjs = createRequire(import.meta.url)

interface NaturalStemmer {
  stem(word: string): string
}

const stemmers = new Map<Language, (word: string) => string>()
const stopWordLists = new Map<Language, readonly string[]>()

function stemmerOf(language: Language): (word: string) => string {
  let stem = stemmers.get(language)
  if (stem === undefined) {
    const module = requireCjs(`natural/lib/natural/stemmers/${NATURAL_FILES[language].stemmer}.js`) as NaturalStemmer
    stem = (word) => module.stem(word)
    stemmers.set(language, stem)
  }
  return stem
}

/**
 * The default stop words of `language`, as natural ships them (German's from
 * stopwords-iso, which natural's German stemmer uses); none for `null`.
 * @example
 * ```ts
 * pstore.defaultStopWords('english').includes('the') // true
 * ```
 */
export function defaultStopWords(language: Language | null): readonly string[] {
  if (language === null) return []
  let words = stopWordLists.get(language)
  if (words === undefined) {
    const file = NATURAL_FILES[language].stopWords
    if (file === null) {
      // natural's German stemmer takes its stop words from stopwords-iso; resolve it from natural's own folder.
      const fromNatural = createRequire(requireCjs.resolve('natural/lib/natural/stemmers/stemmer_de.js'))
      words = Object.freeze([...(fromNatural('stopwords-iso') as Record<string, string[]>).de!])
    } else {
      words = Object.freeze([...(requireCjs(`natural/lib/natural/util/${file}.js`) as { words: string[] }).words])
    }
    stopWordLists.set(language, words)
  }
  return words
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
/** What separates words: splitting on it gives the words of WORD (and empty strings at the ends), with no match object per word. */
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/u
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

/** How many words the word → term cache holds before it starts again (it and the term ids are cleared together). */
const CACHE_WORDS = 100_000

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
  readonly #cache = new Map<string, number>()
  /** term id → term. */
  readonly #termOfId: string[] = []
  /** term → its id. */
  readonly #idOfTerm = new Map<string, number>()
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
    const id = this.#idOf(word)
    return id < 0 ? null : this.#termOfId[id]!
  }

  /** Starts the cache and the ids again once the cache is full (only between calls, so ids in use stay valid). */
  #bound(): void {
    if (this.#cache.size < CACHE_WORDS) return
    this.#cache.clear()
    this.#idOfTerm.clear()
    this.#termOfId.length = 0
  }

  #idOf(word: string): number {
    const cached = this.#cache.get(word)
    if (cached !== undefined) return cached
    let id = -1
    const lower = word.toLowerCase()
    if (word.length <= MAX_TOKEN_LENGTH && !this.#stopWords.has(lower)) {
      const term = foldAccents(this.#stem === null ? lower : this.#stem(lower))
      if (term !== '') {
        const known = this.#idOfTerm.get(term)
        if (known !== undefined) id = known
        else {
          id = this.#termOfId.push(term) - 1
          this.#idOfTerm.set(term, id)
        }
      }
    }
    this.#cache.set(word, id)
    return id
  }

  /**
   * The term ids of `text`, in order: the first `count` items of `ids`
   * (an array reused by the next call, and valid until then).
   */
  termIds(text: string): { ids: Int32Array; count: number } {
    this.#bound()
    let ids = this.#ids
    let count = 0
    for (const word of text.split(NON_WORD)) {
      if (word.length === 0) continue
      const id = this.#idOf(word)
      if (id < 0) continue
      if (count === ids.length) this.#ids = ids = grown(ids, count + 1)
      ids[count++] = id
    }
    return { ids, count }
  }

  /** The terms of `text`, in order. */
  terms(text: string): string[] {
    this.#bound()
    const out: string[] = []
    for (const word of text.split(NON_WORD)) {
      if (word.length === 0) continue
      const id = this.#idOf(word)
      if (id >= 0) out.push(this.#termOfId[id]!)
    }
    return out
  }

  /** The tokens of `text` with their offsets. */
  tokens(text: string): Token[] {
    this.#bound()
    const out: Token[] = []
    for (const m of text.matchAll(WORD)) {
      const id = this.#idOf(m[0])
      if (id >= 0) out.push({ term: this.#termOfId[id]!, position: out.length, start: m.index, end: m.index + m[0].length })
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
