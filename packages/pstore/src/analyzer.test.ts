import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Analyzer, analyze, foldAccents, LANGUAGES, MAX_TOKEN_LENGTH, defaultStopWords } from './analyzer.js'

describe('analyze', () => {
  it('lowercases, drops stop words, stems and folds accents, in order', () => {
    expect(analyze('The Databases are RUNNING quickly')).toEqual(['databas', 'run', 'quickli'])
    expect(analyze('Café crème', { language: null })).toEqual(['cafe', 'creme'])
  })

  it('splits on anything that is not a letter, mark or digit', () => {
    expect(analyze('key-value, 2002; e_mail', { language: null })).toEqual(['key', 'value', '2002', 'e', 'mail'])
  })

  it('drops words longer than 64 characters', () => {
    expect(analyze(`${'x'.repeat(65)} short`, { language: null })).toEqual(['short'])
  })

  it('uses your stop words instead of the language list', () => {
    expect(analyze('to be or not', { stopWords: ['or'], language: null })).toEqual(['to', 'be', 'not'])
    expect(analyze('to be or')).toEqual([])
  })

  // One case per language: a plural or inflected noun and a stop word of the language.
  const cases: Record<(typeof LANGUAGES)[number], [string, string[]]> = {
    english: ['the libraries', ['librari']],
    french: ['les bibliothèques', ['bibliothequ']],
    spanish: ['las bibliotecas', ['bibliotec']],
    german: ['die Häuser', ['haus']],
    russian: ['и книги', ['книг']],
    italian: ['le librerie', ['librer']],
    portuguese: ['os livros', ['livr']],
    dutch: ['de huizen', ['huiz']],
  }
  for (const language of LANGUAGES) {
    it(`stems ${language} with its stop words`, () => {
      const [text, terms] = cases[language]
      expect(analyze(text, { language })).toEqual(terms)
      expect(defaultStopWords(language).length).toBeGreaterThan(20)
    })
  }

  it('finds the same words as splitting on non-letters, marks and digits (random Unicode, surrogate pairs, lone surrogates)', () => {
    const reference = (text: string, stopWords: readonly string[]): string[] =>
      text
        .split(/[^\p{L}\p{M}\p{N}]+/u)
        .filter((w) => w.length > 0 && w.length <= MAX_TOKEN_LENGTH && !stopWords.includes(w.toLowerCase()))
        .map((w) => foldAccents(w.toLowerCase()))
        .filter((t) => t !== '')
    const unit = fc.oneof(
      fc.constantFrom('a', 'B', 'z', '7', ' ', '-', '_', 'é', 'e\u0301', 'İ', 'ß', 'Ω', '日本', '\u{1d400}', '\u{1f600}', '\ud800', '\udc00', '٣', '\u00a0', 'the', 'The'),
      fc.string({ unit: 'binary', maxLength: 3 }),
    )
    fc.assert(
      fc.property(fc.array(fc.array(unit, { maxLength: 12 }).map((us) => us.join('')), { minLength: 1, maxLength: 6 }), (texts) => {
        // One analyzer for every text, so that later texts hit words cached by earlier ones.
        const analyzer = new Analyzer(null, ['the'])
        for (const text of texts) expect(analyzer.terms(text)).toEqual(reference(text, ['the']))
      }),
      { numRuns: 500 },
    )
    expect(analyze(`x${'y'.repeat(MAX_TOKEN_LENGTH)} Ok`, { language: null })).toEqual(['ok'])
  })

  it('refuses unknown languages and options', () => {
    expect(() => analyze('x', { language: 'klingon' as never })).toThrow(/pstore.analyze: language must be one of english/)
    expect(() => analyze('x', { langage: 'french' } as never)).toThrow(/unknown option "langage" \(did you mean "language"\?\)/)
    expect(() => analyze(3 as never)).toThrow(TypeError)
  })
})
