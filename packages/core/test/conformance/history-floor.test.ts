// A read at a version older than the kept history (FoundationDB keeps about
// 5 seconds of versions) fails with 1007 (transaction_too_old): it must never
// quietly return a newer value.
import { afterEach, expect, it, vi } from 'vitest'
import { ErrorCode, get, query, readVersion, set, setReadVersion, transaction, transactional, type Database } from '../../src/index.js'
import { b, codeOf, fakeClock, forEachEngine, sleep } from '../harness.js'

forEachEngine('reads below the history floor', ({ db, engine }) => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  /** Writes k = 1, 2, 3 with more than 5 seconds between 2 and 3; returns the read version that saw 1. */
  async function expiredVersion(database: Database): Promise<bigint> {
    // A cluster's history is bounded by real time; the embedded engine's clock can be moved instead of waited for.
    const advance = engine.name.startsWith('fdb') ? (ms: number) => sleep(ms) : fakeClock()
    await transactional(database, (tx) => set(tx, b('k'), b('1')))
    const old = await transactional(database, (tx) => readVersion(tx))
    await transactional(database, (tx) => set(tx, b('k'), b('2')))
    await advance(6_000)
    await transactional(database, (tx) => set(tx, b('k'), b('3'))) // a commit after the window: the history before it is dropped
    return old
  }

  it('a point read at a version older than the kept history gets 1007, never a newer value', async () => {
    const old = await expiredVersion(db())
    const tx = transaction(db())
    // FoundationDB may refuse the version when it is set or at the first read: both are 1007.
    const code = await codeOf(async () => {
      setReadVersion(tx, old)
      const seen = await get(tx, b('k'))
      throw new Error(`read at an expired version returned ${seen === null ? 'null' : Buffer.from(seen).toString()}`)
    })
    expect(code).toBe(ErrorCode.transactionTooOld)
  })

  it('a range read there gets 1007 too', async () => {
    const old = await expiredVersion(db())
    const tx = transaction(db())
    const code = await codeOf(async () => {
      setReadVersion(tx, old)
      const seen = await query(tx, b('a'), b('z')).toArray()
      throw new Error(`range read at an expired version returned ${seen.length} pairs`)
    })
    expect(code).toBe(ErrorCode.transactionTooOld)
  })
})
