// The bounds transaction options and query options are checked against (before any engine sees them).
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { open } from './database.js'
import { query } from './query.js'
import { transaction } from './transaction.js'

async function withDb(fn: (db: Awaited<ReturnType<typeof open>>) => Promise<void> | void): Promise<void> {
  const db = await open()
  try {
    await fn(db)
  } finally {
    await db.close()
  }
}

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  return expect.unreachable('expected an error')
}

describe('transaction options: bounds', () => {
  it('timeout, retryLimit, maxRetryDelay and sizeLimit are non-negative integers (retryLimit may be -1)', () =>
    withDb((db) => {
      for (const options of [{ timeout: -1 }, { timeout: 1.5 }, { maxRetryDelay: -1 }, { sizeLimit: -1 }, { retryLimit: -2 }]) {
        const e = thrown(() => transaction(db, options))
        expect(e, JSON.stringify(options)).toBeInstanceOf(TypeError)
        expect((e as Error).message).toMatch(/transaction: \w+ must be a non-negative integer/)
      }
      for (const options of [{ timeout: 0 }, { retryLimit: -1 }, { retryLimit: 0 }, { maxRetryDelay: 0 }, { sizeLimit: 0 }]) {
        expect(() => transaction(db, options).cancel(), JSON.stringify(options)).not.toThrow()
      }
    }))

  it('sizeLimit is at most 10,000,000 bytes (FoundError invalidOptionValue beyond)', () =>
    withDb((db) => {
      expect(() => transaction(db, { sizeLimit: 10_000_000 }).cancel()).not.toThrow()
      const e = thrown(() => transaction(db, { sizeLimit: 10_000_001 }))
      expect(e).toBeInstanceOf(FoundError)
      expect((e as FoundError).code).toBe(ErrorCode.invalidOptionValue)
    }))

  it('debugTransactionIdentifier is a string', () =>
    withDb((db) => {
      const e = thrown(() => transaction(db, { debugTransactionIdentifier: 5 as never }))
      expect(e).toBeInstanceOf(TypeError)
      expect((e as Error).message).toMatch(/debugTransactionIdentifier must be a string/)
    }))
})

describe('query options: mode', () => {
  it('refuses a streaming mode FoundationDB does not have (FoundError invalidOptionValue), accepts every one it has', () =>
    withDb((db) => {
      const tx = transaction(db)
      const e = thrown(() => query(tx, Buffer.from('a'), Buffer.from('b'), { mode: 'bogus' as never }))
      expect(e).toBeInstanceOf(FoundError)
      expect((e as FoundError).code).toBe(ErrorCode.invalidOptionValue)
      for (const mode of ['want_all', 'iterator', 'exact', 'small', 'medium', 'large', 'serial'] as const) {
        expect(() => query(tx, Buffer.from('a'), Buffer.from('b'), { mode })).not.toThrow()
      }
      tx.cancel()
    }))
})
