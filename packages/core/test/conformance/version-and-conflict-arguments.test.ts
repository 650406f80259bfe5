// FoundationDB's refusals of a read version set twice (read_version_already_set,
// 2010) and of an explicit conflict range whose begin is after its end
// (inverted_range, 2005), on every engine; neither leaves the transaction
// unusable for what follows.
import { expect, it } from 'vitest'
import {
  addReadConflictRange,
  addWriteConflictRange,
  ErrorCode,
  get,
  readVersion,
  set,
  setReadVersion,
  transaction,
  transactional,
} from '../../src/index.js'
import { b, codeOf, forEachEngine } from '../harness.js'

forEachEngine('read version and conflict range arguments', ({ db }) => {
  it('a read version set twice is 2010, before or after the first read', async () => {
    await transactional(db(), (tx) => set(tx, b('k'), b('v')))
    const version = await transactional(db(), (tx) => readVersion(tx))
    const tx = transaction(db())
    setReadVersion(tx, version)
    expect(await codeOf(() => setReadVersion(tx, version))).toBe(ErrorCode.readVersionAlreadySet)
    expect(Buffer.from((await get(tx, b('k')))!).toString()).toBe('v')
    const read = transaction(db())
    await get(read, b('k'))
    expect(await codeOf(() => setReadVersion(read, version))).toBe(ErrorCode.readVersionAlreadySet)
    tx.cancel()
    read.cancel()
  })

  it('an explicit read or write conflict range with begin after end is 2005', async () => {
    const tx = transaction(db())
    expect(await codeOf(() => addReadConflictRange(tx, b('z'), b('a')))).toBe(ErrorCode.invertedRange)
    expect(await codeOf(() => addWriteConflictRange(tx, b('z'), b('a')))).toBe(ErrorCode.invertedRange)
    addReadConflictRange(tx, b('a'), b('a')) // empty, not inverted
    tx.cancel()
  })
}, { faults: 'skip: drives transactions by hand (no retry loop)' })
