import { describe, expect, it } from 'vitest'
import { ErrorCode } from '@foundkit/core'
import { forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as pstore from './index.js'

forEachEngine('pstore highlight and suggest', ({ db }) => {
  const store = pstore.make('docs', ['docs'], { fields: ['title', 'body'] })

  describe('highlight', () => {
    it('marks analyzed matches (stems, phrases, prefixes) in snippets of the stored text', async () => {
      await pstore.add(db(), store, 1, { title: 'Databases', body: 'FoundationDB is a distributed database. Many databases are not distributed at all.' })
      expect(await pstore.highlight(db(), store, 1, 'databases', { field: 'body', around: 6 })).toEqual([
        '…buted <mark>database</mark>. Many <mark>databases</mark> are n…',
      ])
      expect(await pstore.highlight(db(), store, 1, '"distributed database" found*', { field: 'body', around: 3, marks: ['[', ']'] })).toEqual([
        '[FoundationDB] is a [distributed] [database]. M…',
        '…ny [databases] ar…',
        '…ot [distributed] at…',
      ])
      expect(await pstore.highlight(db(), store, 1, 'databases')).toEqual(['<mark>Databases</mark>'])
      expect(await pstore.highlight(db(), store, 1, 'pasta')).toEqual([])
      expect(await pstore.highlight(db(), store, 2, 'pasta')).toEqual([])
    })

    it('needs stored texts and a known field', async () => {
      const bare = pstore.make('bare', ['bare'], { storeText: false })
      await rejectsWith(pstore.highlight(db(), bare, 1, 'x'), ErrorCode.invalidArgument, /keeps no texts/)
      await rejectsWith(pstore.highlight(db(), store, 1, 'x', { field: 'summary' }), ErrorCode.invalidArgument, /unknown field "summary"/)
    })
  })

  describe('suggest', () => {
    it('gives the most frequent indexed terms with the prefix', async () => {
      const words = pstore.make('words', ['words'], { language: null })
      await pstore.add(db(), words, 1, 'data database datum')
      await pstore.add(db(), words, 2, 'database dark')
      await pstore.add(db(), words, 3, 'database data')
      expect(await pstore.suggest(db(), words, 'Da')).toEqual(['database', 'data', 'dark', 'datum'])
      expect(await pstore.suggest(db(), words, 'dat', { limit: 2 })).toEqual(['database', 'data'])
      expect(await pstore.suggest(db(), words, 'x')).toEqual([])
      await pstore.remove(db(), words, 2)
      expect(await pstore.suggest(db(), words, 'dar')).toEqual([])
    })
  })
})
