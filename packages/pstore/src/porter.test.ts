import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { measure, stemEnglish } from './porter.js'

/** natural's own English Porter stemmer: the reference porter.ts must equal. */
const natural = createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string; measure(word: string): number }

/** Pieces that reach every rule: step 1-5 suffixes, double consonants, y after consonants and vowels, non-ASCII. */
const PIECES = [
  'ational', 'tional', 'enci', 'anci', 'izer', 'abli', 'bli', 'alli', 'entli', 'eli', 'ousli', 'ization', 'ation', 'ator', 'alism', 'iveness',
  'fulness', 'ousness', 'aliti', 'iviti', 'biliti', 'logi', 'icate', 'ative', 'alize', 'iciti', 'ical', 'ful', 'ness', 'al', 'ance', 'ence',
  'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'sion', 'tion', 'ion', 'eed',
  'ed', 'ing', 'sses', 'ies', 's', 'ss', 'y', 'e', 'll', 'at', 'bl', 'iz', 'hop', 'fil', 'fail', 'cr', 'tr', 'b', 'c', 'a', 'o', 'u', 'ya',
  'yy', 'w', 'x', 'é', '1',
]

describe('stemEnglish (natural\'s Porter stemmer without the garbage)', () => {
  it('equals natural on words built from suffixes and letters (fast-check)', () => {
    const piece = fc.constantFrom(...PIECES)
    const letters = fc.string({ unit: fc.constantFrom(...'aeiouybcdlnstwxzg'), minLength: 1, maxLength: 12 })
    const word = fc.oneof(fc.array(piece, { minLength: 1, maxLength: 4 }).map((ps) => ps.join('')), letters, fc.string({ maxLength: 8 }))
    fc.assert(
      fc.property(word, fc.boolean(), (w, upper) => {
        const input = upper ? w.toUpperCase() : w
        expect(stemEnglish(input)).toBe(natural.stem(input))
        // (natural measures lowercased words only: its group string is itself made of the letters C and V)
        expect(measure(input.toLowerCase())).toBe(natural.measure(input.toLowerCase()))
      }),
      { numRuns: 20_000 },
    )
  })

  it('equals natural on a word list', () => {
    const words = ['caresses', 'ponies', 'ties', 'caress', 'cats', 'feed', 'agreed', 'plastered', 'bled', 'motoring', 'sing', 'conflated', 'troubled',
      'sized', 'hopping', 'tanned', 'falling', 'hissing', 'fizzed', 'failing', 'filing', 'happy', 'sky', 'relational', 'conditional', 'rational',
      'valenci', 'hesitanci', 'digitizer', 'conformabli', 'radicalli', 'differentli', 'vileli', 'analogousli', 'vietnamization', 'predication',
      'operator', 'feudalism', 'decisiveness', 'hopefulness', 'callousness', 'formaliti', 'sensitiviti', 'sensibiliti', 'triplicate', 'formative',
      'formalize', 'electriciti', 'electrical', 'hopeful', 'goodness', 'revival', 'allowance', 'inference', 'airliner', 'gyroscopic', 'adjustable',
      'defensible', 'irritant', 'replacement', 'adjustment', 'dependent', 'adoption', 'homologou', 'communism', 'activate', 'angulariti',
      'homologous', 'effective', 'bowdlerize', 'probate', 'rate', 'cease', 'controll', 'roll', 'generalizations', 'oscillators', 'yyy', 'bya',
      'syzygy', 'running', 'databases', 'ing', 'eed', 'ed', 'as', 'is', 'sss', 'crème', 'naïve', '2002', 'x1y2']
    for (const w of words) expect(stemEnglish(w)).toBe(natural.stem(w))
  })
})
