/**
 * The languages pstore analyzes: each one's stemmer and stop words, from
 * `natural`, loaded by file, lazily, through `createRequire`: only its
 * stemmer and stop-word modules, never its package root (which loads
 * database drivers and runs `dotenv.config()`).
 *
 * @module
 */
import { createRequire } from 'node:module'

/** The languages pstore stems, with `natural`'s Porter/Snowball stemmers. */
export type Language = 'english' | 'french' | 'spanish' | 'german' | 'russian' | 'italian' | 'portuguese' | 'dutch'

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

/** The stemmer of `language` (loaded once). @internal */
export function stemmerOf(language: Language): (word: string) => string {
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
