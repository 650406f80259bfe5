// Concurrent directory operations: the allocator never hands out overlapping
// prefixes, and racing createOrOpen calls of one path agree on one directory.
import { expect, it } from 'vitest'
import type { Database } from '../api/database.js'
import { query } from '../api/query.js'
import { transactional } from '../api/transactional.js'
import { set } from '../api/writes.js'
import { Subspace } from '../subspace/subspace.js'
import { directory, DirectoryLayer, type DirectorySubspace } from './index.js'
import { forEachEngine } from '../../test/harness.js'

const hex = (x: Uint8Array): string => Buffer.from(x).toString('hex')

/** Fails unless no prefix is a prefix of (or equal to) another, and none is inside the metadata. */
function expectPrefixFree(prefixes: Uint8Array[]): void {
  const hs = prefixes.map(hex)
  for (let i = 0; i < hs.length; i++) {
    expect(hs[i]!.length).toBeGreaterThan(0)
    expect(hs[i]!.startsWith('fe')).toBe(false)
    for (let j = 0; j < hs.length; j++) {
      if (i !== j && hs[j]!.startsWith(hs[i]!)) throw new Error(`prefix ${hs[i]} (#${i}) is a prefix of ${hs[j]} (#${j})`)
    }
  }
}

async function allPrefixes(db: Database, layer = directory): Promise<Uint8Array[]> {
  // Every directory prefix recorded in the metadata: the values of the subdirectory entries.
  return transactional(db, async (tx) => {
    const out: Uint8Array[] = []
    const walk = async (path: string[]): Promise<void> => {
      for (const name of await layer.list(tx, path)) {
        out.push((await layer.open(tx, [...path, name])).key())
        await walk([...path, name])
      }
    }
    await walk([])
    return out
  })
}

forEachEngine('directory: concurrency', ({ db, engine }) => {
  it('50 concurrent createOrOpen of different paths hand out prefix-free prefixes', async () => {
    const paths = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? [`top${i}`] : [`group${i % 3}`, `d${i}`]))
    const dirs = await Promise.all(paths.map((p) => transactional(db(), (tx) => directory.createOrOpen(tx, p))))
    expectPrefixFree(dirs.map((d) => d.key()))
    // Each one reopens at the same prefix, and the metadata holds exactly these directories (and the 3 groups).
    for (const [i, p] of paths.entries()) {
      const again = await transactional(db(), (tx) => directory.open(tx, p))
      expect(hex(again.key())).toBe(hex(dirs[i]!.key()))
    }
    const recorded = await allPrefixes(db())
    expect(recorded.length).toBe(53)
    expectPrefixFree(recorded)
    const group0 = paths.filter((p) => p[0] === 'group0').map((p) => p[1]!)
    expect(await transactional(db(), (tx) => directory.list(tx, 'group0'))).toEqual(group0.sort())
  })

  it('20 concurrent createOrOpen of one path give one directory', async () => {
    const dirs = await Promise.all(Array.from({ length: 20 }, () => transactional(db(), (tx) => directory.createOrOpen(tx, ['shared', 'one']))))
    const keys = new Set(dirs.map((d) => hex(d.key())))
    expect(keys.size).toBe(1)
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual(['shared'])
    expect(await transactional(db(), (tx) => directory.list(tx, 'shared'))).toEqual(['one'])
    // Exactly two nodes (shared, shared/one) have a layer key in the metadata.
    const layerKeys = await transactional(db(), async (tx) => {
      const { begin, end } = new Subspace([], Buffer.from([0xfe])).range()
      const rows = await query(tx, begin, end).toArray()
      return rows.filter(([k]) => hex(k).endsWith('016c6179657200'))
    })
    expect(layerKeys).toHaveLength(2)
  })

  it('concurrent createOrOpen calls inside one transaction get distinct prefixes', async () => {
    const dirs = await transactional(db(), (tx) => Promise.all(Array.from({ length: 40 }, (_, i) => directory.createOrOpen(tx, [`in-tx-${i}`]))))
    expectPrefixFree(dirs.map((d) => d.key()))
    expect(await allPrefixes(db())).toHaveLength(40)
  })

  it('concurrent creation, moves and removals keep the prefixes prefix-free and the data in place', async () => {
    const base = await Promise.all(Array.from({ length: 10 }, (_, i) => transactional(db(), (tx) => directory.create(tx, [`m${i}`]))))
    await Promise.all(base.map((d, i) => transactional(db(), (tx) => set(tx, d.pack(['v']), Buffer.from(String(i))))))
    const ops: Array<Promise<unknown>> = []
    for (let i = 0; i < 10; i++) {
      ops.push(transactional(db(), (tx) => directory.move(tx, [`m${i}`], [`moved${i}`])))
      ops.push(transactional(db(), (tx) => directory.createOrOpen(tx, [`new${i}`, 'child'])))
      if (i % 2 === 0) ops.push(transactional(db(), (tx) => directory.removeIfExists(tx, [`new${i}`])))
    }
    await Promise.all(ops)
    const recorded = await allPrefixes(db())
    expectPrefixFree(recorded)
    for (let i = 0; i < 10; i++) {
      const d: DirectorySubspace = await transactional(db(), (tx) => directory.open(tx, [`moved${i}`]))
      expect(hex(d.key())).toBe(hex(base[i]!.key()))
    }
  })

  it('hundreds of allocations move through several windows and stay prefix-free', async () => {
    const dl = new DirectoryLayer({ nodeSubspace: new Subspace([], Buffer.from([0x20, 0xfe])), contentSubspace: new Subspace([], Buffer.from([0x20])) })
    const dirs: DirectorySubspace[] = []
    for (let batch = 0; batch < 6; batch++) {
      dirs.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => transactional(db(), (tx) => dl.create(tx, [`b${batch}-${i}`]))))))
    }
    expectPrefixFree(dirs.map((d) => d.key()))
    // 300 allocations cannot fit in the first windows of 64: some prefixes hold integers past 255 (0x16, two bytes).
    expect(dirs.some((d) => hex(d.key()).startsWith('2016'))).toBe(true)
    // Moving to a new window clears the older counters. An allocation still in an
    // older window may add its count back after that clear (its counter reads are
    // snapshot reads, as in the official bindings), which delays and retries make
    // happen: then only the newest counter is certain to be there.
    const counters = await transactional(db(), (tx) => {
      const hca = new Subspace([], Buffer.from([0x20, 0xfe])).subspace([Buffer.from([0x20, 0xfe]), Buffer.from('hca'), 0])
      const { begin, end } = hca.range()
      return query(tx, begin, end).toArray()
    })
    if (engine.faults === null) expect(counters).toHaveLength(1)
    else expect(counters.length).toBeGreaterThanOrEqual(1)
  })
})
