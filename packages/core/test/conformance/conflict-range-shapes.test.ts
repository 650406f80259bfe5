// Conflict ranges of every shape meet a concurrent write or read anywhere
// inside them, not only at their first key: a range read, a cleared range,
// and explicit read and write conflict ranges, including ranges one byte
// longer than their begin ([a, bc), [a, ab)) that are not single keys.
import { expect, it } from 'vitest'
import {
  addReadConflictRange,
  addWriteConflictRange,
  clear,
  commit,
  ErrorCode,
  FoundError,
  get,
  query,
  set,
  transaction,
  transactional,
  type Transaction,
} from '../../src/index.js'
import { b, forEachEngine } from '../harness.js'

forEachEngine('conflict range shapes', ({ db }) => {
  /** Commits `reader` (which read something) after `writer` committed: 1020 or nothing. */
  const readerAfterWriter = async (read: (tx: Transaction) => unknown, write: (tx: Transaction) => void): Promise<number | 'committed'> => {
    const reader = transaction(db())
    await get(reader, b('zz-read-version')) // fixes the read version
    await read(reader)
    await transactional(db(), write)
    set(reader, b('zz-out'), b('1')) // a reader that writes nothing commits without a check
    try {
      await commit(reader)
      return 'committed'
    } catch (error) {
      if (error instanceof FoundError) return error.code
      throw error
    }
  }

  it('a range read conflicts with a write inside the range, past its first key', async () => {
    expect(await readerAfterWriter((tx) => query(tx, b('a'), b('z')).toArray(), (tx) => set(tx, b('m'), b('1')))).toBe(ErrorCode.notCommitted)
  })

  it('a cleared range conflicts with a reader of a key inside it, past its first key', async () => {
    await transactional(db(), (tx) => set(tx, b('m'), b('0')))
    expect(await readerAfterWriter((tx) => get(tx, b('m')), (tx) => clear(tx, b('a'), b('z')))).toBe(ErrorCode.notCommitted)
  })

  it('explicit read and write conflict ranges meet keys inside them', async () => {
    expect(await readerAfterWriter((tx) => addReadConflictRange(tx, b('a'), b('z')), (tx) => set(tx, b('q'), b('1')))).toBe(ErrorCode.notCommitted)
    expect(await readerAfterWriter((tx) => get(tx, b('r')), (tx) => addWriteConflictRange(tx, b('a'), b('z')))).toBe(ErrorCode.notCommitted)
  })

  it('a range one byte longer than its begin is a range, not the single key begin', async () => {
    // [a, bc) holds b; [a, ab) holds aa: neither is the one key a (whose range is [a, a\0))
    expect(await readerAfterWriter((tx) => addReadConflictRange(tx, b('a'), b('bc')), (tx) => set(tx, b('b'), b('1')))).toBe(ErrorCode.notCommitted)
    expect(await readerAfterWriter((tx) => addReadConflictRange(tx, b('a'), b('ab')), (tx) => set(tx, b('aa'), b('1')))).toBe(ErrorCode.notCommitted)
  })

  it('a single-key range [k, k\\0) conflicts with k only; an empty range with nothing', async () => {
    const k = b('k')
    const after = Buffer.concat([k, Buffer.from([0])])
    expect(await readerAfterWriter((tx) => addReadConflictRange(tx, k, after), (tx) => set(tx, k, b('1')))).toBe(ErrorCode.notCommitted)
    expect(await readerAfterWriter((tx) => addReadConflictRange(tx, k, after), (tx) => set(tx, after, b('1')))).toBe('committed')
    expect(await readerAfterWriter((tx) => addReadConflictRange(tx, k, k), (tx) => set(tx, k, b('2')))).toBe('committed')
  })
}, { faults: 'skip: counts on one commit outcome (an injected 1020 or 1021 would change it)' })
