// The directory layer when every commit but each fourth one is applied and
// then reported as 1021 (commit_unknown_result): each body runs 4 times on
// top of its own effects, and must still succeed with its first result.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { open, type Database } from '../api/database.js'
import { transactional } from '../api/transactional.js'
import { query } from '../api/query.js'
import { set } from '../api/writes.js'
import { directory, PARTITION_LAYER } from './index.js'

const hex = (x: Uint8Array): string => Buffer.from(x).toString('hex')

describe('directory operations run again after an applied 1021', () => {
  let db: Database
  beforeEach(async () => {
    db = await open({ faults: { rate: 1, seed: 4, kinds: ['unknownApplied'] } })
  })
  afterEach(async () => {
    await db.close()
  })

  it('create returns the directory its applied attempt made; each prefix is handed out once', async () => {
    let runs = 0
    const app = await transactional(db, (tx) => {
      runs++
      return directory.create(tx, ['app'], { layer: Buffer.from('L') })
    })
    expect(runs).toBe(2) // the retry finds the directory, writes nothing, and commits (read-only: no fault)
    const opened = await transactional(db, (tx) => directory.open(tx, ['app']))
    expect(hex(opened.key())).toBe(hex(app.key()))
    const part = await transactional(db, (tx) => directory.create(tx, ['tenant'], { layer: PARTITION_LAYER }))
    const inner = await transactional(db, (tx) => part.create(tx, ['orders']))
    expect(inner.path).toEqual(['tenant', 'orders'])
    // Another path, or the same path from another transaction, still fails as it should.
    await expect(transactional(db, (tx) => directory.create(tx, ['app']))).rejects.toThrow(/already exists/)
    // Each attempt allocated a prefix; none was given to two directories.
    const dirs = await Promise.all(Array.from({ length: 10 }, (_, i) => transactional(db, (tx) => directory.create(tx, ['many', `d${i}`]))))
    const prefixes = dirs.map((d) => hex(d.key()))
    expect(new Set(prefixes).size).toBe(10)
    for (const p of prefixes) for (const q of prefixes) if (p !== q) expect(q.startsWith(p)).toBe(false)
  })

  it('move returns the moved directory, and remove reports that it removed it', async () => {
    const made = await transactional(db, (tx) => directory.create(tx, ['from']))
    await transactional(db, (tx) => set(tx, made.pack(['row']), Buffer.from('kept')))
    const moved = await transactional(db, (tx) => directory.move(tx, ['from'], ['to']))
    expect(hex(moved.key())).toBe(hex(made.key()))
    expect(await transactional(db, (tx) => directory.exists(tx, ['from']))).toBe(false)
    expect(await transactional(db, (tx) => directory.removeIfExists(tx, ['to']))).toBe(true)
    expect(await transactional(db, (tx) => query(tx, made.range().begin, made.range().end).toArray())).toEqual([])
    await transactional(db, (tx) => directory.create(tx, ['gone']))
    await transactional(db, (tx) => directory.remove(tx, ['gone']))
    await expect(transactional(db, (tx) => directory.remove(tx, ['gone']))).rejects.toThrow(/does not exist/)
  })
})
