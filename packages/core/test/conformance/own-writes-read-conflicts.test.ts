// Which reads can conflict, on every engine: as in FoundationDB, a transaction's reads of what it
// wrote itself (keys it set or cleared, ranges it cleared) add no read conflict, while the rest of
// a range it reads does; and a transaction that never read gets its read version at commit, so an
// explicit read conflict range does not conflict with what was committed before that.
import { expect, it } from 'vitest'
import {
  addReadConflictRange,
  clear,
  commit,
  ErrorCode,
  get,
  query,
  set,
  transaction,
  transactional,
} from '../../src/index.js'
import { b, forEachEngine } from '../harness.js'

forEachEngine('read conflicts of a transaction\'s own writes', ({ db }) => {
  /** A transaction that sets b, clears c, clears [d, f) and range-reads [a, z); then `other` writes `keys` and commits first. */
  async function readOwnWritesThenCommit(keys: string[]): Promise<number | 'committed'> {
    await transactional(db(), (tx) => {
      for (const k of ['a1', 'b', 'c', 'd1', 'e', 'g']) set(tx, b(k), b('old'))
    })
    const tx = transaction(db())
    set(tx, b('b'), b('mine'))
    clear(tx, b('c'))
    clear(tx, b('d'), b('f'))
    const pairs = await query(tx, b('a'), b('z')).toArray()
    expect(pairs.map(([k]) => Buffer.from(k).toString())).toEqual(['a1', 'b', 'g'])
    await transactional(db(), (other) => {
      for (const k of keys) set(other, b(k), b('theirs'))
    })
    set(tx, b('x'), b('done'))
    try {
      await commit(tx)
      return 'committed'
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (typeof code === 'number') return code
      throw err
    }
  }

  it('writes by others to keys it set or cleared, or inside a range it cleared, do not conflict with its range read', async () => {
    expect(await readOwnWritesThenCommit(['b', 'c', 'd', 'd1', 'e', 'e\x00'])).toBe('committed')
    expect(Buffer.from((await transactional(db(), (tx) => get(tx, b('x'))))!).toString()).toBe('done')
  })

  for (const key of ['a1', 'b\x00', 'c\x00', 'f', 'g', 'y']) {
    it(`a write by another to ${JSON.stringify(key)}, which it read but did not write, conflicts (1020)`, async () => {
      expect(await readOwnWritesThenCommit([key])).toBe(ErrorCode.notCommitted)
    })
  }

  it('reads of keys after its own point reads of them add no conflict either', async () => {
    await transactional(db(), (tx) => set(tx, b('k'), b('old')))
    const tx = transaction(db())
    set(tx, b('k'), b('mine'))
    expect(Buffer.from((await get(tx, b('k')))!).toString()).toBe('mine')
    await transactional(db(), (other) => set(other, b('k'), b('theirs')))
    await commit(tx)
    expect(Buffer.from((await transactional(db(), (t) => get(t, b('k'))))!).toString()).toBe('mine')
  })

  it('a transaction that never read does not conflict with commits made before its own commit', async () => {
    const tx = transaction(db())
    addReadConflictRange(tx, b('a'), b('m'))
    set(tx, b('z'), b('mine'))
    await transactional(db(), (other) => set(other, b('c'), b('theirs')))
    await commit(tx)
    expect(Buffer.from((await transactional(db(), (t) => get(t, b('z'))))!).toString()).toBe('mine')
  })
}, { faults: 'skip: drives transactions by hand (no retry loop) to assert exactly which one conflicts' })
