import { describe, expect, it } from 'vitest'
import { ErrorCode, open, type Database } from '@foundkit/core'
import { forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as eavstore from '@foundkit/eavstore'
import * as pstore from './index.js'
import { logicalDump } from '../test/logical-dump.js'

const articles = eavstore.make('articles', ['app', 'articles'])
const search = pstore.make('articles-search', ['app', 'search'], { fields: { title: { boost: 2 }, body: {} } })

/** The pstore's pairs only (the eavstore's are left out), postings one per document (not by block). */
async function indexDump(db: Database): Promise<unknown> {
  return await logicalDump(db, search)
}

/** The pstore pairs of a fresh database where `docs` are added directly with pstore.add. */
async function freshIndex(docs: ReadonlyArray<[eavstore.EavId, { title?: string; body?: string }]>): Promise<unknown> {
  const db = await open()
  for (const [id, doc] of docs) {
    const texts = Object.fromEntries(Object.entries(doc).filter(([k, v]) => (k === 'title' || k === 'body') && typeof v === 'string'))
    await pstore.add(db, search, id, texts)
  }
  const dump = await indexDump(db)
  await db.close()
  return dump
}

/** Every document of the eavstore, in id order. */
async function allDocs(db: Database, ids: readonly eavstore.EavId[]): Promise<Array<[eavstore.EavId, { title?: string; body?: string }]>> {
  const out: Array<[eavstore.EavId, { title?: string; body?: string }]> = []
  for (const id of ids) {
    const doc = await eavstore.get(db, articles, id)
    if (doc !== null) out.push([id, doc as { title?: string; body?: string }])
  }
  return out
}

forEachEngine('pstore over eavstore', ({ db, engine }) => {
  // Under fault injection a body may run twice after its commit applied: the second run's return value is the one returned.
  const exact = !/fault/i.test(engine.name)
  const indexed = pstore.indexEav(search, articles, { fields: ['title', 'body'] })

  describe('indexEav', () => {
    it('writes documents and postings together: search finds current documents only', async () => {
      const id = await indexed.create(db(), { title: 'FoundationDB', body: 'A distributed database', year: 2013 })
      const other = await indexed.create(db(), { title: 'Pasta', body: 'Boil water' }, 'pasta')
      let results = await indexed.search(db(), 'database')
      expect(results.map((r) => [r.docId, r.doc.title])).toEqual([[id, 'FoundationDB']])
      await indexed.update(db(), id, { title: 'FoundationDB', body: 'An ordered key-value store', year: 2013 })
      expect(await indexed.search(db(), 'database')).toEqual([])
      expect((await indexed.search(db(), 'ordered')).map((r) => r.docId)).toEqual([id])
      await indexed.patch(db(), other, { body: 'Cook the pasta in salted water' })
      expect((await indexed.search(db(), 'salted')).map((r) => r.doc.body)).toEqual(['Cook the pasta in salted water'])
      const removed = await indexed.remove(db(), other)
      if (exact) expect(removed).toBe(true)
      expect(await indexed.search(db(), 'pasta')).toEqual([])
      expect(await indexDump(db())).toEqual(await freshIndex([[id, { title: 'FoundationDB', body: 'An ordered key-value store' }]]))
    })

    it('a patch of an attribute that is not indexed leaves the index alone', async () => {
      const id = await indexed.create(db(), { title: 'FoundationDB', views: 1 })
      const before = await indexDump(db())
      await indexed.patch(db(), id, { views: 2 })
      expect(await indexDump(db())).toEqual(before)
      await indexed.patch(db(), id, { title: undefined })
      expect(await indexDump(db())).toEqual([])
    })

    it('under concurrent updates and patches, the index ends equal to the final documents', async () => {
      const ids = ['a', 'b', 'c']
      for (const id of ids) await indexed.create(db(), { title: `doc ${id}`, body: 'initial words' }, id)
      const words = ['apple', 'banana', 'cherry', 'damson', 'elder', 'fig']
      await Promise.all(
        Array.from({ length: 24 }, (_, i) => {
          const id = ids[i % ids.length]!
          const word = words[i % words.length]!
          return i % 3 === 0
            ? indexed.update(db(), id, { title: `doc ${id}`, body: `${word} replaced`, n: i })
            : indexed.patch(db(), id, i % 3 === 1 ? { body: `${word} patched` } : { n: i })
        }),
      )
      const docs = await allDocs(db(), ids)
      expect(await indexDump(db())).toEqual(await freshIndex(docs))
      for (const [id, doc] of docs) {
        const word = doc.body!.split(' ')[0]!
        expect((await indexed.search(db(), word, { limit: 10 })).map((r) => r.docId)).toContain(id)
      }
    })

    it('refuses fields the pstore does not have', () => {
      expect(() => pstore.indexEav(search, articles, { fields: ['summary'] })).toThrow(/pstore.indexEav: the pstore articles-search has no field "summary"/)
      expect(() => pstore.indexEav(search, articles, { field: ['title'] } as never)).toThrow(/unknown option "field" \(did you mean "fields"\?\)/)
      expect(() => pstore.indexEav(search, {} as never, { fields: ['title'] })).toThrow(TypeError)
    })
  })

  describe('reindex', () => {
    it('indexes an existing store in batches, with progress, exact under concurrent writes through the handle', async () => {
      const ids = Array.from({ length: 23 }, (_, i) => i)
      for (const id of ids) await eavstore.create(db(), articles, { title: `article ${id}`, body: id % 2 === 0 ? 'even numbers' : 'odd numbers' }, id)
      const progress: number[] = []
      const writes = Promise.all(ids.filter((id) => id % 5 === 0).map((id) => indexed.update(db(), id, { title: `article ${id}`, body: 'rewritten during the reindex' })))
      const total = await pstore.reindex(db(), indexed, { batch: 5, onProgress: ({ documents }) => progress.push(documents) })
      await writes
      expect(total).toBe(23)
      expect(progress).toEqual([5, 10, 15, 20, 23])
      expect(await indexDump(db())).toEqual(await freshIndex(await allDocs(db(), ids)))
      expect((await indexed.search(db(), 'rewritten', { limit: 100 })).map((r) => r.docId)).toEqual([0, 5, 10, 15, 20])
    })

    it('takes a Database and checks its options', async () => {
      await rejectsWith(pstore.reindex({} as Database, indexed), 'TypeError', /pstore.reindex: the first argument must be a Database/)
      await rejectsWith(pstore.reindex(db(), indexed, { batch: 0 }), 'TypeError', /batch must be a positive integer, got 0/)
      await rejectsWith(pstore.reindex(db(), indexed, { bach: 3 } as never), 'TypeError', /unknown option "bach"/)
      expect(ErrorCode.invalidArgument).toBeTypeOf('number')
    })
  })
})
