// The embedded engine's refusals of bad keys, values and ranges: FoundationDB's
// codes (2004 outside the legal keyspace, 2102/2103 too large, 2005 inverted,
// 2000 a malformed versionstamp operand), each message starting with the
// operation it refuses; and the edges that are not refused: an empty range
// (clear, split points), a clear of a key too long to exist (ignored, as
// FoundationDB does), bumping the metadata version key without system key
// access (only with setVersionstampedValue), watching it, and a read conflict
// range in the system keyspace with readSystemKeys (a write one needs
// accessSystemKeys).
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../errors.js'
import { rejectsWith, versionstampOperand, withEmbeddedEngine } from '../../../test/harness.js'
import type { EngineTransaction } from '../types.js'

const k = (s: string): Buffer => Buffer.from(s, 'latin1')
const text = (value: Uint8Array | null): string | null => (value === null ? null : Buffer.from(value).toString('latin1'))
const METADATA_VERSION = k('\xff/metadataVersion')
const SYSTEM = k('\xff/x')

/** Runs `call` and checks it throws FoundError `code` with a message starting `label:` (or `label ` for a label that is a prefix). */
async function refused(call: () => unknown, code: number, message: RegExp): Promise<void> {
  await rejectsWith(
    (async () => {
      await call()
    })(),
    code,
    message,
  )
}

describe('transaction arguments', () => {
  it('keys outside the legal keyspace are 2004, named by the operation', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      await refused(() => tx.get(SYSTEM, false), ErrorCode.keyOutsideLegalRange, /^get:/)
      await refused(() => tx.set(SYSTEM, k('v')), ErrorCode.keyOutsideLegalRange, /^set:/)
      await refused(() => tx.clear(SYSTEM), ErrorCode.keyOutsideLegalRange, /^clear:/)
      await refused(() => tx.clearRange(SYSTEM, k('\xff/y')), ErrorCode.keyOutsideLegalRange, /^clear range:/)
      await refused(() => tx.clearRange(k('a'), SYSTEM), ErrorCode.keyOutsideLegalRange, /^clear range end:/)
      await refused(() => tx.addConflictRange('read', SYSTEM, k('\xff/y')), ErrorCode.keyOutsideLegalRange, /^add read conflict range:/)
      await refused(() => tx.addConflictRange('write', k('a'), SYSTEM), ErrorCode.keyOutsideLegalRange, /^add write conflict range: end:/)
      await refused(() => tx.getRangeSplitPoints(SYSTEM, k('\xff/y'), 100), ErrorCode.keyOutsideLegalRange, /^getRangeSplitPoints:/)
      await refused(() => tx.getRangeSplitPoints(k('a'), SYSTEM, 100), ErrorCode.keyOutsideLegalRange, /^getRangeSplitPoints: end:/)
      await refused(() => tx.watch(SYSTEM), ErrorCode.keyOutsideLegalRange, /^watch:/)
      // a versionstamped key whose lowest key is already a system key, and one whose highest key is
      await refused(() => tx.atomic('setVersionstampedKey', versionstampOperand(k('\xff/vs' + '\x00'.repeat(10)), 4), k('v')), ErrorCode.keyOutsideLegalRange, /^setVersionstampedKey:/)
      await refused(() => tx.atomic('setVersionstampedKey', versionstampOperand(Buffer.alloc(10), 0), k('v')), ErrorCode.keyOutsideLegalRange, /^setVersionstampedKey:/)
      tx.cancel()
    }))

  it('keys and values over their limits are 2102 and 2103, named by the operation', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      const longKey = Buffer.alloc(10_001, 0x61)
      const longValue = Buffer.alloc(100_001)
      await refused(() => tx.set(k('a'), longValue), ErrorCode.valueTooLarge, /^set:/)
      await refused(() => tx.watch(longKey), ErrorCode.keyTooLarge, /^watch:/)
      // the 4 offset bytes count toward the key's size
      await refused(() => tx.atomic('setVersionstampedKey', versionstampOperand(Buffer.alloc(9_997, 0x61), 0), k('v')), ErrorCode.keyTooLarge, /^setVersionstampedKey:/)
      await refused(() => tx.atomic('setVersionstampedKey', versionstampOperand(Buffer.alloc(12, 0x61), 2), longValue), ErrorCode.valueTooLarge, /^setVersionstampedKey:/)
      tx.cancel()
    }))

  it('a versionstamp operand without its 4-byte offset is refused, naming the operation and the argument', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      await refused(() => tx.atomic('setVersionstampedKey', k('ab'), k('v')), ErrorCode.clientInvalidOperation, /^setVersionstampedKey: key/)
      await refused(() => tx.atomic('setVersionstampedValue', k('a'), k('ab')), ErrorCode.clientInvalidOperation, /^setVersionstampedValue: value/)
      tx.cancel()
    }))

  it('an empty range is not inverted: clearing it writes nothing, its split points are its one key', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      tx.clearRange(k('a'), k('a'))
      expect(await tx.getApproximateSize()).toBe(0)
      expect((await tx.getRangeSplitPoints(k('a'), k('a'), 100)).map(text)).toEqual(['a'])
      await refused(() => tx.getRangeSplitPoints(k('b'), k('a'), 100), ErrorCode.invertedRange, /^getRangeSplitPoints:/)
      await tx.commit()
      expect(tx.getCommittedVersion()).toBe(-1n) // nothing written: read-only
    }))

  it('a clear of a key too long to exist is ignored', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      tx.clear(Buffer.alloc(10_001, 0x61))
      expect(await tx.getApproximateSize()).toBe(0)
      await tx.commit()
      expect(tx.getCommittedVersion()).toBe(-1n)
    }))

  it('the metadata version key: bumped by setVersionstampedValue and watched without system key access, no other write', () =>
    withEmbeddedEngine(async (engine) => {
      const stampedValue = versionstampOperand(Buffer.alloc(10), 0)
      const tx = engine.createTransaction()
      tx.atomic('setVersionstampedValue', METADATA_VERSION, stampedValue)
      await refused(() => tx.atomic('add', METADATA_VERSION, Buffer.alloc(8)), ErrorCode.keyOutsideLegalRange, /^add:/)
      await refused(() => tx.set(METADATA_VERSION, k('v')), ErrorCode.keyOutsideLegalRange, /^set:/)
      await tx.commit()
      const reader = engine.createTransaction()
      expect((await reader.get(METADATA_VERSION, false))?.length).toBe(10)
      const watch = reader.watch(METADATA_VERSION)
      watch.cancel()
      await expect(watch.promise).rejects.toMatchObject({ code: ErrorCode.transactionCancelled })
      reader.cancel()
    }))

  it('setVersionstampedValue on other keys writes them, even one as long as the metadata version key', () =>
    withEmbeddedEngine(async (engine) => {
      const sameLength = k('x'.repeat(METADATA_VERSION.length))
      const tx = engine.createTransaction()
      tx.atomic('setVersionstampedValue', k('plain'), versionstampOperand(k('v:' + '\x00'.repeat(10)), 2))
      tx.atomic('setVersionstampedValue', sameLength, versionstampOperand(Buffer.alloc(10), 0))
      await tx.commit()
      const reader: EngineTransaction = engine.createTransaction({ readSystemKeys: true })
      expect(text(await reader.get(k('plain'), false))?.startsWith('v:')).toBe(true)
      expect((await reader.get(sameLength, false))?.length).toBe(10)
      expect(await reader.get(METADATA_VERSION, false)).toBeNull()
      reader.cancel()
    }))

  it('readSystemKeys allows read conflict ranges and watches in the system keyspace, not write conflict ranges', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction({ readSystemKeys: true })
      tx.addConflictRange('read', SYSTEM, k('\xff/y'))
      const watch = tx.watch(SYSTEM)
      watch.cancel()
      await refused(() => tx.addConflictRange('write', SYSTEM, k('\xff/y')), ErrorCode.keyOutsideLegalRange, /^add write conflict range:/)
      tx.cancel()
      const admin = engine.createTransaction({ accessSystemKeys: true })
      admin.addConflictRange('write', SYSTEM, k('\xff/y'))
      admin.cancel()
    }))
})
