// A transaction's size as the embedded engine counts it (FoundationDB's
// transaction size: its mutations plus its read and write conflict ranges,
// checked against the size limit at commit, 2101 above it): every write and
// every conflict range makes it grow by at least the bytes of its keys and
// values, a snapshot read adds nothing, a point read adds its conflict range
// [k, k\x00) (2·|k| + 1 bytes), and a transaction of exactly the limit commits.
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../errors.js'
import { gte } from '../../keys/selector.js'
import { rejectsWith, versionstampOperand, withEmbeddedEngine } from '../../../test/harness.js'
import type { EngineTransaction } from '../types.js'

const k = (s: string): Buffer => Buffer.from(s)
/** A key or value of `n` bytes. */
const bytes = (n: number, fill = 0x61): Buffer => Buffer.alloc(n, fill)

/** How much `write` makes the transaction's size grow. */
async function growth(tx: EngineTransaction, write: () => unknown): Promise<number> {
  const before = await tx.getApproximateSize()
  await write()
  return (await tx.getApproximateSize()) - before
}

describe('transaction size accounting', () => {
  it('every write grows the size by at least its key and value bytes', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      expect(await tx.getApproximateSize()).toBe(0)
      expect(await growth(tx, () => tx.set(bytes(20), bytes(30)))).toBeGreaterThanOrEqual(50)
      expect(await growth(tx, () => tx.clear(bytes(20, 0x62)))).toBeGreaterThanOrEqual(20)
      expect(await growth(tx, () => tx.clearRange(bytes(20, 0x63), bytes(30, 0x64)))).toBeGreaterThanOrEqual(50)
      expect(await growth(tx, () => tx.atomic('add', bytes(20, 0x65), bytes(8, 1)))).toBeGreaterThanOrEqual(28)
      const stampedKey = versionstampOperand(bytes(20, 0x66), 5)
      expect(await growth(tx, () => tx.atomic('setVersionstampedKey', stampedKey, bytes(30)))).toBeGreaterThanOrEqual(50)
      const stampedValue = versionstampOperand(bytes(20), 0)
      expect(await growth(tx, () => tx.atomic('setVersionstampedValue', bytes(20, 0x67), stampedValue))).toBeGreaterThanOrEqual(40)
      tx.cancel()
    }))

  it('an explicit read conflict range grows it by at least its two keys; a write conflict range grows it too', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      expect(await growth(tx, () => tx.addConflictRange('read', k('a'), k('b')))).toBeGreaterThanOrEqual(2)
      expect(await growth(tx, () => tx.addConflictRange('read', bytes(20), bytes(30)))).toBeGreaterThanOrEqual(50)
      expect(await growth(tx, () => tx.addConflictRange('write', k('a'), k('b')))).toBeGreaterThan(0)
      tx.cancel()
    }))

  it('a point read adds its conflict range [k, k\\x00): 2·|k| + 1 bytes; a snapshot read adds nothing', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      expect(await growth(tx, () => tx.get(bytes(20), false))).toBe(41)
      expect(await growth(tx, () => tx.get(bytes(7, 0x62), false))).toBe(15)
      expect(await growth(tx, () => tx.get(bytes(20, 0x63), true))).toBe(0)
      tx.cancel()
    }))

  it('a range read adds at least the bytes of its range ends; a snapshot range read adds nothing', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      const drain = async (snapshot: boolean): Promise<void> => {
        const options = { limit: 0, reverse: false, mode: 'want_all' as const, snapshot }
        for await (const _batch of tx.getRange(gte(bytes(20)), gte(bytes(30, 0x62)), options));
      }
      expect(await growth(tx, () => drain(false))).toBeGreaterThanOrEqual(50)
      expect(await growth(tx, () => drain(true))).toBe(0)
      tx.cancel()
    }))

  it('a transaction of exactly its size limit commits; one byte over is 2101 and writes nothing', () =>
    withEmbeddedEngine(async (engine) => {
      const fill = (tx: EngineTransaction): void => {
        tx.set(k('size/a'), bytes(1000))
        tx.clear(k('size/b'))
        tx.clearRange(k('size/c'), k('size/d'))
        tx.atomic('add', k('size/e'), bytes(8, 1))
        tx.addConflictRange('write', k('size/f'), k('size/g'))
      }
      const probe = engine.createTransaction()
      fill(probe)
      const size = await probe.getApproximateSize()
      probe.cancel()

      const over = engine.createTransaction({ sizeLimit: size - 1 })
      fill(over)
      await rejectsWith(over.commit(), ErrorCode.transactionTooLarge, /limit/)
      const before = engine.createTransaction()
      expect(await before.get(k('size/a'), true)).toBeNull()
      before.cancel()
      const exact = engine.createTransaction({ sizeLimit: size })
      fill(exact)
      await exact.commit()

      const reader = engine.createTransaction()
      expect((await reader.get(k('size/a'), true))?.length).toBe(1000)
      reader.cancel()
    }))
})
