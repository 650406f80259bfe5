// Arguments of query, getKey, getMany, transaction and onError that other
// suites pass only in their usual forms: each refusal names the call and
// the argument, and the edge cases of query's found-style direction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { gte } from '../keys/selector.js'
import { open, type Database } from './database.js'
import { query } from './query.js'
import { get, getKey, getMany } from './reads.js'
import { cancel, commit, onError, reset, transaction } from './transaction.js'
import { transactional } from './transactional.js'
import { set } from './writes.js'

const k = (s: string): Buffer => Buffer.from(s)

describe('call arguments', () => {
  let db: Database
  beforeEach(async () => {
    db = await open()
    await transactional(db, (tx) => {
      for (const s of ['a', 'b', 'c', 'd']) set(tx, k(s), k(s.toUpperCase()))
    })
  })
  afterEach(() => db.close())

  const keysOf = (begin: Uint8Array, end: Uint8Array, options?: { reverse?: boolean }) =>
    transactional(db, async (tx) => (await query(tx, begin, end, options).toArray()).map(([key]) => Buffer.from(key).toString()))

  it('query: begin > end runs backwards only when reverse is not given; begin = end is empty', async () => {
    expect(await keysOf(k('c'), k('a'))).toEqual(['c', 'b', 'a'])
    expect(await keysOf(k('c'), k('a'), { reverse: false })).toEqual([])
    expect(await keysOf(k('c'), k('a'), { reverse: true })).toEqual([])
    expect(await keysOf(k('b'), k('b'))).toEqual([])
    expect(await keysOf(k('b'), k('c'))).toEqual(['b'])
  })

  it('query, getKey and getMany name the argument that is not bytes', async () => {
    await transactional(db, (tx) => {
      expect(() => query(tx, 'a' as never, k('b'))).toThrow(/^query: begin must be a Uint8Array/)
      expect(() => query(tx, k('a'), 7 as never)).toThrow(/^query: end must be a Uint8Array/)
      expect(() => query(tx, k('a'), k('b'), { snapshot: 'yes' as never })).toThrow(/^query: snapshot must be a boolean, got/)
    })
    await transactional(db, async (tx) => {
      await expect(getKey(tx, 'a' as never)).rejects.toThrow(/^getKey: selector must be a Uint8Array/)
      expect(Buffer.from(await getKey(tx, gte(k('bb')))).toString()).toBe('c')
      await expect(getMany(tx, 'ab' as never)).rejects.toThrow(/^getMany: keys must be an array of Uint8Array$/)
      await expect(getMany(tx, new Set([k('a')]) as never)).rejects.toThrow(/^getMany: keys must be an array of Uint8Array$/)
      await expect(getMany(tx, [k('a'), 'b'] as never)).rejects.toThrow(/^getMany: keys\[1\] must be a Uint8Array/)
    })
  })

  it('transaction: refuses what is not a Database, and options that are not an object', () => {
    for (const bad of [null, undefined, 'db', {}, () => {}]) {
      expect(() => transaction(bad as never)).toThrow(/^transaction: db must be a Database, got /)
    }
    expect(() => transaction(db, null as never)).toThrow(/^transaction: options must be an object, got null$/)
  })

  it('transaction: debugTransactionIdentifier of 100 characters is taken, 101 refused (2006)', () => {
    cancel(transaction(db, { debugTransactionIdentifier: 'x'.repeat(100) }))
    let error: unknown
    try {
      transaction(db, { debugTransactionIdentifier: 'x'.repeat(101) })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(FoundError)
    expect((error as FoundError).code).toBe(ErrorCode.invalidOptionValue)
  })

  it("a snapshot view's own snapshot view is itself", async () => {
    await transactional(db, (tx) => {
      const view = tx.snapshot()
      expect(view.isSnapshot).toBe(true)
      expect(view.snapshot()).toBe(view)
    })
  })

  it('reset drops the writes made so far; the transaction goes on', async () => {
    const tx = transaction(db)
    set(tx, k('x'), k('1'))
    reset(tx)
    expect(await get(tx, k('x'))).toBeNull()
    set(tx, k('y'), k('2'))
    await commit(tx)
    expect(await transactional(db, (t) => getMany(t, [k('x'), k('y')]))).toEqual([null, k('2')])
  })

  it('onError counts each retry in the stats', async () => {
    const tx = transaction(db)
    expect(tx.stats.retries).toBe(0)
    await onError(tx, new FoundError(ErrorCode.notCommitted, 'conflict (simulated)'))
    await onError(tx, new FoundError(ErrorCode.notCommitted, 'conflict (simulated)'))
    expect(tx.stats.retries).toBe(2)
    cancel(tx)
  })
})
