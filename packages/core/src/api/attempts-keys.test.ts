// What earlier attempts did is kept per key: two records of one attempt both
// survive, and a deletion of one key by an applied attempt is not taken for
// the deletion of another.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { clearReportingExisted, earlierAttempt, noteRetry, rememberAttempt } from './attempts.js'
import { open, type Database } from './database.js'
import type { Transaction } from './transaction.js'
import { transactional } from './transactional.js'
import { set } from './writes.js'

describe('attempts: one record per key', () => {
  it('keeps every key one attempt recorded', () => {
    const tx = { stats: { retries: 0 } } as unknown as Transaction & { stats: { retries: number } }
    rememberAttempt(tx, 'made a', 'dir-a')
    rememberAttempt(tx, 'made b', 'dir-b')
    noteRetry(tx.stats, new FoundError(ErrorCode.commitUnknownResult, 'maybe applied'))
    tx.stats.retries++
    expect(earlierAttempt(tx, 'made a')).toBe('dir-a')
    expect(earlierAttempt(tx, 'made b')).toBe('dir-b')
  })

  describe('clearReportingExisted', () => {
    let db: Database
    const [a, b] = [Buffer.from('a'), Buffer.from('b')]
    beforeEach(async () => {
      db = await open()
      await transactional(db, (tx) => set(tx, a, Buffer.from('v')))
    })
    afterEach(() => db.close())

    it("after 1021, another key's deletion by the first attempt does not count for this key", async () => {
      let attempt = 0
      const existed = await transactional(db, async (tx) => {
        if (attempt++ === 0) {
          expect(await clearReportingExisted(tx, a)).toBe(true)
          throw new FoundError(ErrorCode.commitUnknownResult, 'simulated end of the first attempt')
        }
        return clearReportingExisted(tx, b) // b never existed
      })
      expect(existed).toBe(false)
      expect(attempt).toBe(2)
    })
  })
})
