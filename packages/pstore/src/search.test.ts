import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ErrorCode, open } from '@foundkit/core'
import { forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as pstore from './index.js'

const CORPUS: Record<number, { title: string; body: string }> = {
  1: { title: 'FoundationDB', body: 'FoundationDB is a distributed database designed to handle large volumes of structured data' },
  2: { title: 'Distributed systems', body: 'A distributed system runs on many machines; a database is often one' },
  3: { title: 'Cooking pasta', body: 'Boil water, add salt, cook the pasta for ten minutes' },
  4: { title: 'Database indexes', body: 'An index makes a database query fast: the database reads fewer pages' },
  5: { title: 'Key-value stores', body: 'Ordered key-value stores keep keys sorted, like FoundationDB' },
  6: { title: 'Databases', body: 'Relational databases, document databases and key-value databases' },
}
const BOOSTS = { title: 2, body: 1 }

/** BM25 computed the plain way, from `analyze`'s output, for an OR (or AND) query of distinct words. */
function reference(words: string[], mode: 'or' | 'and', corpus: Record<number, { title: string; body: string }> = CORPUS): Array<{ docId: number; score: number }> {
  const terms = [...new Set(words.flatMap((w) => pstore.analyze(w)))]
  const analyzed = Object.entries(corpus).map(([id, doc]) => ({ id: Number(id), title: pstore.analyze(doc.title), body: pstore.analyze(doc.body) }))
  const scores = new Map<number, number>()
  const matched = new Map<number, Set<string>>()
  for (const field of ['title', 'body'] as const) {
    const withField = analyzed.filter((d) => d[field].length > 0)
    const n = withField.length
    const avg = withField.reduce((s, d) => s + d[field].length, 0) / n
    for (const term of terms) {
      const df = withField.filter((d) => d[field].includes(term)).length
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5))
      for (const d of withField) {
        const tf = d[field].filter((t) => t === term).length
        if (tf === 0) continue
        const len = d[field].length
        const s = BOOSTS[field] * idf * ((tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * len) / avg)))
        scores.set(d.id, (scores.get(d.id) ?? 0) + s)
        matched.set(d.id, (matched.get(d.id) ?? new Set()).add(term))
      }
    }
  }
  return [...scores]
    .filter(([id]) => mode === 'or' || matched.get(id)!.size === terms.length)
    .map(([docId, score]) => ({ docId, score }))
    .sort((a, b) => b.score - a.score || a.docId - b.docId)
}

forEachEngine('pstore search', ({ db }) => {
  const store = pstore.make('docs', ['docs'], { fields: { title: { boost: BOOSTS.title }, body: {} } })
  const load = async (): Promise<void> => {
    for (const [id, doc] of Object.entries(CORPUS)) await pstore.add(db(), store, Number(id), doc)
  }
  const ids = async (q: string, options?: pstore.SearchOptions): Promise<pstore.DocId[]> =>
    (await pstore.search(db(), store, q, { limit: 100, ...options })).map((r) => r.docId)

  describe('ranking', () => {
    it('scores equal a reference BM25 computation over analyze() to 1e-9, OR and AND', async () => {
      await load()
      for (const [query, mode] of [['database', 'or'], ['distributed database', 'or'], ['foundationdb key', 'or'], ['distributed database', 'and'], ['databases values', 'and']] as const) {
        const got = await pstore.search(db(), store, query, { limit: 100, mode })
        const want = reference(query.split(' '), mode)
        expect(got.map((r) => r.docId), query).toEqual(want.map((r) => r.docId))
        got.forEach((r, i) => expect(Math.abs(r.score - want[i]!.score), query).toBeLessThan(1e-9))
      }
    })

    it('breaks ties by docId and gives identical results on every run', async () => {
      for (const id of [9, 'b', 3, 'a', 7]) await pstore.add(db(), store, id, { title: 'same', body: 'same words here' })
      const first = await pstore.search(db(), store, 'same words')
      expect(first.map((r) => r.docId)).toEqual(['a', 'b', 3, 7, 9]) // tuple order: strings before integers
      for (let i = 0; i < 3; i++) expect(await pstore.search(db(), store, 'same words')).toEqual(first)
    })

    it('a one-word query on a one-field store (its fast path) ranks as the general path does', async () => {
      const notes = pstore.make('notes', ['notes'])
      for (const [id, doc] of Object.entries(CORPUS)) await pstore.add(db(), notes, Number(id), `${doc.title} ${doc.body}`)
      for (const [query, limit] of [['database', 2], ['database', 10], ['foundationdb', 10], ['pasta', 1], ['nothing', 10]] as const) {
        const fast = await pstore.search(db(), notes, query, { limit })
        const general = await pstore.search(db(), notes, query, { limit, filter: () => true }) // a filter takes the general path
        expect(fast, query).toEqual(general)
      }
      expect(await pstore.search(db(), notes, 'database', { limit: 2 })).toHaveLength(2)
    })

    it('reports which terms matched in which fields', async () => {
      await load()
      const [best] = await pstore.search(db(), store, 'foundationdb distributed')
      expect(best!.docId).toBe(1)
      expect(best!.matches).toEqual({ foundationdb: ['title', 'body'], distribut: ['body'] })
    })
  })

  describe('query syntax', () => {
    it('AND keeps documents with every word; OR any', async () => {
      await load()
      expect((await ids('distributed foundationdb', { mode: 'and' })).sort()).toEqual([1])
      expect((await ids('distributed foundationdb')).sort()).toEqual([1, 2, 5])
    })

    it('-word excludes, in both modes', async () => {
      await load()
      expect((await ids('database -foundationdb')).sort()).toEqual([2, 4, 6])
      expect((await ids('database -"key value"', { mode: 'and' })).sort()).toEqual([1, 2, 4])
    })

    it('"a phrase" needs its words consecutive in one field', async () => {
      await load()
      expect(await ids('"distributed database"')).toEqual([1]) // doc 2 has both words, apart
      expect((await ids('"key value"')).sort()).toEqual([5, 6])
      expect(await ids('"value key"')).toEqual([])
    })

    it('word* matches every term with that prefix, and prefix: true does it for every word', async () => {
      await load()
      expect((await ids('databa*')).sort()).toEqual([1, 2, 4, 6])
      expect((await ids('past*')).sort()).toEqual([3])
      expect(await ids('past')).toEqual([])
      expect(await ids('past', { prefix: true })).toEqual([3])
    })

    it('fuzzy: 1 finds terms one edit away in the dictionary', async () => {
      await load()
      expect(await ids('pastx')).toEqual([])
      expect(await ids('pastx', { fuzzy: 1 })).toEqual([3])
      expect(await ids('paxtx', { fuzzy: 1 })).toEqual([])
      expect(await ids('paxtx', { fuzzy: 2 })).toEqual([3])
    })
  })

  describe('options', () => {
    it('fields, boost, filter and limit', async () => {
      await load()
      expect((await ids('foundationdb', { fields: ['title'] })).sort()).toEqual([1])
      expect((await ids('databases', { filter: (id) => id !== 4 })).includes(4)).toBe(false)
      expect(await ids('database', { limit: 2 })).toHaveLength(2)
      // A title boost of 0 leaves the body's score alone.
      const score = async (options: pstore.SearchOptions): Promise<number> => (await pstore.search(db(), store, 'pasta', options))[0]!.score
      expect(await score({ boost: { title: 0 } })).toBeCloseTo(await score({ fields: ['body'] }), 12)
      expect(await score({})).toBeGreaterThan(await score({ fields: ['body'] }))
    })

    it('refuses unknown options and fields', async () => {
      await rejectsWith(pstore.search(db(), store, 'x', { limt: 3 } as never), 'TypeError', /pstore.search: unknown option "limt" \(did you mean "limit"\?\)/)
      await rejectsWith(pstore.search(db(), store, 'x', { fields: ['summary'] }), ErrorCode.invalidArgument, /pstore.search: unknown field "summary"/)
      await rejectsWith(pstore.search(db(), store, 'x', { mode: 'xor' as never }), 'TypeError', /mode must be 'or' or 'and'/)
    })
  })
})

describe('search against a brute-force model (fast-check)', () => {
  const store = pstore.make('docs', ['docs'], { fields: { title: { boost: BOOSTS.title }, body: {} } })
  const word = fc.constantFrom('apple', 'apples', 'banana', 'cherry', 'the', 'dates', 'elder', 'fig', 'grape')
  const text = fc.array(word, { minLength: 0, maxLength: 8 }).map((ws) => ws.join(' '))
  const op = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), id: fc.integer({ min: 0, max: 7 }), title: text, body: text }),
    fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 7 }) }),
  )

  it('after random adds, replaces and removes, OR and AND results and scores match the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 16 }), fc.array(word, { minLength: 1, maxLength: 3 }), fc.constantFrom('or' as const, 'and' as const), async (ops, query, mode) => {
        const db = await open()
        const model: Record<number, { title: string; body: string }> = {}
        for (const o of ops) {
          if (o.kind === 'add') {
            await pstore.add(db, store, o.id, { title: o.title, body: o.body })
            model[o.id] = { title: o.title, body: o.body }
            // A document with no indexable term leaves nothing in the index.
            if (pstore.analyze(`${o.title} ${o.body}`).length === 0) delete model[o.id]
          } else {
            expect(await pstore.remove(db, store, o.id)).toBe(o.id in model)
            delete model[o.id]
          }
        }
        const got = await pstore.search(db, store, query.join(' '), { mode, limit: 100 })
        await db.close()
        const want = reference(query, mode, model)
        // The same documents with the same scores (to 1e-9), best first. Two scores within 1e-9 of each
        // other may be equal in one summation order and not in the other, so their order is not compared
        // (exact ties are ordered by docId: the 'ties' test above checks that).
        expect(got.map((r) => r.docId).sort()).toEqual(want.map((r) => r.docId).sort())
        const wantScore = new Map(want.map((r) => [r.docId, r.score]))
        for (const r of got) expect(Math.abs(r.score - wantScore.get(r.docId as number)!)).toBeLessThan(1e-9)
        for (let i = 1; i < got.length; i++) expect(got[i]!.score).toBeLessThanOrEqual(got[i - 1]!.score + 1e-9)
      }),
      { numRuns: 100 },
    )
  })
})
