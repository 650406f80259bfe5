import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import type { TransactionOptions } from '../types.js'
import { openEmbeddedEngine } from './index.js'

/** Commits one 2,000-byte value with `options`; returns the error code, or 0. */
async function commitCode(engine: Awaited<ReturnType<typeof openEmbeddedEngine>>, options: TransactionOptions): Promise<number> {
  const tx = engine.createTransaction(options)
  tx.set(Buffer.from('k'), Buffer.alloc(2000))
  try {
    await tx.commit()
    return 0
  } catch (error) {
    return error instanceof FoundError ? error.code : -1
  }
}

describe('embedded engine: transaction options', () => {
  it('an options object changed between transactions takes effect (only frozen ones are normalized once)', async () => {
    const engine = await openEmbeddedEngine()
    const options: TransactionOptions = { sizeLimit: 1000 }
    expect(await commitCode(engine, options)).toBe(ErrorCode.transactionTooLarge)
    options.sizeLimit = 100_000
    expect(await commitCode(engine, options)).toBe(0)
    const frozen = Object.freeze({ sizeLimit: 1000 })
    expect(await commitCode(engine, frozen)).toBe(ErrorCode.transactionTooLarge)
    expect(await commitCode(engine, frozen)).toBe(ErrorCode.transactionTooLarge)
    await engine.close()
  })
})
