// FoundationDB's limits with their error codes, and bad input, on every engine.
import { expect, it } from 'vitest'
import {
  add,
  clear,
  commit,
  ErrorCode,
  FoundError,
  get,
  getApproximateSize,
  getKey,
  pack,
  query,
  set,
  setVersionstampedKey,
  transaction,
  transactional,
  transactionalWith,
  type Transaction,
} from '../../src/index.js'
import { b, codeOf, forEachEngine } from '../harness.js'

const untouched = async (db: Parameters<typeof transactional>[0]) =>
  transactional(db, (tx) => query(tx, Buffer.alloc(0), Buffer.from([0xff])).toArray())

forEachEngine('limits and bad input', ({ db }) => {
  it('a key over 10,000 bytes: 2102, and nothing is written', async () => {
    await transactional(db(), (tx) => set(tx, b('seed'), b('1')))
    const before = await untouched(db())
    expect(await codeOf(() => transactional(db(), (tx) => { set(tx, b('ok'), b('1')); set(tx, Buffer.alloc(10_001, 1), b('x')) }))).toBe(ErrorCode.keyTooLarge)
    await transactional(db(), (tx) => set(tx, Buffer.alloc(10_000, 1), b('x'))) // exactly the limit is fine
    const after = await untouched(db())
    expect(after.length).toBe(before.length + 1)
    expect(after.some(([k]) => Buffer.from(k).equals(b('ok')))).toBe(false)
  })

  it('a value over 100,000 bytes: 2103', async () => {
    expect(await codeOf(() => transactional(db(), (tx) => set(tx, b('v'), Buffer.alloc(100_001))))).toBe(ErrorCode.valueTooLarge)
    await transactional(db(), (tx) => set(tx, b('v'), Buffer.alloc(100_000)))
    expect((await transactional(db(), (tx) => get(tx, b('v'))))!.length).toBe(100_000)
  })

  it('a transaction over 10,000,000 bytes: 2101 at commit, and nothing is written', async () => {
    expect(
      await codeOf(() =>
        transactional(db(), (tx) => {
          for (let i = 0; i < 110; i++) set(tx, b(`big${String(i).padStart(4, '0')}`), Buffer.alloc(95_000))
        }),
      ),
    ).toBe(ErrorCode.transactionTooLarge)
    expect(await untouched(db())).toEqual([])
  })

  it('writing the system keyspace (0xff...) is refused with 2004 unless allowed', async () => {
    expect(await codeOf(() => transactional(db(), (tx) => set(tx, Buffer.from([0xff, 1]), b('x'))))).toBe(ErrorCode.keyOutsideLegalRange)
    expect(await codeOf(() => transactional(db(), (tx) => get(tx, Buffer.from([0xff, 1]))))).toBe(ErrorCode.keyOutsideLegalRange)
    expect(await untouched(db())).toEqual([])
  })

  it('system keys are usable with accessSystemKeys', async () => {
    const key = Buffer.from([0xff, 0x02, 0x66, 0x6b]) // under \xff\x02, the user-writable part of the system keyspace
    await transactionalWith(db(), { accessSystemKeys: true }, (tx) => set(tx, key, b('sys')))
    const v = await transactionalWith(db(), { accessSystemKeys: true }, (tx) => get(tx, key))
    expect(Buffer.from(v!).toString()).toBe('sys')
    await transactionalWith(db(), { accessSystemKeys: true }, (tx) => clear(tx, key))
  })

  it('readSystemKeys: system keys are readable, not writable (2004)', async () => {
    const key = Buffer.from([0xff, 0x02, 0x72, 0x6b])
    await transactionalWith(db(), { accessSystemKeys: true }, (tx) => set(tx, key, b('sys')))
    const v = await transactionalWith(db(), { readSystemKeys: true }, (tx) => get(tx, key))
    expect(Buffer.from(v!).toString()).toBe('sys')
    expect(await codeOf(() => transactionalWith(db(), { readSystemKeys: true }, (tx) => set(tx, key, b('x'))))).toBe(ErrorCode.keyOutsideLegalRange)
    await transactionalWith(db(), { accessSystemKeys: true }, (tx) => clear(tx, key))
  })

  it('an inverted clear range: 2005', async () => {
    expect(await codeOf(() => transactional(db(), (tx) => clear(tx, b('z'), b('a'))))).toBe(ErrorCode.invertedRange)
  })

  it('wrong argument types give a TypeError naming the argument', async () => {
    const tx = transaction(db())
    const bad = (fn: (t: Transaction) => unknown, pattern: RegExp) => expect(() => fn(tx)).toThrow(pattern)
    bad((t) => set(t, 'key' as unknown as Uint8Array, b('v')), /set: key must be a Uint8Array/)
    bad((t) => set(t, b('k'), 42 as unknown as Uint8Array), /set: value must be a Uint8Array/)
    bad((t) => clear(t, null as unknown as Uint8Array), /clear: key/)
    bad((t) => add(t, b('k'), [1] as unknown as Uint8Array), /add: param/)
    bad((t) => query(t, b('a'), b('b'), { limit: -1 }), /limit must be a non-negative integer/)
    bad((t) => query(t, b('a'), b('b'), { reverse: 'yes' as unknown as boolean }), /reverse must be a boolean/)
    await expect(get(tx, undefined as unknown as Uint8Array)).rejects.toThrow(TypeError)
    await expect(getKey(tx, 'x' as unknown as Uint8Array)).rejects.toThrow(TypeError)
    expect(() => set({} as Transaction, b('k'), b('v'))).toThrow(/first argument must be a Transaction/)
    await expect(transactional(db(), 'fn' as unknown as () => void)).rejects.toThrow(/fn must be a function/)
    await commit(tx)
    expect(await untouched(db())).toEqual([])
  })

  it('a versionstamped key without room for the stamp is refused', async () => {
    const bad = Buffer.concat([b('abc'), Buffer.from([0, 0, 0, 0])]) // offset 0, only 3 bytes
    const err = await transactional(db(), (tx) => setVersionstampedKey(tx, bad, b('v'))).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FoundError)
    expect(await untouched(db())).toEqual([])
  })
})

forEachEngine('transaction size', ({ db }) => {
  it('read conflict ranges count toward the size, as in FoundationDB', async () => {
    const tx = transaction(db())
    const before = await getApproximateSize(tx)
    await get(tx, pack(['k']))
    expect(await getApproximateSize(tx)).toBeGreaterThan(before)
    tx.cancel()
  })
})
