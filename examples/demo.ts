// The main demo of foundkit: every layer on the durable embedded engine (no server to install),
// then the same database through the `foundkit` command line. Run it with `pnpm demo`.
//
// The database stays in ./foundkit-demo afterwards; explore it with the command line, e.g.
//   pnpm foundkit --path ./foundkit-demo dirs
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { open } from '@foundkit/core'
import { main } from '@foundkit/cli'
import { blobTour } from './demo/blobs.js'
import { coreTour } from './demo/core.js'
import { documentTour } from './demo/documents.js'
import { factTour } from './demo/facts.js'
import { searchTour } from './demo/search.js'
import { step } from './demo/tour.js'

/** Where the demo leaves its database (the README names it). */
const DEMO_PATH = process.env['FOUNDKIT_DEMO_PATH'] ?? './foundkit-demo'

await rm(DEMO_PATH, { recursive: true, force: true }) // the demo's own folder, from a previous run
const db = await open({ path: DEMO_PATH })
console.log(`foundkit demo: a durable database in ${resolve(DEMO_PATH)}`)
try {
  await step('core: tuples, transactions, a directory, atomic adds', db, coreTour)
  await step('bstore: blobs of any size', db, blobTour)
  await step('nstore: triples and a three-pattern join', db, factTour)
  await step('eavstore: documents and queries', db, documentTour)
  await step('pstore: full-text search over the SpamAssassin corpus', db, searchTour)
} finally {
  await db.close() // the durable engine admits one process at a time: close before the command line opens it
}

await step('the same database through the command line', db, async (_, say) => {
  for (const command of ['dirs', 'stats']) {
    say(`$ foundkit --path ${DEMO_PATH} ${command}`)
    const code = await main(['--path', DEMO_PATH, command])
    if (code !== 0) throw new Error(`foundkit ${command} exited with ${code}`)
  }
})
console.log(`\ndemo done. The database is in ${DEMO_PATH}; look around with the command line (docs/cli.md):`)
for (const example of ['range --limit 20', 'blob ls', 'nstore query "?who wrote ?work"', 'eav query tags classic', 'search query "mortgage rates"']) {
  console.log(`  pnpm foundkit --path ${DEMO_PATH} ${example}`)
}
