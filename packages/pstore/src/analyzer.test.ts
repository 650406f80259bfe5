import { describe, expect, it } from 'vitest'
import { analyze, LANGUAGES, defaultStopWords } from './analyzer.js'

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

  it('refuses unknown languages and options', () => {
    expect(() => analyze('x', { language: 'klingon' as never })).toThrow(/pstore.analyze: language must be one of english/)
    expect(() => analyze('x', { langage: 'french' } as never)).toThrow(/unknown option "langage" \(did you mean "language"\?\)/)
    expect(() => analyze(3 as never)).toThrow(TypeError)
  })
})
