// transactional's bookkeeping on its less common paths: a slow body whose
// own read fails with 1007, a slow body failing with other retryable
// errors, the give-up error's cause, and the stats (elapsed time, committed
// version) of failed and read-only transactions.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { open } from './database.js'
import type { TransactionStats } from './hooks.js'
import { get } from './reads.js'
import type { Transaction } from './transaction.js'
import { transactional } from './transactional.js'
import { set } from './writes.js'
import { fakeClock } from '../../test/harness.js'

afterEach(() => {
  vi.restoreAllMocks()
})

const key = Buffer.from('k')

describe('transactional: slow bodies', () => {
  it("time spent after the body (hooks, the commit) is not the body's: a fast body is retried until it commits", async () => {
    const db = await open()
    const advance = fakeClock()
    let commits = 0
    db.addHooks({ onCommit: () => void (++commits <= 3 && advance(6_000)) }) // the commit comes too late, three times
    let attempts = 0
    await transactional(db, async (tx) => {
      attempts++
      await get(tx, key)
      set(tx, key, Buffer.from('v'))
    })
    expect(attempts).toBe(4)
    expect((await transactional(db, (tx) => get(tx, key)))?.toString()).toBe('v')
    await db.close()
  })


  it('a body whose own read fails with 1007 after 5 s is given up after three attempts, with that 1007 as cause', async () => {
    const db = await open()
    const advance = fakeClock()
    let attempts = 0
    let last: Transaction | undefined
    const before = performance.now()
    const error = await transactional(db, async (tx) => {
      last = tx
      attempts++
      await get(tx, key)
      advance(6_000)
      await get(tx, Buffer.from('never written')) // fails: the transaction is older than 5 s
    }).catch((e: unknown) => e)
    const took = performance.now() - before
    expect(attempts).toBe(3)
    expect(error).toBeInstanceOf(FoundError)
    expect((error as FoundError).code).toBe(ErrorCode.transactionTooOld)
    expect((error as FoundError).message).toMatch(/on 3 attempts in a row/)
    const cause = (error as FoundError).cause
    expect(cause).toBeInstanceOf(FoundError)
    expect((cause as FoundError).code).toBe(ErrorCode.transactionTooOld)
    expect(cause).not.toBe(error)
    // elapsedMs covers all three attempts (18 s of the fake clock), within the call's own time
    expect(last!.stats.elapsedMs).toBeGreaterThanOrEqual(18_000)
    expect(last!.stats.elapsedMs).toBeLessThanOrEqual(took)
    await db.close()
  })

  it('a slow body that fails with a conflict is retried past three attempts: only 1007 counts as too slow', async () => {
    const db = await open()
    const advance = fakeClock()
    let attempts = 0
    const result = await transactional(db, async (tx) => {
      attempts++
      await get(tx, key)
      if (attempts === 5) return 'committed' // a fast attempt at last
      advance(6_000)
      throw new FoundError(ErrorCode.notCommitted, 'conflict (simulated)')
    })
    expect(result).toBe('committed')
    expect(attempts).toBe(5)
    await db.close()
  })
})

describe('transactional: what a body throws', () => {
  it('is rethrown as it is, null and undefined included', async () => {
    const db = await open()
    for (const thrown of [null, undefined, 7, 'text']) {
      const outcome = await transactional(db, () => {
        throw thrown
      }).then(
        () => 'resolved',
        (e: unknown) => e,
      )
      expect(outcome).toBe(thrown)
    }
    await db.close()
  })
})

describe('transactional: stats', () => {
  it('a body that fails for good leaves the time it took in the stats', async () => {
    const db = await open()
    const advance = fakeClock()
    let seen: Transaction | undefined
    const before = performance.now()
    const error = await transactional(db, async (tx) => {
      seen = tx
      await get(tx, key)
      advance(50)
      throw new RangeError('not retryable')
    }).catch((e: unknown) => e)
    const took = performance.now() - before
    expect(error).toBeInstanceOf(RangeError)
    expect(seen!.stats.elapsedMs).toBeGreaterThanOrEqual(50)
    expect(seen!.stats.elapsedMs).toBeLessThanOrEqual(took)
    await db.close()
  })

  it('committedVersion: null for a read-only transaction, the commit version for one that wrote', async () => {
    const db = await open()
    const seen: Array<bigint | null> = []
    db.addHooks({ onAfterCommit: (_tx, stats: TransactionStats) => seen.push(stats.committedVersion) })
    await transactional(db, (tx) => get(tx, key))
    await transactional(db, (tx) => set(tx, key, Buffer.from('v')))
    await transactional(db, (tx) => set(tx, key, Buffer.from('w')))
    expect(seen[0]).toBeNull()
    expect(typeof seen[1]).toBe('bigint')
    expect(seen[1]! > 0n).toBe(true)
    expect(seen[2]! > seen[1]!).toBe(true)
    await db.close()
  })
})
