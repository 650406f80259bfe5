// readYourWritesDisable may be set only before a transaction's first read or
// write (FoundationDB: client_invalid_operation, 2000): a point read or a
// range read alone is enough to make it too late; a fresh transaction takes it.
import { expect, it } from 'vitest'
import { ErrorCode, get, query, set, transaction } from '../../src/index.js'
import { b, codeOf, forEachEngine } from '../harness.js'

forEachEngine('readYourWritesDisable: when it may be set', ({ db }) => {
  it('is refused after a point read or a range read alone', async () => {
    const afterGet = transaction(db())
    await get(afterGet, b('k'))
    expect(await codeOf(() => afterGet.setOptions({ readYourWritesDisable: true }))).toBe(ErrorCode.clientInvalidOperation)
    afterGet.cancel()
    const afterRange = transaction(db())
    await query(afterRange, b('a'), b('z')).toArray()
    expect(await codeOf(() => afterRange.setOptions({ readYourWritesDisable: true }))).toBe(ErrorCode.clientInvalidOperation)
    afterRange.cancel()
  })

  it('is taken by a fresh transaction, whose reads then skip its own writes', async () => {
    const tx = transaction(db())
    tx.setOptions({ readYourWritesDisable: true })
    set(tx, b('mine'), b('1'))
    expect(await get(tx, b('mine'))).toBeNull()
    tx.cancel()
  })
}, { faults: 'skip: drives one transaction by hand (no retry loop)' })
