import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { open, type OpenOptions } from '../api/database.js'
import { transaction, TRANSACTION_OPTIONS } from '../api/transaction.js'
import { set } from '../api/writes.js'
import { transactional } from '../api/transactional.js'
import { watch } from '../api/versions.js'
import { UNSUPPORTED_DATABASE_OPTIONS, UNSUPPORTED_TRANSACTION_OPTIONS } from './fdb-parity.js'

// The binding's generated option tables (plain JavaScript, no native code).
const { transactionOptionData, databaseOptionData } = createRequire(import.meta.url)('foundationdb/dist/lib/opts.g.js') as {
  transactionOptionData: Record<string, unknown>
  databaseOptionData: Record<string, unknown>
}
const camel = (snake: string): string => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
/** The database options foundkit supports as `open` options. */
const SUPPORTED_DATABASE_OPTIONS = ['maxWatches']

describe('FoundationDB option parity table', () => {
  it('classifies every transaction option of the binding exactly once: supported, or in the table', () => {
    const names = Object.keys(transactionOptionData).map(camel)
    for (const name of names) {
      const supported = (TRANSACTION_OPTIONS as readonly string[]).includes(name)
      expect(supported !== Object.hasOwn(UNSUPPORTED_TRANSACTION_OPTIONS, name), name).toBe(true)
    }
    for (const name of [...TRANSACTION_OPTIONS, ...Object.keys(UNSUPPORTED_TRANSACTION_OPTIONS)]) expect(names, name).toContain(name)
  })

  it('classifies every database option of the binding exactly once', () => {
    const names = Object.keys(databaseOptionData).map(camel)
    for (const name of names) expect(SUPPORTED_DATABASE_OPTIONS.includes(name) !== Object.hasOwn(UNSUPPORTED_DATABASE_OPTIONS, name), name).toBe(true)
    for (const name of Object.keys(UNSUPPORTED_DATABASE_OPTIONS)) expect(names, name).toContain(name)
  })

  it('open refuses each refused database option by name, accepts the no-effect ones, and still TypeErrors a name that is no option', async () => {
    for (const [name, parity] of Object.entries(UNSUPPORTED_DATABASE_OPTIONS)) {
      const attempt = open({ [name]: 1 } as OpenOptions)
      if (parity.status === 'refused') {
        const error = await attempt.then(() => null, (e: unknown) => e)
        expect(error, name).toBeInstanceOf(FoundError)
        expect((error as FoundError).code).toBe(ErrorCode.unsupported)
        expect((error as FoundError).message).toContain(`"${name}"`)
      } else {
        await (await attempt).close()
      }
    }
    await expect(open({ maxWatchez: 3 } as OpenOptions)).rejects.toThrow(TypeError)
  })

  it('open({ transaction }) refuses a refused transaction option by name', async () => {
    await expect(open({ transaction: { authorizationToken: 't' } as never })).rejects.toMatchObject({ code: ErrorCode.unsupported })
    const db = await open({ transaction: { priorityBatch: true } as never })
    await transactional(db, (tx) => set(tx, Buffer.from('k'), Buffer.from('v')))
    await db.close()
  })
})

describe('maxWatches', () => {
  it('limits outstanding watches: one more fails 1032', async () => {
    const db = await open({ maxWatches: 2 })
    const kept = await transactional(db, (tx) => [watch(tx, Buffer.from('a')), watch(tx, Buffer.from('b'))])
    const extra = await transactional(db, (tx) => watch(tx, Buffer.from('c')))
    await expect(extra.promise).rejects.toMatchObject({ code: ErrorCode.tooManyWatches })
    for (const w of kept) w.cancel()
    await db.close()
  })

  it('refuses a value FoundationDB would refuse', async () => {
    await expect(open({ maxWatches: -1 })).rejects.toThrow(TypeError)
    await expect(open({ maxWatches: 1_000_001 })).rejects.toMatchObject({ code: ErrorCode.invalidOptionValue })
  })
})
