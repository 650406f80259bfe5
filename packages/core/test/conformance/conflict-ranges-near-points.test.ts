// Explicit read conflict ranges that look almost like a single key, on every engine: [k, k + 00)
// is the key k alone, but a range whose end is another key followed by 00, or k followed by two
// 00 bytes, holds more keys, and a write to any of them conflicts (1020); an empty range [k, k)
// holds none, so not even a range clear over it conflicts.
import { expect, it } from 'vitest'
import { addReadConflictRange, clear, commit, ErrorCode, get, set, transaction, transactional, type Transaction } from '../../src/index.js'
import { b, forEachEngine } from '../harness.js'

const raw = (s: string): Buffer => Buffer.from(s, 'latin1')

forEachEngine('conflict ranges near single keys', ({ db }) => {
  /** Commits a transaction that read [begin, end) (an explicit read conflict range) while another did `write`: 0 or the error code. */
  async function readThenOtherWrites(begin: string, end: string, write: (tx: Transaction) => void): Promise<number> {
    const tx = transaction(db())
    await get(tx, b('zzz')) // takes a read version (zzz is outside every write below)
    addReadConflictRange(tx, raw(begin), raw(end))
    await transactional(db(), write)
    set(tx, b('mine'), b('x'))
    try {
      await commit(tx)
      return 0
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (typeof code === 'number') return code
      throw err
    }
  }

  it('[00, b 00) holds a, b and more: a write to a conflicts', async () => {
    expect(await readThenOtherWrites('\x00', 'b\x00', (tx) => set(tx, b('a'), b('1')))).toBe(ErrorCode.notCommitted)
  })

  it('[a, a 00 00) holds a and a 00: a write to a 00 conflicts', async () => {
    expect(await readThenOtherWrites('a', 'a\x00\x00', (tx) => set(tx, raw('a\x00'), b('1')))).toBe(ErrorCode.notCommitted)
  })

  it('[a, a 00) holds a alone: a write to a 00 does not conflict, one to a does', async () => {
    expect(await readThenOtherWrites('a', 'a\x00', (tx) => set(tx, raw('a\x00'), b('1')))).toBe(0)
    expect(await readThenOtherWrites('a', 'a\x00', (tx) => set(tx, b('a'), b('1')))).toBe(ErrorCode.notCommitted)
  })

  it('an empty range [m, m) holds no key: a range clear over it does not conflict', async () => {
    await transactional(db(), (tx) => set(tx, b('m'), b('1')))
    expect(await readThenOtherWrites('m', 'm', (tx) => clear(tx, b('a'), b('z')))).toBe(0)
  })
}, { faults: 'skip: drives transactions by hand (no retry loop) to assert exactly which one conflicts' })
