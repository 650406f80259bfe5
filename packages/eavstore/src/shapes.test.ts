// A full garbage collection keeps eavstore's query code optimized: the query result and the
// merge cursor of an AND are kept alive at module level (core's keepShape), so their hidden
// classes outlive collections. Checked in a child process with V8's optimization status: without
// the merge cursor kept, planOf loses its optimized code at the collection (the kept query result is
// seen in --trace-deopt only: `query` was deoptimized at some collections, not all).
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { optimizationAcrossCollection } from '@foundkit/core/testing'

const packageDir = fileURLToPath(new URL('../', import.meta.url))

/** Equality, AND (merge cursor), multi-valued and range lookups (integer ids; Uuid ids for decodeId) until V8 optimizes, and the functions watched across a full collection. */
const probe = `
const src = ${JSON.stringify(new URL('./', import.meta.url).href)}
const core = await import('@foundkit/core')
const eavstore = await import(src + 'index.ts')
const match = await import(src + 'match.ts')
const db = await core.open()
const store = eavstore.make('people', ['probe'])
await core.transactional(db, (tx) => Promise.all(Array.from({ length: 2000 }, (_, i) =>
  eavstore.create(tx, store, { zip: i % 200, city: 'c' + (i % 20), age: 18 + (i % 30), tags: ['t' + (i % 7), 't' + (i % 11)], score: (i % 997) / 10 }, i))))
const byUuid = eavstore.make('people by Uuid', ['probe-uuid'])
await core.transactional(db, (tx) => Promise.all(Array.from({ length: 500 }, (_, i) => eavstore.create(tx, byUuid, { zip: i % 50 }))))
const packedKeys = await import(src + 'packed-keys.ts')
let sink = 0
async function probeRound() {
  for (let i = 0; i < 3000; i++) {
    sink += (await eavstore.query(db, store, { zip: i % 200 }).toArray()).length
    sink += (await eavstore.query(db, store, { city: 'c' + (i % 20), age: 18 + (i % 30) }).toArray()).length
    sink += (await eavstore.query(db, store, { tags: 't' + (i % 7) }).toArray()).length
    sink += (await eavstore.query(db, store, { score: { gte: (i % 997) / 10, lt: (i % 997) / 10 + 1 } }).toArray()).length
    sink += (await eavstore.query(db, byUuid, { zip: i % 50 }).toArray()).length
  }
}
const watched = { query: eavstore.query, planOf: match.planOf, matchBatch: match.matchBatch, driverBatches: match.driverBatches, decodeId: packedKeys.decodeId }
`

it("a full collection keeps eavstore's query code optimized", { timeout: 120_000 }, () => {
  const { before, lost } = optimizationAcrossCollection(probe, { cwd: packageDir, nodeArgs: ['--conditions=@foundkit/source', '--import', 'tsx'] })
  const names = Object.keys(before)
  // V8 optimized most of them while the lookups ran (else this test would show nothing).
  expect(names.filter((name) => before[name]).length).toBeGreaterThanOrEqual(2)
  expect(lost).toEqual([])
})
