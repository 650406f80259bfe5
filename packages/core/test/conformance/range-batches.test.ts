// The three ways to read a range (for await, byBatch, byPackedBatch) give the
// same pairs on every engine, across batch boundaries and with the
// transaction's own writes overlaid.
import { expect, it } from 'vitest'
import { clear, pack, query, set, transactional, unpack, type QueryOptions, type Transaction } from '../../src/index.js'
import { forEachEngine } from '../harness.js'

/** 700 keys: more than the first two batches of the 'iterator' mode (256, 512). */
const COUNT = 700

/** Key i: a tuple, every 7th one longer than 32 bytes (the packer's other key path). */
const keyOf = (i: number): Uint8Array => pack(['k', i, i % 7 === 0 ? 'x'.repeat(40) : ''])
/** Value i: 0 to 120 bytes, including empty values. */
const valueOf = (i: number): Buffer => Buffer.alloc(i % 121, i % 251)

type Pair = [string, string]
const hex = (k: Uint8Array, v: Uint8Array): Pair => [Buffer.from(k).toString('hex'), Buffer.from(v).toString('hex')]

async function readAllWays(tx: Transaction, options: QueryOptions) {
  const { begin, end } = { begin: pack(['k']), end: pack(['l']) }
  const iterated: Pair[] = []
  for await (const [k, v] of query(tx, begin, end, options)) iterated.push(hex(k, v))
  const batched: Pair[] = []
  for await (const batch of query(tx, begin, end, options).byBatch()) for (const [k, v] of batch) batched.push(hex(k, v))
  const packed: Pair[] = []
  const lengths: Array<[number, number]> = []
  let packedBatches = 0
  for await (const batch of query(tx, begin, end, options).byPackedBatch()) {
    packedBatches++
    for (let i = 0; i < batch.length; i++) {
      packed.push(hex(batch.key(i), batch.value(i)))
      lengths.push([batch.keyLength(i), batch.valueLength(i)])
    }
  }
  return { iterated, batched, packed, lengths, packedBatches }
}

forEachEngine('range batches', ({ db }) => {
  it('for await, byBatch and byPackedBatch return the same pairs, in every direction and with limits', async () => {
    await transactional(db(), (tx) => {
      for (let i = 0; i < COUNT; i++) set(tx, keyOf(i), valueOf(i))
    })
    const expected = Array.from({ length: COUNT }, (_, i) => hex(keyOf(i), valueOf(i)))
    for (const [options, want] of [
      [{}, expected],
      [{ reverse: true }, [...expected].reverse()],
      [{ limit: 300 }, expected.slice(0, 300)],
      [{ reverse: true, limit: 600, mode: 'small' }, [...expected].reverse().slice(0, 600)],
    ] as Array<[QueryOptions, Pair[]]>) {
      const got = await transactional(db(), (tx) => readAllWays(tx, options))
      expect(got.iterated).toEqual(want)
      expect(got.batched).toEqual(want)
      expect(got.packed).toEqual(want)
      expect(got.lengths).toEqual(want.map(([k, v]) => [k.length / 2, v.length / 2]))
      expect(got.packedBatches).toBeGreaterThan(1)
    }
  })

  it('byPackedBatch sees the transaction’s own writes and clears', async () => {
    await transactional(db(), (tx) => {
      for (let i = 0; i < COUNT; i++) set(tx, keyOf(i), valueOf(i))
    })
    const got = await transactional(db(), async (tx) => {
      clear(tx, keyOf(10), keyOf(20))
      set(tx, keyOf(5), Buffer.from('changed'))
      set(tx, pack(['k', 10_000]), Buffer.from('new'))
      return readAllWays(tx, {})
    })
    const keys = got.packed.map(([k]) => unpack(Buffer.from(k, 'hex'))[1])
    expect(keys).toHaveLength(COUNT - 10 + 1)
    expect(keys.slice(9, 11)).toEqual([9, 20])
    expect(keys.at(-1)).toBe(10_000)
    expect(got.packed[5]![1]).toBe(Buffer.from('changed').toString('hex'))
    expect(got.packed).toEqual(got.iterated)
  })

  it('a packed batch is a copy: changing its bytes changes nothing stored', async () => {
    await transactional(db(), (tx) => set(tx, pack(['k', 1]), Buffer.from('stored')))
    await transactional(db(), async (tx) => {
      for await (const batch of query(tx, pack(['k']), pack(['l'])).byPackedBatch()) batch.bytes.fill(0)
    })
    const again = await transactional(db(), (tx) => query(tx, pack(['k']), pack(['l'])).toArray())
    expect(again.map(([k, v]) => [unpack(k), Buffer.from(v).toString()])).toEqual([[['k', 1], 'stored']])
  })
})
