// Atomic operations with FoundationDB's exact semantics, and versionstamps, on every engine.
import { expect, it } from 'vitest'
import {
  add,
  ErrorCode,
  get,
  getVersionstamp,
  pack,
  packWithVersionstamp,
  query,
  range,
  set,
  setVersionstampedKey,
  setVersionstampedValue,
  transactional,
  unpack,
  Versionstamp,
} from '../../src/index.js'
import { b, codeOf, forEachEngine } from '../harness.js'
import { ATOMIC_CASES as cases } from './atomic-cases.js'

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex')

forEachEngine('atomic operations', ({ db }) => {
  for (const [name, op, stored, operand, expected] of cases) {
    it(name, async () => {
      if (stored !== null) await transactional(db(), (tx) => set(tx, b('a'), hex(stored)))
      await transactional(db(), (tx) => op(tx, b('a'), hex(operand)))
      const v = await transactional(db(), (tx) => get(tx, b('a')))
      expect(v === null ? null : Buffer.from(v).toString('hex')).toBe(expected)
    })
  }

  it('atomic ops are visible to the same transaction (read-your-writes)', async () => {
    await transactional(db(), (tx) => set(tx, b('c'), hex('0100')))
    const seen = await transactional(db(), async (tx) => {
      add(tx, b('c'), hex('0200'))
      add(tx, b('c'), hex('0300'))
      return Buffer.from((await get(tx, b('c')))!).toString('hex')
    })
    expect(seen).toBe('0600')
  })

  it('versionstamped keys: unique, ordered by commit, and the stamp is returned', async () => {
    const stamps: Uint8Array[] = []
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        transactional(db(), async (tx) => {
          setVersionstampedKey(tx, packWithVersionstamp(['log', Versionstamp.incomplete(7)]), pack([i]))
          // Wrapped: returning the promise itself would make transactional wait for it before committing.
          return { stamp: getVersionstamp(tx) }
        }).then(async ({ stamp }) => stamps.push(await stamp)),
      ),
    )
    const { begin, end } = range(pack(['log']))
    const rows = await transactional(db(), (tx) => query(tx, begin, end).toArray())
    expect(rows.length).toBe(20)
    const keyStamps = rows.map(([k]) => unpack(k)[1] as Versionstamp)
    for (const vs of keyStamps) {
      expect(vs.isComplete()).toBe(true)
      expect(vs.userVersion).toBe(7)
    }
    const sortedReturned = stamps.map((s) => Buffer.from(s).toString('hex')).sort()
    expect(keyStamps.map((vs) => Buffer.from(vs.toBytes().subarray(0, 10)).toString('hex'))).toEqual(sortedReturned)
    expect(new Set(sortedReturned).size).toBe(20)
  })

  it('versionstamped values; reading one before commit gives 1036', async () => {
    const { stamp: stampP } = await transactional(db(), (tx) => {
      setVersionstampedValue(tx, b('last'), packWithVersionstamp([Versionstamp.incomplete()]))
      return { stamp: getVersionstamp(tx) }
    })
    const stamp = await stampP
    const v = await transactional(db(), (tx) => get(tx, b('last')))
    expect((unpack(v!)[0] as Versionstamp).toBytes().subarray(0, 10)).toEqual(Buffer.from(stamp))
    expect(
      await codeOf(() =>
        transactional(db(), async (tx) => {
          setVersionstampedValue(tx, b('x'), packWithVersionstamp([Versionstamp.incomplete()]))
          return get(tx, b('x'))
        }),
      ),
    ).toBe(ErrorCode.accessedUnreadable)
  })
}, { faults: { without: ['unknownApplied'], reason: 'asserts the exact results of blind atomic writes and versionstamped keys, which a body run twice applies twice' } })
