// open's FoundationDB branch hands its options to the FoundationDB engine. That engine cannot load on a
// machine without FoundationDB's client, so here it is replaced by a recorder (an embedded engine behind it):
// the test checks which options reach it, and that options not given are left out (not passed as undefined).
import { describe, expect, it, vi } from 'vitest'

const passed = vi.hoisted(() => [] as unknown[])
vi.mock('../engine/fdb/index.js', async () => {
  const { openEmbeddedEngine } = await import('../engine/embedded/index.js')
  return {
    openFdbEngine: async (options: unknown) => {
      passed.push(options)
      return openEmbeddedEngine({})
    },
  }
})

const { open } = await import('./database.js')

describe("open: the FoundationDB engine's options", () => {
  it('passes clusterFile, apiVersion, transaction and maxWatches when given, and nothing else', async () => {
    passed.length = 0
    const all = await open({ engine: 'fdb', clusterFile: '/etc/foundationdb/fdb.cluster', apiVersion: 730, transaction: { timeout: 5000 }, maxWatches: 7 })
    await all.close()
    const none = await open({ engine: 'fdb' })
    await none.close()
    const byClusterFile = await open({ clusterFile: 'x.cluster' }) // no engine named: a cluster file means FoundationDB
    await byClusterFile.close()
    expect(passed).toEqual([
      { clusterFile: '/etc/foundationdb/fdb.cluster', apiVersion: 730, transaction: { timeout: 5000 }, maxWatches: 7 },
      {},
      { clusterFile: 'x.cluster' },
    ])
    for (const options of passed) for (const value of Object.values(options as object)) expect(value).not.toBeUndefined()
  })
})
