// What earlier attempts did (api/attempts.ts): a retry after 1021
// (commit_unknown_result, the commit may have been applied) takes the
// effect it finds for its own; a retry after a conflict (nothing applied)
// must not. The "applied" commit is played by a second transaction that
// deletes the key before the body fails.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { clearReportingExisted, earlierAttempt, noteRetry, rememberAttempt } from './attempts.js'
import { open, type Database } from './database.js'
import { get } from './reads.js'
import type { Transaction } from './transaction.js'
import { transactional } from './transactional.js'
import { clear, set } from './writes.js'

const key = Buffer.from('entry')

describe('clearReportingExisted across attempts', () => {
  let db: Database
  beforeEach(async () => {
    db = await open()
    await transactional(db, (tx) => set(tx, key, Buffer.from('v')))
  })
  afterEach(() => db.close())

  /** Deletes `key` in the first attempt as if its commit had been applied, then fails that attempt with `code`. */
  const deleteThenFail = (code: number) => {
    let attempt = 0
    return transactional(db, async (tx) => {
      const existed = await clearReportingExisted(tx, key)
      if (attempt++ === 0) {
        await transactional(db, (other) => clear(other, key))
        throw new FoundError(code, 'simulated end of the first attempt')
      }
      return { existed, attempts: attempt }
    })
  }

  it('reports a key that exists, and one that does not', async () => {
    expect(await transactional(db, (tx) => clearReportingExisted(tx, key))).toBe(true)
    expect(await transactional(db, (tx) => get(tx, key))).toBeNull()
    expect(await transactional(db, (tx) => clearReportingExisted(tx, key))).toBe(false)
  })

  it('after 1021, the retry reports the deletion the first attempt made', async () => {
    expect(await deleteThenFail(ErrorCode.commitUnknownResult)).toEqual({ existed: true, attempts: 2 })
  })

  it('after a conflict (1020), nothing was applied: a deletion by someone else is not ours', async () => {
    expect(await deleteThenFail(ErrorCode.notCommitted)).toEqual({ existed: false, attempts: 2 })
  })

  it('a second clear in the same attempt reports false', async () => {
    const both = await transactional(db, async (tx) => [await clearReportingExisted(tx, key), await clearReportingExisted(tx, key)])
    expect(both).toEqual([true, false])
  })
})

describe('rememberAttempt / earlierAttempt', () => {
  /** A transaction as far as attempts.ts reads it: its stats. */
  const fakeTx = () => ({ stats: { retries: 0 } }) as unknown as Transaction & { stats: { retries: number } }
  const unknownResult = new FoundError(ErrorCode.commitUnknownResult, 'maybe applied')

  it('gives back a value only in a later attempt, and only when the recording attempt may have committed', () => {
    const tx = fakeTx()
    rememberAttempt(tx, 'made', 'dir-1')
    expect(earlierAttempt(tx, 'made')).toBeUndefined() // the same attempt
    noteRetry(tx.stats, unknownResult)
    tx.stats.retries++
    expect(earlierAttempt(tx, 'made')).toBe('dir-1')
    expect(earlierAttempt(tx, 'other')).toBeUndefined()
  })

  it('forgets what an attempt that surely did not commit recorded', () => {
    const tx = fakeTx()
    rememberAttempt(tx, 'made', 'dir-1')
    noteRetry(tx.stats, new FoundError(ErrorCode.notCommitted, 'conflict'))
    tx.stats.retries++
    expect(earlierAttempt(tx, 'made')).toBeUndefined()
  })

  it('keeps every maybe-committed attempt: a value from attempt 0 still counts after a second 1021', () => {
    const tx = fakeTx()
    rememberAttempt(tx, 'made', 'dir-1')
    noteRetry(tx.stats, unknownResult)
    tx.stats.retries++
    noteRetry(tx.stats, unknownResult)
    tx.stats.retries++
    expect(earlierAttempt(tx, 'made')).toBe('dir-1')
  })

  it('is kept per transaction', () => {
    const a = fakeTx()
    const b = fakeTx()
    rememberAttempt(a, 'made', 'a')
    noteRetry(a.stats, unknownResult)
    a.stats.retries++
    b.stats.retries++
    expect(earlierAttempt(b, 'made')).toBeUndefined()
    expect(earlierAttempt(a, 'made')).toBe('a')
  })
})
