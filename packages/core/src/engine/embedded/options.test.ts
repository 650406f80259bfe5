import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../errors.js'
import { commitCode } from '../../../test/harness.js'
import type { TransactionOptions } from '../types.js'
import { openEmbeddedEngine } from './index.js'

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
