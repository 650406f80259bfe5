// After setVersionstampedKey, the keys its versionstamp may give are unknown
// until commit: FoundationDB refuses a read of this transaction's own writes
// that reaches them (accessed_unreadable, 1036), by get, getKey or a range
// read, and only those: the keys just outside the range stay readable, and so
// does everything when the read does not see this transaction's writes
// (readYourWritesDisable, or a snapshot read with snapshotRywDisable).
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../errors.js'
import { gte, lt, lte, type KeySelector } from '../../keys/selector.js'
import { rejectsWith, withEmbeddedEngine } from '../../../test/harness.js'
import type { EngineTransaction, TransactionOptions } from '../types.js'
import type { EmbeddedEngine } from './index.js'

const k = (s: string): Buffer => Buffer.from(s, 'latin1')
const text = (key: Uint8Array): string => Buffer.from(key).toString('latin1')
/** The versionstamped key's range: 'vs' then the 10 bytes of the stamp, from all 0x00 to all 0xff. */
const lowest = 'vs' + '\x00'.repeat(10)
const highest = 'vs' + '\xff'.repeat(10)

/** A fresh memory engine holding a, vr, vs\x05, vt and z (each = 1). */
const withEngine = <T>(fn: (engine: EmbeddedEngine) => Promise<T>): Promise<T> => withEmbeddedEngine(fn, { a: '1', vr: '1', 'vs\x05': '1', vt: '1', z: '1' })

/** A transaction with `options` that set a versionstamped key under `prefix` (2 bytes). */
function stamping(engine: EmbeddedEngine, options: TransactionOptions = {}, prefix = 'vs'): EngineTransaction {
  const tx = engine.createTransaction(options)
  const operand = Buffer.concat([k(prefix), Buffer.alloc(10), Buffer.from([2, 0, 0, 0])])
  tx.atomic('setVersionstampedKey', operand, k('event'))
  return tx
}

async function readAll(tx: EngineTransaction, begin: KeySelector, end: KeySelector, snapshot: boolean): Promise<string[]> {
  const keys: string[] = []
  for await (const batch of tx.getRange(begin, end, { limit: 0, reverse: false, mode: 'want_all', snapshot })) {
    for (let i = 0; i < batch.length; i++) keys.push(text(batch.at(i)![0]))
  }
  return keys
}

describe("a versionstamped key's range is unreadable until commit", () => {
  it('get: 1036 inside the range, its neighbours just outside are readable', () =>
    withEngine(async (engine) => {
      const tx = stamping(engine)
      await rejectsWith(tx.get(k(lowest), false), ErrorCode.accessedUnreadable, /versionstamp/)
      await rejectsWith(tx.get(k('vs\x05'), true), ErrorCode.accessedUnreadable, /versionstamp/)
      await rejectsWith(tx.get(k(highest), false), ErrorCode.accessedUnreadable, /versionstamp/)
      // the key right before the lowest one ([k, k\x00) ends where the range begins) and the one right after the highest
      expect(await tx.get(k('vs' + '\x00'.repeat(9)), false)).toBeNull()
      expect(await tx.get(k(highest + '\x00'), false)).toBeNull()
      expect(text((await tx.get(k('a'), false))!)).toBe('1')
      expect(text((await tx.get(k('vt'), false))!)).toBe('1')
      tx.cancel()
    }))

  it('getKey: 1036 when its scan crosses the range, forward or backward; not when it stops before', () =>
    withEngine(async (engine) => {
      const tx = stamping(engine)
      await rejectsWith(tx.getKey(gte(k('vr\x00')), false), ErrorCode.accessedUnreadable, /versionstamp/)
      await rejectsWith(tx.getKey(lte(k('vt')), false), ErrorCode.accessedUnreadable, /versionstamp/)
      expect(text(await tx.getKey(gte(k('vt')), false))).toBe('vt')
      expect(text(await tx.getKey(lt(k('vr')), false))).toBe('a')
      tx.cancel()
      // below every stored key: a backward scan from 'a' crosses it
      const low = stamping(engine, {}, 'AA')
      await rejectsWith(low.getKey(lt(k('a')), false), ErrorCode.accessedUnreadable, /versionstamp/)
      low.cancel()
    }))

  it('range read: 1036 across the range; a range ending where it begins is readable', () =>
    withEngine(async (engine) => {
      const tx = stamping(engine)
      await rejectsWith(readAll(tx, gte(k('a')), gte(k('z')), false), ErrorCode.accessedUnreadable, /versionstamp/)
      expect(await readAll(tx, gte(k('a')), gte(k(lowest)), false)).toEqual(['a', 'vr'])
      expect(await readAll(tx, gte(k(highest + '\x00')), gte(k('zz')), false)).toEqual(['vt', 'z'])
      tx.cancel()
    }))

  it('reads that do not see own writes read the range: readYourWritesDisable, snapshot reads with snapshotRywDisable', () =>
    withEngine(async (engine) => {
      for (const [options, snapshot] of [
        [{ readYourWritesDisable: true }, false],
        [{ snapshotRywDisable: true }, true],
      ] as const) {
        const tx = stamping(engine, options)
        expect(text((await tx.get(k('vs\x05'), snapshot))!)).toBe('1')
        expect(text(await tx.getKey(gte(k('vr\x00')), snapshot))).toBe('vs\x05')
        expect(text(await tx.getKey(lt(k('vt')), snapshot))).toBe('vs\x05')
        expect(await readAll(tx, gte(k('vr')), gte(k('vt')), snapshot)).toEqual(['vr', 'vs\x05'])
        tx.cancel()
      }
    }))
})
