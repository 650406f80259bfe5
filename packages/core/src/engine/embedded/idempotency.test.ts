import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeClock } from '../../../test/harness.js'
import { RecentIdempotencyIds } from './idempotency.js'
import { openEmbeddedEngine } from './index.js'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('RecentIdempotencyIds', () => {
  it('finds an id committed above the given version only', () => {
    const ids = new RecentIdempotencyIds(5000)
    ids.record('a', 10)
    expect(ids.committedSince('a', 9)).toBe(true)
    expect(ids.committedSince('a', 10)).toBe(false) // committed at or before the attempt's read version: another transaction's
    expect(ids.committedSince('b', 0)).toBe(false)
  })

  it('forgets ids after the lifetime, and the oldest beyond the most it keeps', () => {
    const advance = fakeClock()
    const ids = new RecentIdempotencyIds(5000, 3)
    ids.record('old', 1)
    advance(5001)
    expect(ids.committedSince('old', 0)).toBe(false)
    for (const [i, id] of ['p', 'q', 'r', 's'].entries()) ids.record(id, 10 + i)
    expect(ids.size).toBe(3) // 'old' dropped by age, 'p' by count
    expect(['p', 'q', 'r', 's'].map((id) => ids.committedSince(id, 0))).toEqual([false, true, true, true])
  })
})

describe('the embedded engine remembers the idempotency ids of its commits', () => {
  it('committedById: null without an id; false before the commit; true after it; a new attempt gets a new automatic id', async () => {
    const engine = await openEmbeddedEngine()
    const plain = engine.createTransaction({})
    expect(plain.committedById!()).toBeNull()
    const tx = engine.createTransaction({ automaticIdempotency: true })
    tx.set(Buffer.from('k'), Buffer.from('v'))
    expect(tx.committedById!()).toBe(false)
    await tx.commit()
    expect(tx.committedById!()).toBe(true)
    tx.reset()
    expect(tx.committedById!()).toBe(false)
    await engine.close()
  })

  it('a given idempotencyId is looked up among the commits since this attempt’s read version', async () => {
    const engine = await openEmbeddedEngine()
    const id = Buffer.alloc(16, 9)
    const first = engine.createTransaction({ idempotencyId: id })
    first.set(Buffer.from('k'), Buffer.from('1'))
    await first.commit()
    // A later transaction with the same id is not taken for committed: its read version is after that commit.
    const second = engine.createTransaction({ idempotencyId: id })
    await second.get(Buffer.from('k'), false)
    expect(second.committedById!()).toBe(false)
    second.set(Buffer.from('k'), Buffer.from('2'))
    await second.commit()
    expect(second.committedById!()).toBe(true)
    await engine.close()
  })
})
