import { describe, expect, it } from 'vitest'
import { ErrorCode, open, query, transactional, type Database } from '@foundkit/core'
import { dumpAll, forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as pstore from './index.js'
import { logicalDump } from '../test/logical-dump.js'

const DOCS: Record<number, { title: string; body: string }> = {
  1: { title: 'FoundationDB', body: 'A distributed database with transactions' },
  2: { title: 'Spam', body: 'Cheap pills, buy now' },
  3: { title: 'Databases', body: 'Ordered key-value databases and their transactions' },
}

function handle(): pstore.PStore {
  return pstore.make('docs', ['app', 'search'], { fields: { title: { boost: 2 }, body: {} } })
}

/** The logical dump of a fresh in-memory database holding exactly `docs`, each added once. */
async function freshDump(docs: Record<number, { title: string; body: string }>): Promise<unknown> {
  const db = await open()
  for (const [id, doc] of Object.entries(docs)) await pstore.add(db, handle(), Number(id), doc)
  const dump = await logicalDump(db, handle())
  await db.close()
  return dump
}

forEachEngine('pstore writes', ({ db, engine }) => {
  // Under fault injection a body may run twice after its commit applied: the second run's return value is the one returned.
  const exact = !/fault/i.test(engine.name)
  describe('add', () => {
    it("ports found's case: foundationdb → doc 0, spam → doc 2, database → docs 0 then 1", async () => {
      const store = pstore.make('found', ['found'])
      // doc 0 says "database" twice in a shorter text than doc 1, so it ranks first
      await pstore.index(db(), store, 0, { foundationdb: 1, database: 2 })
      await pstore.index(db(), store, 1, new Map([['database', 1], ['other', 3]]))
      await pstore.index(db(), store, 2, { spam: 5 })
      expect((await pstore.search(db(), store, ['foundationdb'])).map(([id]) => id)).toEqual([0])
      expect((await pstore.search(db(), store, ['spam'])).map(([id]) => id)).toEqual([2])
      expect((await pstore.search(db(), store, ['database'])).map(([id]) => id)).toEqual([0, 1])
      expect(await pstore.search(db(), store, ['database', 'spam'])).toEqual([])
    })

    it('replacing and removing documents leaves the same keys as indexing the final documents once', async () => {
      const store = handle()
      for (const [id, doc] of Object.entries(DOCS)) await pstore.add(db(), store, Number(id), doc)
      await pstore.add(db(), store, 2, { title: 'Not spam', body: 'A database of distributed pills' })
      const removed = await pstore.remove(db(), store, 3)
      if (exact) expect(removed).toBe(true)
      expect(await pstore.remove(db(), store, 3)).toBe(false)
      expect(await logicalDump(db(), store)).toEqual(await freshDump({ 1: DOCS[1]!, 2: { title: 'Not spam', body: 'A database of distributed pills' } }))
    })

    it('removing every document leaves no key at all (no zero counter)', async () => {
      const store = handle()
      for (const [id, doc] of Object.entries(DOCS)) await pstore.add(db(), store, Number(id), doc)
      for (const id of Object.keys(DOCS)) await pstore.remove(db(), store, Number(id))
      expect(await dumpAll(db())).toEqual([])
    })

    it('a body that runs twice on top of its own effects leaves the index of one run', async () => {
      const store = handle()
      await pstore.add(db(), store, 1, DOCS[1]!)
      await transactional(db(), async (tx) => {
        await pstore.add(tx, store, 3, DOCS[3]!)
        await pstore.add(tx, store, 3, DOCS[3]!) // what a retry after an applied commit does
        await pstore.remove(tx, store, 2)
        await pstore.remove(tx, store, 2)
      })
      expect(await logicalDump(db(), store)).toEqual(await freshDump({ 1: DOCS[1]!, 3: DOCS[3]! }))
    })

    it('addMany indexes a batch (a repeated docId: the last text wins) exactly as add does one by one', async () => {
      const store = handle()
      await pstore.add(db(), store, 3, { title: 'old', body: 'old text' })
      await pstore.addMany(db(), store, [[1, DOCS[2]!], [2, DOCS[2]!], [1, DOCS[1]!], [3, DOCS[3]!]])
      expect(await logicalDump(db(), store)).toEqual(await freshDump({ 1: DOCS[1]!, 2: DOCS[2]!, 3: DOCS[3]! }))
      await rejectsWith(pstore.addMany(db(), store, [[1]] as never), 'TypeError', /pstore.addMany: each document must be a \[docId, text\] pair/)
    })

    it('a batch shares one block per term; removing or replacing one of its documents keeps the others', async () => {
      const store = handle()
      await pstore.addMany(db(), store, [[1, DOCS[1]!], [2, DOCS[2]!], [3, DOCS[3]!]])
      const postingKeys = async (term: string): Promise<number> =>
        (await transactional(db(), (tx) => query(tx, store.subspace.range([1, term, 1]).begin, store.subspace.range([1, term, 1]).end).toArray())).length
      expect(await postingKeys('databas')).toBe(1) // docs 1 and 3, one block
      await pstore.remove(db(), store, 3)
      await pstore.add(db(), store, 1, { title: 'FoundationDB', body: 'A database, distributed' })
      expect(await logicalDump(db(), store)).toEqual(await freshDump({ 1: { title: 'FoundationDB', body: 'A database, distributed' }, 2: DOCS[2]! }))
      expect((await pstore.search(db(), store, 'transactions')).map((r) => r.docId)).toEqual([])
    })

    it('concurrent removals and replaces of documents of one batch all take effect (a conflict retries)', async () => {
      const store = handle()
      await pstore.addMany(db(), store, [[1, DOCS[1]!], [2, DOCS[2]!], [3, DOCS[3]!]])
      await Promise.all([pstore.remove(db(), store, 1), pstore.remove(db(), store, 2), pstore.add(db(), store, 3, { title: 'Databases', body: 'Sorted keys' })])
      expect(await logicalDump(db(), store)).toEqual(await freshDump({ 3: { title: 'Databases', body: 'Sorted keys' } }))
    })

    it('cuts a block over 90,000 bytes into parts, and reads and removes through them', async () => {
      const store = handle()
      const long = (n: number): { title: string; body: string } => ({ title: `doc ${n}`, body: 'word '.repeat(2000) + `tail${n}` })
      await pstore.addMany(db(), store, Array.from({ length: 60 }, (_, n) => [n, long(n)] as const))
      const { begin, end } = store.subspace.range([1, 'word', 1])
      const parts = await transactional(db(), (tx) => query(tx, begin, end).toArray())
      expect(parts.length).toBeGreaterThan(1)
      expect(parts.every(([, v]) => v.length <= 90_000)).toBe(true)
      expect((await pstore.search(db(), store, 'word', { limit: 100 })).map((r) => r.docId).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 60 }, (_, n) => n))
      await pstore.remove(db(), store, 0)
      await pstore.remove(db(), store, 59)
      expect(await pstore.search(db(), store, '"word tail59"')).toEqual([])
      expect((await pstore.search(db(), store, '"word tail30"')).map((r) => r.docId)).toEqual([30])
      expect(await logicalDump(db(), store)).toEqual(await freshDump(Object.fromEntries(Array.from({ length: 58 }, (_, i) => [i + 1, long(i + 1)]))))
    })

    it('replaces and removes a document whose record is over 90,000 bytes (read in chunks)', async () => {
      const store = pstore.make('big', ['big'], { language: null })
      // 1,700 terms of ~58 characters: a record of ~100,000 bytes.
      const many = Array.from({ length: 1_700 }, (_, i) => `term${i}${'x'.repeat(50)}`).join(' ')
      await pstore.add(db(), store, 1, many)
      const { begin, end } = store.subspace.range([5, 1])
      expect((await transactional(db(), (tx) => query(tx, begin, end).toArray())).length).toBeGreaterThan(1)
      await pstore.add(db(), store, 1, 'small text')
      expect(await pstore.search(db(), store, `term5${'x'.repeat(50)}`)).toEqual([])
      expect((await pstore.search(db(), store, 'small')).map((r) => r.docId)).toEqual([1])
      await pstore.add(db(), store, 2, many)
      if (exact) expect(await pstore.remove(db(), store, 2)).toBe(true)
      else await pstore.remove(db(), store, 2)
      await pstore.remove(db(), store, 1)
      expect(await dumpAll(db())).toEqual([])
    })

    it('concurrent adds of different documents all commit', async () => {
      const store = handle()
      const ids = Array.from({ length: 12 }, (_, i) => i)
      await Promise.all(ids.map((id) => pstore.add(db(), store, id, { title: `doc ${id}`, body: 'shared words in every document' })))
      const results = await pstore.search(db(), store, 'shared', { limit: 100 })
      expect(results.map((r) => r.docId).sort((a, b) => Number(a) - Number(b))).toEqual(ids)
    })

    it('refuses bad input and leaves the data untouched', async () => {
      const store = handle()
      await pstore.add(db(), store, 1, DOCS[1]!)
      const before = await dumpAll(db())
      await rejectsWith(pstore.add(db(), store, 2, { summary: 'x' }), ErrorCode.invalidArgument, /pstore.add: unknown field "summary"/)
      await rejectsWith(pstore.add(db(), store, 1.5, 'x'), 'TypeError', /pstore.add: docId must be a tuple item \(a string, a safe integer, a Uuid, ...\), got 1.5/)
      await rejectsWith(pstore.add(db(), store, 2, 42 as never), 'TypeError', /pstore.add: text must be a string or an object/)
      await rejectsWith(pstore.add({} as Database, store, 2, 'x'), 'TypeError', /pstore.add: the first argument must be a Database or a Transaction/)
      await rejectsWith(pstore.index(db(), store, 2, { x: 0 }), ErrorCode.invalidArgument, /pstore.index: the count of "x" must be a positive integer, got 0/)
      expect(await dumpAll(db())).toEqual(before)
    })
  })
})
