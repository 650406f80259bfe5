// A Database's own behaviour, apart from its engine: its default
// transaction options, hooks added and removed, close (once, and then
// refused), and open's argument checks that no other check repeats. A
// plug-in engine that forwards to a memory engine but ignores close shows
// what the Database itself does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import type { Engine } from '../engine/types.js'
import { open, type Database } from './database.js'
import { get } from './reads.js'
import { transaction } from './transaction.js'
import { transactional } from './transactional.js'
import { set } from './writes.js'
import { rejectsWith } from '../../test/harness.js'

const key = Buffer.from('k')

/** The memory engine `base` behind a proxy whose close only counts. */
function uncloseable(base: Engine): { engine: Engine; closes: () => number } {
  let closes = 0
  const engine = new Proxy(base, {
    get(target, prop) {
      if (prop === 'close') return async () => void closes++
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  return { engine, closes: () => closes }
}

describe('Database: default options, hooks, close', () => {
  let base: Database
  beforeEach(async () => {
    base = await open()
  })
  afterEach(() => base.close())

  it('keeps the default transaction options it was opened with, and applies them', async () => {
    const db = await open({ engine: base.engine, transaction: { retryLimit: 2 } })
    expect(db.transactionOptions).toEqual({ retryLimit: 2 })
    expect(Object.isFrozen(db.transactionOptions)).toBe(true)
    let attempts = 0
    const error = await transactional(db, () => {
      attempts++
      throw new FoundError(ErrorCode.notCommitted, 'conflict (simulated)')
    }).catch((e: unknown) => e)
    expect((error as FoundError).code).toBe(ErrorCode.notCommitted)
    expect(attempts).toBe(3) // the first attempt and two retries
  })

  it("a hook's remover removes that hook only, and a second call removes nothing", async () => {
    const seen: string[] = []
    const removeFirst = base.addHooks({ onBegin: () => seen.push('first') })
    const removeSecond = base.addHooks({ onBegin: () => seen.push('second') })
    base.addHooks({ onBegin: () => seen.push('third') })
    removeFirst()
    await transactional(base, (tx) => get(tx, key))
    expect(seen).toEqual(['second', 'third'])
    removeFirst() // already gone: must not remove the last one instead
    seen.length = 0
    await transactional(base, (tx) => get(tx, key))
    expect(seen).toEqual(['second', 'third'])
    removeSecond()
    seen.length = 0
    await transactional(base, (tx) => get(tx, key))
    expect(seen).toEqual(['third'])
  })

  it('addHooks names itself when it refuses hooks', () => {
    expect(() => base.addHooks({ onbegin: () => {} } as never)).toThrow(/^addHooks: unknown option "onbegin"/)
    expect(() => base.addHooks({ onBegin: 1 } as never)).toThrow(/^addHooks: onBegin must be a function/)
  })

  it('closes its engine once, however often it is closed, and refuses transactions after', async () => {
    const { engine, closes } = uncloseable(base.engine)
    const db = await open({ engine })
    await transactional(db, (tx) => set(tx, key, Buffer.from('v')))
    expect(db.isClosed).toBe(false)
    await db.close()
    await db.close()
    expect(closes()).toBe(1)
    expect(db.isClosed).toBe(true)
    // The engine itself is still open (its close was not called through): the Database refuses on its own.
    await rejectsWith(transactional(db, (tx) => get(tx, key)), ErrorCode.databaseClosed, /the database is closed/)
    expect(() => transaction(db)).toThrow(/the database is closed/)
    expect((await transactional(base, (tx) => get(tx, key)))?.toString()).toBe('v')
  })
})

describe('open: arguments no later check repeats', () => {
  it('path, clusterFile and apiVersion of the wrong type are TypeErrors naming the option', async () => {
    await rejectsWith(open({ path: 42 as never }), 'TypeError', /^open: path must be a non-empty string, got number 42$/)
    await rejectsWith(open({ clusterFile: 5 as never }), 'TypeError', /^open: clusterFile must be a string, got number 5$/)
    await rejectsWith(open({ clusterFile: 'fdb.cluster', apiVersion: 710.5 }), 'TypeError', /^open: apiVersion must be an integer, got number 710.5$/)
  })

  it('maxWatches from 0 to 1,000,000 opens; one more is a FoundError, a negative a TypeError', async () => {
    for (const maxWatches of [0, 1_000_000]) {
      const db = await open({ maxWatches })
      await transactional(db, (tx) => set(tx, key, Buffer.from('v')))
      await db.close()
    }
    await rejectsWith(open({ maxWatches: 1_000_001 }), ErrorCode.invalidOptionValue, /maxWatches may be at most 1000000/)
    await rejectsWith(open({ maxWatches: -1 }), 'TypeError', /maxWatches must be a non-negative integer/)
  })

  it('an engine that is neither a name nor an object is a TypeError, null and a path included', async () => {
    for (const options of [{ engine: null }, { engine: 'leveldb' }, { engine: null, path: 'data' }]) {
      await rejectsWith(open(options as never), 'TypeError', /^open: engine must be 'memory', 'durable', 'fdb' or an Engine object, got /)
    }
  })

  it("cacheBytes with engine 'memory' and a path is refused for the cacheBytes first", async () => {
    await rejectsWith(open({ engine: 'memory', path: 'data', cacheBytes: 0 }), ErrorCode.invalidArgument, /cacheBytes applies to a durable embedded database/)
  })

  it('bad fault options name open', async () => {
    await rejectsWith(open({ faults: { rate: 2 } }), 'TypeError', /^open: faults\.rate must be a number from 0 to 1/)
  })
})
