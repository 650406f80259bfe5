import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Analyzer } from './analyzer.js'
import { encodePosting } from './codec.js'
import { analyzeField, countedField } from './field-postings.js'

/** What analyzeField must give, computed the plain way: per distinct term (first occurrence first), encodePosting of its positions. */
function reference(analyzer: Analyzer, text: string): { terms: string[]; postings: string[] } {
  const all = analyzer.terms(text)
  const positions = new Map<string, number[]>()
  all.forEach((term, position) => positions.set(term, [...(positions.get(term) ?? []), position]))
  return { terms: [...positions.keys()], postings: [...positions.values()].map((ps) => encodePosting(all.length, ps.length, ps).toString('hex')) }
}

function postingsOf(field: { postings: Uint8Array; ends: Int32Array }): string[] {
  return [...field.ends].map((end, i) => Buffer.from(field.postings.subarray(i === 0 ? 0 : field.ends[i - 1], end)).toString('hex'))
}

describe('analyzeField', () => {
  it('gives each distinct term, in order of first occurrence, the posting encodePosting gives (random texts, long gaps)', () => {
    const analyzer = new Analyzer('english', ['the'])
    const word = fc.constantFrom('apple', 'apples', 'the', 'banana', 'Cherry', 'crème', 'x'.repeat(70), '2002')
    // Runs of one filler word make position gaps over 127 (two-byte varints).
    const text = fc.array(fc.oneof(word, fc.integer({ min: 1, max: 300 }).map((n) => 'filler '.repeat(n))), { maxLength: 30 }).map((ws) => ws.join(' '))
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (texts) => {
        for (const t of texts) {
          const got = analyzeField(analyzer, 3, t)
          const want = reference(analyzer, t)
          expect(got.field).toBe(3)
          expect(got.length).toBe(analyzer.terms(t).length)
          expect(got.terms).toEqual(want.terms)
          expect(postingsOf(got)).toEqual(want.postings)
          expect(got.text).toBe(t)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('counted fields: the length is the sum of the counts, postings without positions', () => {
    const got = countedField(0, new Map([['a', 2], ['b', 300]]))
    expect(got.terms).toEqual(['a', 'b'])
    expect(got.length).toBe(302)
    expect(postingsOf(got)).toEqual([encodePosting(302, 2, []).toString('hex'), encodePosting(302, 300, []).toString('hex')])
    expect(got.text).toBeNull()
  })
})

describe('Analyzer term ids', () => {
  it('stay right when the word cache starts again', () => {
    const analyzer = new Analyzer(null, [])
    const words = Array.from({ length: (1 << 18) + 1 }, (_, i) => `w${i}`)
    expect(analyzer.terms(words.join(' '))).toEqual(words)
    expect(analyzer.idCount).toBe(words.length)
    // The next call starts the cache and the ids again (never during a call).
    const { ids, count } = analyzer.termIds('w5 zed w5')
    expect(analyzer.idCount).toBe(2)
    expect([...ids.subarray(0, count)].map((id) => analyzer.termOfId(id))).toEqual(['w5', 'zed', 'w5'])
    expect(postingsOf(analyzeField(analyzer, 0, 'w7 w5 w7'))).toEqual(reference(analyzer, 'w7 w5 w7').postings)
  })
})
