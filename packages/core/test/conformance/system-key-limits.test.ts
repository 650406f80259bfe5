// The key size limit of the system keyspace: FoundationDB allows system keys
// (0xff...) up to 30,000 bytes (SYSTEM_KEY_SIZE_LIMIT), three times a user
// key's 10,000; with accessSystemKeys they are written and read like others.
import { expect, it } from 'vitest'
import { clear, ErrorCode, get, set, transactionalWith } from '../../src/index.js'
import { b, codeOf, forEachEngine } from '../harness.js'

/** A key under \xff\x02 (the user-writable part of the system keyspace) of `bytes` bytes. */
const systemKey = (bytes: number): Buffer => Buffer.concat([Buffer.from([0xff, 0x02]), Buffer.alloc(bytes - 2, 0x61)])

forEachEngine('system key limits', ({ db }) => {
  const system = { accessSystemKeys: true }

  it('a system key longer than a user key may be (up to 30,000 bytes) is written and read back', async () => {
    for (const bytes of [10_001, 30_000]) {
      const key = systemKey(bytes)
      await transactionalWith(db(), system, (tx) => set(tx, key, b(`sys ${bytes}`)))
      expect(Buffer.from((await transactionalWith(db(), system, (tx) => get(tx, key)))!).toString()).toBe(`sys ${bytes}`)
      await transactionalWith(db(), system, (tx) => clear(tx, key))
    }
  })

  it('a system key over 30,000 bytes is refused with 2102', async () => {
    expect(await codeOf(() => transactionalWith(db(), system, (tx) => set(tx, systemKey(30_001), b('x'))))).toBe(ErrorCode.keyTooLarge)
  })
})
