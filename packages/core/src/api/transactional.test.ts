// transactional's retry loop and a body slower than a transaction may live:
// FoundationDB retries 1007 forever, so a slow body never returns; foundkit
// gives up after a few such attempts with a 1007 that explains why.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { open } from './database.js'
import { get } from './reads.js'
import { transactional, transactionalWith } from './transactional.js'
import { set } from './writes.js'
import { fakeClock, forEachEngine } from '../../test/harness.js'

afterEach(() => {
  vi.restoreAllMocks()
})

const key = Buffer.from('k')

forEachEngine('transactional: a body slower than the 5-second lifetime', ({ db }) => {
  it('fails after three attempts with a 1007 that names the limit and the ways out', async () => {
    const advance = fakeClock()
    let attempts = 0
    const error = await transactional(db(), async (tx) => {
      attempts++
      await get(tx, key)
      advance(6_000) // a loop doing too much in one transaction
      set(tx, key, Buffer.from('v'))
      await get(tx, key)
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FoundError)
    expect((error as FoundError).code).toBe(ErrorCode.transactionTooOld)
    expect((error as FoundError).message).toMatch(/ran for \d+\.\d s on 3 attempts in a row, past the 5-second lifetime/)
    expect((error as FoundError).message).toMatch(/scanAll.*bulkWrite.*timeout or retryLimit/)
    expect(attempts).toBe(3)
    expect(await transactional(db(), (tx) => get(tx, key))).toBeNull()
  })

  it('a body that is slow once and then fast commits', async () => {
    const advance = fakeClock()
    let attempts = 0
    await transactional(db(), async (tx) => {
      attempts++
      await get(tx, key)
      if (attempts === 1) advance(6_000)
      set(tx, key, Buffer.from('v'))
      await get(tx, key)
    })
    expect(attempts).toBe(2)
    expect((await transactional(db(), (tx) => get(tx, key)))?.toString()).toBe('v')
  })
}, { faults: 'skip: counts the attempts of a slow body exactly (injected 1007s would count too)' })

describe('transactional: fast 1007s are retried as FoundationDB does', () => {
  it('a quick body that meets 1007 (not its own slowness) keeps being retried', async () => {
    const db = await open()
    let attempts = 0
    const result = await transactional(db, () => {
      if (++attempts <= 5) throw new FoundError(ErrorCode.transactionTooOld, 'too old (injected)')
      return 'done'
    })
    expect(result).toBe('done')
    expect(attempts).toBe(6)
    await db.close()
  })
})

describe('set: a missing value', () => {
  it('says the value is missing, not "got undefined undefined"', async () => {
    const db = await open()
    const error = await transactional(db, (tx) => set(tx, key, undefined as never)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toBe('set: value must be a Uint8Array (or Buffer), got undefined: set takes (tx, key, value); to remove a key use clear(tx, key)')
    await db.close()
  })
})

describe('transactional: bad arguments', () => {
  it('refuses what is not a Database, an object without an engine included', async () => {
    for (const [db, got] of [[{}, 'an object \\(Object\\)'], [null, 'null'], [5, 'number 5']] as const) {
      const error = await transactional(db as never, () => 1).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toMatch(new RegExp(`^transactional: db must be a Database, got ${got}$`))
    }
  })

  it('refuses a snapshot option that is not a boolean, before running the body', async () => {
    const db = await open()
    let ran = false
    const error = await transactionalWith(db, { snapshot: 'yes' as never }, () => {
      ran = true
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toMatch(/transactional: snapshot must be a boolean, got a string \("yes"\)/)
    expect(ran).toBe(false)
    await db.close()
  })
})
