import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { keepShape, keptShapes } from './shapes.js'
import { open } from './api/database.js'
import { optimizationAcrossCollection } from './testing/index.js'

const coreDir = fileURLToPath(new URL('../', import.meta.url))

/**
 * The workload of a probe ({@link optimizationAcrossCollection}): transactions
 * (point reads, writes, range reads as pairs and as packed batches, commits),
 * and the functions of that path watched across a full garbage collection.
 * Before shapes.ts, the collection threw away every one of them that V8 had
 * optimized; leaving out any one of the kept instances loses some of them
 * again (checked by hand for each, session 10).
 */
const probe = `
const src = ${JSON.stringify(new URL('./', import.meta.url).href)}
const core = await import(src + 'index.ts')
const scan = await import(src + 'engine/embedded/scan.ts')
const flat = await import(src + 'engine/embedded/flat-leaves.ts')
const etx = await import(src + 'engine/embedded/transaction.ts')
const leafRuns = await import(src + 'engine/embedded/leaf-runs.ts')
const reader = await import(src + 'engine/embedded/range-reader.ts')
const db = await core.open()
const keys = Array.from({ length: 1000 }, (_, i) => core.pack(['k', i]))
await core.transactional(db, (tx) => { for (const k of keys) core.set(tx, k, Buffer.from('v')) })
let sink = 0
async function probeRound() {
  for (let i = 0; i < 5000; i++) {
    sink += await core.transactional(db, async (tx) => {
      await core.get(tx, keys[i % 1000])
      if (i % 3 === 0) core.set(tx, keys[(i * 7) % 1000], Buffer.from('w'))
      for await (const batch of core.query(tx, keys[i % 900], keys[(i % 900) + 100]).byPackedBatch()) sink += batch.length
      return (await core.query(tx, keys[i % 900], keys[(i % 900) + 5]).toArray()).length
    })
  }
}
const E = etx.EmbeddedTransaction.prototype
const watched = { transactionalWith: core.transactionalWith, query: core.query, get: core.get, set: core.set, scanForRange: scan.scanForRange, 'FlatLeaves.walk': flat.FlatLeaves.prototype.walk, getRange: E.getRange, commit: E.commit, readSnapshot: E.readSnapshot, 'LeafRuns.add': leafRuns.LeafRuns.prototype.add, 'LeafRuns.seal': leafRuns.LeafRuns.prototype.seal, 'StoredPairs.pack': reader.StoredPairs.prototype.pack, byPackedBatch: core.QueryResult.prototype.byPackedBatch }
`

describe('hidden classes kept across garbage collections', () => {
  it('keeps an instance it is given', () => {
    const before = keptShapes().length
    const instance = { probe: true }
    expect(keepShape(instance)).toBe(instance)
    expect(keptShapes().length).toBe(before + 1)
    expect(keptShapes()[keptShapes().length - 1]).toBe(instance)
  })

  it('refuses what is not an object, and keeps nothing then', () => {
    const before = keptShapes().length
    for (const bad of [null, undefined, 1, 'text', true, 1n]) {
      expect(() => keepShape(bad as unknown as object)).toThrow(TypeError)
      expect(() => keepShape(bad as unknown as object)).toThrow(/keepShape: instance must be an object/)
    }
    expect(keptShapes().length).toBe(before)
  })

  it('open keeps the shapes of the transaction path (once, however many databases open)', async () => {
    const a = await open()
    const kept = keptShapes().length
    const b = await open()
    expect(keptShapes().length).toBe(kept)
    expect(keptShapes().some((s) => s.constructor.name === 'EmbeddedTransaction')).toBe(true)
    expect(keptShapes().some((s) => s.constructor.name === 'Transaction')).toBe(true)
    a.close()
    b.close()
  })

  it("a full collection keeps core's transaction, read and write code optimized", { timeout: 60_000 }, () => {
    const { before, lost } = optimizationAcrossCollection(probe, { cwd: coreDir, nodeArgs: ['--conditions=@foundkit/source', '--import', 'tsx'] })
    const names = ['transactionalWith', 'query', 'get', 'set', 'byPackedBatch', 'getRange', 'commit', 'readSnapshot', 'scanForRange', 'FlatLeaves.walk', 'LeafRuns.add', 'LeafRuns.seal', 'StoredPairs.pack']
    expect(Object.keys(before).sort()).toEqual([...names].sort())
    // V8 optimized most of them while the transactions ran (else this test would show nothing); which
    // ones varies from run to run (a function inlined into its callers may never get code of its own).
    const optimizedBefore = names.filter((name) => before[name])
    expect(optimizedBefore.length).toBeGreaterThanOrEqual(9)
    expect(lost).toEqual([])
  })
})
