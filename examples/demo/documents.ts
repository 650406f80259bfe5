// eavstore: documents as entity -> attribute -> value, with exact indexes.
import { directory, transactional } from '@foundkit/core'
import * as eavstore from '@foundkit/eavstore'
import { DEFAULT_DIRECTORIES } from '@foundkit/cli'
import type { Step } from './tour.js'

const BOOKS = [
  { title: 'The Art of Computer Programming', author: 'Knuth', year: 1968, tags: ['algorithms', 'classic'] },
  { title: 'Structure and Interpretation of Computer Programs', author: 'Abelson', year: 1985, tags: ['lisp', 'classic'] },
  { title: 'Designing Data-Intensive Applications', author: 'Kleppmann', year: 2017, tags: ['databases', 'distributed'] },
  { title: 'Transaction Processing', author: 'Gray', year: 1992, tags: ['databases', 'transactions', 'classic'] },
]

export const documentTour: Step = async (db, say) => {
  const dir = await transactional(db, (tx) => directory.createOrOpen(tx, [DEFAULT_DIRECTORIES.eav]))
  const books = eavstore.make('books', dir)
  const ids = []
  for (const [i, book] of BOOKS.entries()) ids.push(await eavstore.create(db, books, { ...book, publisher: { city: i % 2 === 0 ? 'Boston' : 'Cambridge' } }, `book-${i + 1}`))
  say(`${ids.length} documents created, ids ${ids.join(', ')}`)
  const titles = async (...args: [string, eavstore.EavScalar]): Promise<string[]> => {
    const out: string[] = []
    for await (const id of eavstore.query(db, books, ...args)) out.push(String((await eavstore.get(db, books, id))!['title']))
    return out
  }
  say(`tags = 'classic'         -> ${JSON.stringify(await titles('tags', 'classic'))}`)
  say(`publisher.city = 'Boston' -> ${JSON.stringify(await titles('publisher.city', 'Boston'))}`)
  const recent: string[] = []
  for await (const id of eavstore.query(db, books, { tags: 'databases', year: { gte: 2000 } })) recent.push(String((await eavstore.get(db, books, id))!['title']))
  say(`tags = 'databases' and year >= 2000 -> ${JSON.stringify(recent)}`)
  await eavstore.patch(db, books, 'book-4', { tags: ['databases', 'transactions'] })
  say(`after a patch of book-4's tags, tags = 'classic' -> ${JSON.stringify(await titles('tags', 'classic'))}`)
}
