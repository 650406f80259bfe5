// What a transaction's options and explicit conflict ranges do to conflicts on
// the embedded engine, as in FoundationDB: nextWriteNoWriteConflictRange given
// at creation spares the next write its write conflict range (the write is
// still committed), other options do not, and a reset forgets it; a write
// conflict range alone makes readers of it conflict; an explicit read conflict
// range in a transaction that never read is checked from its commit's read
// version on (earlier writes do not conflict); with readYourWritesDisable a
// range read conflicts on keys the transaction wrote itself; conflicting keys
// are reported only for a 1020; a failed commit's versionstamp is 2020 with
// the commit's error as its cause.
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { gte } from '../../keys/selector.js'
import { rejectsWith, withEmbeddedEngine } from '../../../test/harness.js'
import type { EngineTransaction, RangeBatch, TransactionOptions } from '../types.js'
import type { EmbeddedEngine } from './index.js'

const k = (s: string): Buffer => Buffer.from(s, 'latin1')
const text = (value: Uint8Array | null): string | null => (value === null ? null : Buffer.from(value).toString('latin1'))

/** A fresh memory engine holding k = 0. */
const withEngine = <T>(fn: (engine: EmbeddedEngine) => Promise<T>): Promise<T> => withEmbeddedEngine(fn, { k: '0' })

/** Commits `tx`; true when it failed with 1020. */
async function conflicted(tx: EngineTransaction): Promise<boolean> {
  try {
    await tx.commit()
    return false
  } catch (error) {
    if (error instanceof FoundError && error.code === ErrorCode.notCommitted) return true
    throw error
  }
}

/** Whether a reader of 'k' conflicts with a transaction (made with `options`, prepared by `prepare`) that then writes 'k'. */
async function writerOfKConflictsReader(engine: EmbeddedEngine, options: TransactionOptions, prepare: (tx: EngineTransaction) => void = () => {}): Promise<boolean> {
  const reader = engine.createTransaction()
  await reader.get(k('k'), false)
  reader.set(k('reader'), k('1'))
  const writer = engine.createTransaction(options)
  prepare(writer)
  writer.set(k('k'), k('written'))
  await writer.commit()
  return conflicted(reader)
}

async function readAll(tx: EngineTransaction, begin: string, end: string): Promise<void> {
  for await (const _batch of tx.getRange(gte(k(begin)), gte(k(end)), { limit: 0, reverse: false, mode: 'want_all', snapshot: false }));
}

describe('conflicts and the options that change them', () => {
  it('nextWriteNoWriteConflictRange given at creation: the write is committed without a write conflict', () =>
    withEngine(async (engine) => {
      expect(await writerOfKConflictsReader(engine, { nextWriteNoWriteConflictRange: true })).toBe(false)
      const check = engine.createTransaction()
      expect(text(await check.get(k('k'), false))).toBe('written')
      check.cancel()
      expect(await writerOfKConflictsReader(engine, { nextWriteNoWriteConflictRange: false })).toBe(true)
    }))

  it('other options set later leave the write its conflict; a reset forgets the one-shot option', () =>
    withEngine(async (engine) => {
      expect(await writerOfKConflictsReader(engine, {}, (tx) => tx.setOptions({ timeout: 60_000 }))).toBe(true)
      const resetFirst = (tx: EngineTransaction): void => {
        tx.setOptions({ nextWriteNoWriteConflictRange: true })
        tx.reset()
      }
      expect(await writerOfKConflictsReader(engine, {}, resetFirst)).toBe(true)
    }))

  it('a transaction with only a write conflict range makes readers of that range conflict', () =>
    withEngine(async (engine) => {
      const reader = engine.createTransaction()
      await readAll(reader, 'm', 'p')
      reader.set(k('reader'), k('1'))
      const marker = engine.createTransaction()
      marker.addConflictRange('write', k('n'), k('o'))
      await marker.commit()
      expect(marker.getCommittedVersion()).toBeGreaterThan(0n)
      expect(await conflicted(reader)).toBe(true)
    }))

  it('an explicit read conflict range without any read is checked from the commit on: earlier writes do not conflict', () =>
    withEngine(async (engine) => {
      const tx = engine.createTransaction()
      tx.addConflictRange('read', k('a'), k('z'))
      const writer = engine.createTransaction()
      writer.set(k('m'), k('1'))
      await writer.commit()
      tx.set(k('x'), k('1'))
      expect(await conflicted(tx)).toBe(false)
    }))

  it('with readYourWritesDisable, a range read conflicts on a key the transaction wrote itself', () =>
    withEngine(async (engine) => {
      const tx = engine.createTransaction({ readYourWritesDisable: true })
      tx.set(k('m'), k('mine'))
      await readAll(tx, 'a', 'z')
      const writer = engine.createTransaction()
      writer.set(k('m'), k('theirs'))
      await writer.commit()
      expect(await conflicted(tx)).toBe(true)
    }))

  it('conflicting keys are reported for a 1020 only, not for a commit that failed otherwise', () =>
    withEngine(async (engine) => {
      const reportOf = async (tx: EngineTransaction): Promise<string[]> => {
        const keys: string[] = []
        const special = tx.getRange(gte(k('\xff\xff/transaction/conflicting_keys/')), gte(k('\xff\xff/transaction/conflicting_keys/\xff')), {
          limit: 0,
          reverse: false,
          mode: 'want_all',
          snapshot: true,
        })
        for await (const batch of special) for (let i = 0; i < batch.length; i++) keys.push(text(batch.at(i)![0])!)
        return keys
      }
      const overwriteK = async (): Promise<void> => {
        const writer = engine.createTransaction()
        writer.set(k('k'), k(String(Math.random())))
        await writer.commit()
      }
      const tooLarge = engine.createTransaction({ reportConflictingKeys: true, sizeLimit: 100 })
      await tooLarge.get(k('k'), false)
      await overwriteK()
      tooLarge.set(k('big'), Buffer.alloc(200))
      await rejectsWith(tooLarge.commit(), ErrorCode.transactionTooLarge, /limit/)
      expect(await reportOf(tooLarge)).toEqual([])

      const loser = engine.createTransaction({ reportConflictingKeys: true })
      await loser.get(k('k'), false)
      await overwriteK()
      loser.set(k('other'), k('1'))
      expect(await conflicted(loser)).toBe(true)
      expect(await reportOf(loser)).toEqual(['\xff\xff/transaction/conflicting_keys/k', '\xff\xff/transaction/conflicting_keys/k\x00'])
      // a range starting inside the module: its part of the report
      const from = (begin: string, end: string) =>
        loser.getRange(gte(k(begin)), gte(k(end)), { limit: 0, reverse: false, mode: 'want_all', snapshot: true })
      const keysOf = async (batches: AsyncIterable<RangeBatch>): Promise<string[]> => {
        const keys: string[] = []
        for await (const batch of batches) for (let i = 0; i < batch.length; i++) keys.push(text(batch.at(i)![0])!)
        return keys
      }
      expect(await keysOf(from('\xff\xff/transaction/conflicting_keys/k\x00', '\xff\xff/transaction/conflicting_keys/\xff'))).toEqual([
        '\xff\xff/transaction/conflicting_keys/k\x00',
      ])
      // a range ending past the module is not the module's: without system key access it is 2004
      const fresh = engine.createTransaction()
      const past = (async () =>
        keysOf(
          fresh.getRange(gte(k('\xff\xff/transaction/conflicting_keys/')), gte(k('\xff\xff/transaction/conflicting_keys/\xff\xff\x01')), {
            limit: 0,
            reverse: false,
            mode: 'want_all',
            snapshot: true,
          }),
        ))()
      await rejectsWith(past, ErrorCode.keyOutsideLegalRange, /range read/)
      fresh.cancel()
    }))

  it("a failed commit's versionstamp is 2020, caused by the commit's error", () =>
    withEngine(async (engine) => {
      const tx = engine.createTransaction()
      await tx.get(k('k'), false)
      const stamp = tx.getVersionstamp()
      const writer = engine.createTransaction()
      writer.set(k('k'), k('1'))
      await writer.commit()
      tx.set(k('x'), k('1'))
      expect(await conflicted(tx)).toBe(true)
      const error = await stamp.then(
        () => null,
        (e: unknown) => e,
      )
      expect(error).toMatchObject({ code: ErrorCode.transactionInvalidVersion, cause: { code: ErrorCode.notCommitted } })
    }))
})
