// Atomic operations at the edges the shared table does not reach: bitOr on
// overlapping bits (where it differs from bitXor), min when the stored value
// is the smaller, max when the operand is the larger, and appendIfFits at
// exactly the 100,000-byte value limit and one byte past it.
import { expect, it } from 'vitest'
import { appendIfFits, bitOr, get, max, min, set, transactional, type Transaction } from '../../src/index.js'
import { forEachEngine } from '../harness.js'

const hex = (s: string): Buffer => Buffer.from(s, 'hex')
const key = Buffer.from('atomic')

forEachEngine('atomic operations: edges', ({ db }) => {
  const after = async (stored: Buffer, op: (tx: Transaction, key: Uint8Array, param: Uint8Array) => void, param: Buffer): Promise<Buffer> => {
    await transactional(db(), (tx) => set(tx, key, stored))
    await transactional(db(), (tx) => op(tx, key, param))
    return Buffer.from((await transactional(db(), (tx) => get(tx, key)))!)
  }

  it('bitOr keeps bits set in both (0xf0 | 0x3c = 0xfc, not 0xcc)', async () => {
    expect((await after(hex('f0'), bitOr, hex('3c'))).toString('hex')).toBe('fc')
  })

  it('min keeps a smaller stored value; max takes a larger operand', async () => {
    expect((await after(hex('0100'), min, hex('ff00'))).toString('hex')).toBe('0100')
    expect((await after(hex('0100'), max, hex('ff00'))).toString('hex')).toBe('ff00')
  })

  it('appendIfFits appends up to exactly 100,000 bytes, and leaves the value as it is one byte past', async () => {
    const exact = await after(Buffer.alloc(99_990, 1), appendIfFits, Buffer.alloc(10, 2))
    expect(exact.length).toBe(100_000)
    expect(exact.subarray(99_990).equals(Buffer.alloc(10, 2))).toBe(true)
    const past = await after(Buffer.alloc(99_991, 1), appendIfFits, Buffer.alloc(10, 2))
    expect(past.equals(Buffer.alloc(99_991, 1))).toBe(true)
  })
}, { faults: { without: ['unknownApplied'], reason: 'asserts the exact results of blind atomic writes, which a body run twice applies twice' } })
