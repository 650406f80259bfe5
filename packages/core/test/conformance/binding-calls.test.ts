// The Node binding's two Transaction calls that are neither a read nor a write:
// getAddressesForKey (supported on FoundationDB, refused where there are no
// storage servers) and getNextTransactionID (nextUserVersion). docs/api-parity.md.
import { expect, it } from 'vitest'
import {
  ErrorCode,
  getAddressesForKey,
  getEstimatedRangeSizeBytes,
  nextUserVersion,
  pack,
  packWithVersionstamp,
  prefixRange,
  query,
  set,
  setVersionstampedKey,
  transaction,
  transactional,
  transactionalWith,
  unpack,
  Versionstamp,
} from '../../src/index.js'
import { b, forEachEngine, rejectsWith } from '../harness.js'

forEachEngine('binding calls: getAddressesForKey, getNextTransactionID', ({ db }) => {
  it('getAddressesForKey: storage server addresses on FoundationDB; refused by name (unsupported) on an engine without storage servers', async () => {
    const tx = transaction(db())
    if (db().engine.kind === 'fdb') {
      const addresses = await getAddressesForKey(tx, b('k'))
      expect(addresses.length).toBeGreaterThan(0)
      for (const address of addresses) expect(address).toMatch(/:\d+/)
    } else {
      await rejectsWith(getAddressesForKey(tx, b('k')), ErrorCode.unsupported, new RegExp(`getAddressesForKey is not supported on the ${db().engine.kind} engine: it has no storage servers`))
    }
    await rejectsWith(getAddressesForKey(tx, 'k' as never), 'TypeError', /getAddressesForKey: key/)
    tx.cancel()
  })

  it('getEstimatedRangeSizeBytes: an estimate of the bytes stored in a range, 0 for an empty one', async () => {
    await transactional(db(), (tx) => {
      for (let i = 0; i < 100; i++) set(tx, pack(['sized', i]), Buffer.alloc(100, i))
    })
    const { begin, end } = prefixRange(pack(['sized']))
    const estimate = await transactional(db(), (tx) => getEstimatedRangeSizeBytes(tx, begin, end))
    // The embedded engine counts keys and values exactly; a cluster samples (small ranges may show 0).
    if (db().engine.kind === 'fdb') expect(estimate).toBeGreaterThanOrEqual(0)
    else expect(estimate).toBe(Array.from({ length: 100 }, (_, i) => pack(['sized', i]).length + 100).reduce((x, y) => x + y))
    const empty = prefixRange(pack(['nothing-here']))
    expect(await transactional(db(), (tx) => getEstimatedRangeSizeBytes(tx, empty.begin, empty.end))).toBe(0)
  })

  it('nextUserVersion (getNextTransactionID): 0, 1, 2 ... per transaction, its snapshot view included; a new transaction starts at 0', () => {
    const tx = transaction(db())
    expect([nextUserVersion(tx), nextUserVersion(tx.snapshot()), nextUserVersion(tx)]).toEqual([0, 1, 2])
    expect(nextUserVersion(transaction(db()))).toBe(0)
    expect(() => nextUserVersion({} as never)).toThrow(TypeError)
    tx.cancel()
  })

  it('nextUserVersion: versionstamped keys of one transaction differ and keep the order they were made in', async () => {
    // automaticIdempotency: on the fault variants an applied commit whose reply is lost is not run again.
    await transactionalWith(db(), { automaticIdempotency: true }, (tx) => {
      for (const name of ['first', 'second', 'third']) {
        setVersionstampedKey(tx, packWithVersionstamp(['log', Versionstamp.incomplete(nextUserVersion(tx))]), Buffer.from(name))
      }
    })
    const { begin, end } = prefixRange(pack(['log']))
    const logged = await transactional(db(), (tx) => query(tx, begin, end).toArray())
    expect(logged.map(([, v]) => Buffer.from(v).toString())).toEqual(['first', 'second', 'third'])
    const stamps = logged.map(([k]) => (unpack(k)[1] as Versionstamp).userVersion)
    expect(new Set(stamps).size).toBe(3)
  })

  it('nextUserVersion: a transaction has 65,536 user versions, then invalidArgument', () => {
    const tx = transaction(db())
    for (let i = 0; i <= 0xffff; i++) nextUserVersion(tx)
    expect(() => nextUserVersion(tx)).toThrow(expect.objectContaining({ code: ErrorCode.invalidArgument }))
    tx.cancel()
  })
})
