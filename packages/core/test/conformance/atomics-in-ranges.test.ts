// Read-your-writes for atomic operations seen through range reads: a range
// read must show a key's pending atomic operations applied to its stored
// value, exactly as `get` does, in both directions and under limits.
import { expect, it } from 'vitest'
import {
  add,
  get,
  max,
  pack,
  query,
  range,
  set,
  transactional,
  type Transaction,
} from '../../src/index.js'
import { forEachEngine } from '../harness.js'
import { ATOMIC_CASES as cases } from './atomic-cases.js'

const hex = (s: string) => Buffer.from(s, 'hex')
const toHex = (v: Uint8Array | null) => (v === null ? null : Buffer.from(v).toString('hex'))

forEachEngine('atomic operations seen through range reads', ({ db }) => {
  const key = (i: number) => pack(['atomic', i])
  const { begin, end } = range(pack(['atomic']))

  /** Stores each case's value under key(i), runs every op in one transaction, and returns what `read` saw there. */
  async function applyAndRead(read: (tx: Transaction) => Promise<Array<[Uint8Array, Uint8Array]>>) {
    await transactional(db(), (tx) => {
      cases.forEach(([, , stored], i) => {
        if (stored !== null) set(tx, key(i), hex(stored))
      })
    })
    return transactional(db(), async (tx) => {
      cases.forEach(([, op, , operand], i) => op(tx, key(i), hex(operand)))
      const viaGet = await Promise.all(cases.map((_, i) => get(tx, key(i)).then(toHex)))
      const viaRange = await read(tx)
      return { viaGet, viaRange: viaRange.map(([k, v]) => [toHex(k), toHex(v)]) }
    })
  }

  const expected = cases.map(([, , , , value], i) => [toHex(key(i)), value])

  it('forward: every kind of atomic op over stored and absent keys, as get sees it', async () => {
    const { viaGet, viaRange } = await applyAndRead((tx) => query(tx, begin, end).toArray())
    expect(viaGet).toEqual(cases.map(([, , , , value]) => value))
    expect(viaRange).toEqual(expected)
  })

  it('reverse', async () => {
    const { viaRange } = await applyAndRead((tx) => query(tx, begin, end, { reverse: true }).toArray())
    expect(viaRange).toEqual([...expected].reverse())
  })

  it('with limits, forward and reverse', async () => {
    const { viaRange } = await applyAndRead(async (tx) => [
      ...(await query(tx, begin, end, { limit: 3 }).toArray()),
      ...(await query(tx, begin, end, { limit: 3, reverse: true }).toArray()),
    ])
    expect(viaRange).toEqual([...expected.slice(0, 3), ...[...expected].reverse().slice(0, 3)])
  })

  it('two ops on one stored key, then a range read', async () => {
    await transactional(db(), (tx) => set(tx, key(0), hex('0100')))
    const seen = await transactional(db(), async (tx) => {
      add(tx, key(0), hex('0200'))
      max(tx, key(0), hex('0400'))
      return (await query(tx, begin, end).toArray()).map(([, v]) => toHex(v))
    })
    expect(seen).toEqual(['0400'])
  })
})
