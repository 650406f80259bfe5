// A full garbage collection keeps nstore's query code optimized: one query result (Matches) is
// kept alive at module level (core's keepShape), so its hidden class outlives collections.
// Checked in a child process with V8's optimization status: without the kept Matches, its
// constructor and its async iterator lose their optimized code at the collection (checked by hand).
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { optimizationAcrossCollection } from '@foundkit/core/testing'

const packageDir = fileURLToPath(new URL('../', import.meta.url))

/** Pattern queries (a join on a Database, one pattern in a transaction) until V8 optimizes, and the functions watched across a full collection. */
const probe = `
const src = ${JSON.stringify(new URL('./', import.meta.url).href)}
const core = await import('@foundkit/core')
const nstore = await import(src + 'index.ts')
const execute = await import(src + 'execute.ts')
const pattern = await import(src + 'pattern.ts')
const matches = await import(src + 'matches.ts')
const db = await core.open()
const store = nstore.make('people', ['probe'], 3)
await core.transactional(db, async (tx) => { for (let i = 0; i < 2000; i++) { await nstore.add(tx, store, [i, 'city', 'c' + (i % 20)]); await nstore.add(tx, store, [i, 'age', 18 + (i % 30)]) } })
const [e, a] = [nstore.v('e'), nstore.v('a')]
let sink = 0
async function probeRound() {
  for (let i = 0; i < 2000; i++) {
    sink += (await nstore.query(db, store, [e, 'city', 'c' + (i % 20)], [e, 'age', a]).toArray()).length
    await core.transactional(db, async (tx) => { for await (const b of nstore.query(tx, store, [e, 'age', 18 + (i % 30)])) sink++ })
  }
}
const watched = { query: nstore.query, scanBatches: execute.scanBatches, prefixOf: pattern.prefixOf, Matches: matches.Matches, iterate: matches.Matches.prototype[Symbol.asyncIterator], toArray: matches.Matches.prototype.toArray }
`

it("a full collection keeps nstore's query code optimized", { timeout: 120_000 }, () => {
  const { before, lost } = optimizationAcrossCollection(probe, { cwd: packageDir, nodeArgs: ['--conditions=@foundkit/source', '--import', 'tsx'] })
  const names = Object.keys(before)
  // V8 optimized some of them while the queries ran (else this test would show nothing).
  expect(names.filter((name) => before[name]).length).toBeGreaterThanOrEqual(1)
  expect(lost).toEqual([])
})
