// A transaction's life on the embedded engine, as in FoundationDB: a
// read-only commit has the committed version -1 and no versionstamp, and so
// has a reset transaction that then only reads; the committed version is
// unknown before the commit (2021); a cancel after the commit changes nothing;
// the status counts open transactions exactly; the timeout runs from creation
// or the last reset (a retry does not restart it) and a timed-out transaction's
// onError is 1031 whatever the error; retryLimit 0 retries nothing; values read
// once are served again past the 5-second read lifetime; the read version
// stays what setReadVersion gave; a transaction being committed refuses reads.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { fakeClock, rejectsWith, withEmbeddedEngine } from '../../../test/harness.js'
import type { EngineTransaction } from '../types.js'
import { openEmbeddedEngine, type EmbeddedEngine } from './index.js'

const k = (s: string): Buffer => Buffer.from(s, 'latin1')
const text = (value: Uint8Array | null): string | null => (value === null ? null : Buffer.from(value).toString('latin1'))
const conflict = (): FoundError => new FoundError(ErrorCode.notCommitted, 'conflict')

/** The open transactions the status counts, not counting the one that reads it. */
async function openCount(engine: EmbeddedEngine): Promise<number> {
  const tx = engine.createTransaction()
  const status = JSON.parse(text(await tx.get(k('\xff\xff/status/json'), true))!) as { openTransactions: number }
  tx.cancel()
  return status.openTransactions - 1
}

/** Commits `tx` as read-only and checks FoundationDB's answers for it: version -1, no versionstamp (2021). */
async function commitsReadOnly(tx: EngineTransaction): Promise<void> {
  await tx.commit()
  expect(tx.getCommittedVersion()).toBe(-1n)
  await rejectsWith(tx.getVersionstamp(), ErrorCode.noCommitVersion, /read-only/)
}

describe('transaction lifecycle', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('a read-only commit has version -1 and no versionstamp; before any commit the version is 2021', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      expect(() => tx.getCommittedVersion()).toThrow(expect.objectContaining({ code: ErrorCode.noCommitVersion }))
      await tx.get(k('a'), false)
      await commitsReadOnly(tx)
      const empty = engine.createTransaction()
      await commitsReadOnly(empty)
    }))

  it('a reset transaction starts empty: readYourWritesDisable is taken, and reading only commits read-only', () =>
    withEmbeddedEngine(async (engine) => {
      const fresh = engine.createTransaction()
      fresh.setOptions({ readYourWritesDisable: true })
      fresh.cancel()

      const tx = engine.createTransaction()
      await tx.get(k('a'), false)
      tx.set(k('a'), k('1'))
      tx.addConflictRange('write', k('m'), k('p'))
      await tx.commit()
      expect(tx.getCommittedVersion()).toBeGreaterThan(0n)
      tx.reset()
      tx.setOptions({ readYourWritesDisable: true })
      expect(text(await tx.get(k('a'), false))).toBe('1')
      await commitsReadOnly(tx)
    }))

  it('readYourWritesDisable is refused after a snapshot read alone (it filled the read cache), or after a write', () =>
    withEmbeddedEngine(async (engine) => {
      const read = engine.createTransaction()
      await read.get(k('a'), true)
      expect(() => read.setOptions({ readYourWritesDisable: true })).toThrow(expect.objectContaining({ code: ErrorCode.clientInvalidOperation }))
      read.cancel()
      const wrote = engine.createTransaction()
      wrote.set(k('a'), k('1'))
      expect(() => wrote.setOptions({ readYourWritesDisable: true })).toThrow(expect.objectContaining({ code: ErrorCode.clientInvalidOperation }))
      wrote.cancel()
    }))

  it('a cancel after the commit changes nothing: the committed version and versionstamp stay', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      tx.set(k('a'), k('1'))
      await tx.commit()
      const version = tx.getCommittedVersion()
      tx.cancel()
      expect(tx.getCommittedVersion()).toBe(version)
      expect((await tx.getVersionstamp()).length).toBe(10)
    }))

  it('the status counts open transactions exactly, through commits, failures, cancels and resets', () =>
    withEmbeddedEngine(async (engine) => {
      expect(await openCount(engine)).toBe(0)
      const a = engine.createTransaction()
      const b = engine.createTransaction()
      expect(await openCount(engine)).toBe(2)
      a.set(k('a'), k('1'))
      await a.commit()
      a.cancel() // after its commit: counted once only
      expect(await openCount(engine)).toBe(1)
      a.reset() // open again
      a.reset() // still one transaction
      expect(await openCount(engine)).toBe(2)
      // b fails (1020), then is cancelled: it leaves the count once
      await b.get(k('a'), false)
      const writer = engine.createTransaction()
      writer.set(k('a'), k('2'))
      await writer.commit()
      b.set(k('b'), k('1'))
      await rejectsWith(b.commit(), ErrorCode.notCommitted, /conflict/)
      b.cancel()
      expect(await openCount(engine)).toBe(1)
      a.cancel()
      expect(await openCount(engine)).toBe(0)
    }))

  it('the timeout runs from creation or the last reset; a retry does not restart it', () =>
    withEmbeddedEngine(async (engine) => {
      const advance = fakeClock()
      const tx = engine.createTransaction({ timeout: 1000, maxRetryDelay: 0 })
      await tx.get(k('a'), false) // well within its timeout
      advance(600)
      await tx.onError(conflict())
      advance(600) // 1,200 ms since creation, 600 since the retry
      await rejectsWith(tx.get(k('a'), false), ErrorCode.transactionTimedOut, /timeout/)
      tx.reset()
      advance(600)
      await tx.get(k('a'), false)
      advance(600) // 1,200 ms since creation, 600 since the reset
      await rejectsWith(tx.get(k('a'), false), ErrorCode.transactionTimedOut, /timeout/)
      // once timed out, onError is 1031 even for a retryable error
      await rejectsWith(tx.onError(conflict()), ErrorCode.transactionTimedOut, /timeout/)
    }))

  it('retryLimit 0 retries nothing: onError rethrows the first error', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction({ retryLimit: 0 })
      const error = conflict()
      await expect(tx.onError(error)).rejects.toBe(error)
      const once = engine.createTransaction({ retryLimit: 1, maxRetryDelay: 0 })
      await once.onError(conflict())
      await rejectsWith(once.onError(conflict()), ErrorCode.notCommitted, /conflict/)
    }))

  it('keys read once are served again past the 5-second read lifetime; a new key is 1007', () =>
    withEmbeddedEngine(async (engine) => {
      const seed = engine.createTransaction()
      for (const key of ['a', 'b', 'c']) seed.set(k(key), k(key.toUpperCase()))
      await seed.commit()
      const advance = fakeClock()
      const tx = engine.createTransaction()
      for (const key of ['a', 'b', 'c']) await tx.get(k(key), false)
      advance(6000)
      for (const key of ['a', 'b', 'c']) expect(text(await tx.get(k(key), false))).toBe(key.toUpperCase())
      await rejectsWith(tx.get(k('d'), false), ErrorCode.transactionTooOld, /too old/)
      tx.cancel()
    }))

  it('the read version is the one set, before and after the first read, and stays the same', () =>
    withEmbeddedEngine(async (engine) => {
      const tx = engine.createTransaction()
      const version = await tx.getReadVersion()
      expect(await tx.getReadVersion()).toBe(version)
      tx.cancel()
      const writer = engine.createTransaction()
      writer.set(k('a'), k('1'))
      await writer.commit()
      const pinned = engine.createTransaction()
      pinned.setReadVersion(version)
      expect(await pinned.getReadVersion()).toBe(version)
      expect(await pinned.get(k('a'), false)).toBeNull() // read at the version set: before the write
      expect(await pinned.getReadVersion()).toBe(version)
      pinned.cancel()
      // a version not reached yet is checked at the first read (1009), not by getReadVersion
      const ahead = engine.createTransaction()
      ahead.setReadVersion(version + 1_000_000_000n)
      expect(await ahead.getReadVersion()).toBe(version + 1_000_000_000n)
      await rejectsWith(ahead.get(k('a'), false), ErrorCode.futureVersion, /./)
      ahead.cancel()
    }))

  it('a transaction being committed refuses reads (2017) until its commit is over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'foundkit-committing-'))
    try {
      const engine = await openEmbeddedEngine({ path: dir })
      try {
        const tx = engine.createTransaction()
        tx.set(k('a'), k('1'))
        const committing = tx.commit()
        await rejectsWith(tx.get(k('a'), false), ErrorCode.usedDuringCommit, /being committed/)
        await committing
        await rejectsWith(tx.get(k('a'), false), ErrorCode.usedDuringCommit, /already committed/)
      } finally {
        await engine.close()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
