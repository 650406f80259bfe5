// Keys at the edges of FoundationDB's limits, on every engine: a key of exactly 10,000 bytes is a
// key like any other (a clear removes it), a clear of a longer key is ignored (no such key can
// exist: it adds nothing to the transaction); the key \xff itself is the first system key (2004
// without accessSystemKeys), while a range clear may end at \xff but not past it; with
// accessSystemKeys a range clear inside the system keyspace is allowed.
import { expect, it } from 'vitest'
import { clear, ErrorCode, get, getApproximateSize, set, transactional, transactionalWith } from '../../src/index.js'
import { b, codeOf, forEachEngine } from '../harness.js'

const key = (bytes: number): Buffer => Buffer.alloc(bytes, 0x6b)
const raw = (...bytes: number[]): Buffer => Buffer.from(bytes)

forEachEngine('key limit edges', ({ db }) => {
  it('a key of exactly 10,000 bytes is cleared by clear', async () => {
    await transactional(db(), (tx) => set(tx, key(10_000), b('v')))
    await transactional(db(), (tx) => clear(tx, key(10_000)))
    expect(await transactional(db(), (tx) => get(tx, key(10_000)))).toBeNull()
  })

  it('a clear of a key over 10,000 bytes is ignored: the transaction stays as large as before', async () => {
    const [before, after] = await transactional(db(), async (tx) => {
      set(tx, b('k'), b('v'))
      const size = await getApproximateSize(tx)
      clear(tx, key(10_001))
      return [size, await getApproximateSize(tx)]
    })
    expect(after).toBe(before)
  })

  it('the key \\xff itself is a system key: writing it without accessSystemKeys is 2004', async () => {
    expect(await codeOf(() => transactional(db(), (tx) => set(tx, raw(0xff), b('v'))))).toBe(ErrorCode.keyOutsideLegalRange)
    expect(await codeOf(() => transactional(db(), (tx) => clear(tx, raw(0xff))))).toBe(ErrorCode.keyOutsideLegalRange)
  })

  it('a range clear may end at \\xff without accessSystemKeys, but not past it', async () => {
    await transactional(db(), (tx) => set(tx, b('a'), b('v')))
    await transactional(db(), (tx) => clear(tx, b('a'), raw(0xff)))
    expect(await transactional(db(), (tx) => get(tx, b('a')))).toBeNull()
    expect(await codeOf(() => transactional(db(), (tx) => clear(tx, b('a'), raw(0xff, 0x00))))).toBe(ErrorCode.keyOutsideLegalRange)
  })

  it('with accessSystemKeys, a range clear inside the system keyspace is allowed', async () => {
    const system = { accessSystemKeys: true }
    await transactionalWith(db(), system, (tx) => set(tx, raw(0xff, 0x02, 0x61), b('v')))
    await transactionalWith(db(), system, (tx) => clear(tx, raw(0xff, 0x02), raw(0xff, 0x03)))
    expect(await transactionalWith(db(), system, (tx) => get(tx, raw(0xff, 0x02, 0x61)))).toBeNull()
  })
})
