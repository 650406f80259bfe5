// The on-disk layout, key by key, with the expected bytes written by hand
// (not with pack): a change here is a format change and needs a migration.
import { randomBytes } from 'node:crypto'
import { expect, it } from 'vitest'
import { Subspace } from '@foundkit/core'
import { dumpAll, forEachEngine } from '@foundkit/core/testing/vitest'
import * as bstore from './index.js'

// 'hello': sha256 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 (no 00 byte, so no escape).
const HELLO_ID = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
const STORE_PREFIX = '02627300'
// Tuple-encoded bytes of 16 random bytes (00 escaped as 00 ff): 01 ... 00
const SPACE = '01(?:[0-9a-f]{2})+?00'

forEachEngine('bstore layout', ({ db }) => {
  it('writes the version, blob record, chunk, count and reference keys of a small blob', async () => {
    const store = bstore.make('bs', new Subspace(['bs']), { compression: false })
    expect(await bstore.put(db(), store, Buffer.from('hello'))).toBe(HELLO_ID)
    const pairs = await dumpAll(db())
    const keys = pairs.map(([k]) => k)
    expect(keys.every((k) => k.startsWith(STORE_PREFIX))).toBe(true)
    const [version, blob, chunk, count, reference] = pairs
    // (0) → pack([1, 0])
    expect(version).toEqual([`${STORE_PREFIX}14`, '150114'])
    // (1, id) → pack([size 5, stored 10, chunks 1, chunkSize 65536, space])
    expect(blob![0]).toBe(`${STORE_PREFIX}1501` + `01${HELLO_ID}00`)
    expect(blob![1]).toMatch(new RegExp(`^1505150a150117010000${SPACE}$`))
    const space = blob![1].slice('1505150a150117010000'.length)
    // (2, space, 0) → [format 0][CRC-32 of 00000000 ‖ 'hello', big-endian][content]
    expect(chunk![0]).toBe(`${STORE_PREFIX}1502${space}14`)
    expect(chunk![1]).toBe('00' + '163b4535' + Buffer.from('hello').toString('hex'))
    // (3, id) → 1 as little-endian int64
    expect(count).toEqual([`${STORE_PREFIX}1503` + `01${HELLO_ID}00`, '0100000000000000'])
    // (4, id, token) → empty
    expect(reference![0]).toMatch(new RegExp(`^${STORE_PREFIX}1504` + `01${HELLO_ID}00${SPACE}$`))
    expect(reference![1]).toBe('')
    expect(pairs.length).toBe(5)
  })

  it('writes a staging record (6, space) while an upload runs, and a doomed record (7, space) for gc', async () => {
    const store = bstore.make('bs', ['bs'], { chunkSize: 1_024, transactionBytes: 100_000, removeChunkLimit: 1 })
    const controller = new AbortController()
    async function* source(): AsyncGenerator<Uint8Array> {
      yield randomBytes(150_000)
      yield randomBytes(150_000)
    }
    await expect(bstore.put(db(), store, source(), { signal: controller.signal, onProgress: () => controller.abort(new Error('stop')) })).rejects.toThrow('stop')
    const staging = (await dumpAll(db())).filter(([k]) => k.startsWith(`${STORE_PREFIX}1506`))
    expect(staging.length).toBe(1)
    // pack([startedAtMs, chunks]): a positive integer, then the chunk count so far.
    expect(staging[0]![0]).toMatch(new RegExp(`^${STORE_PREFIX}1506${SPACE}$`))
    expect(staging[0]![1]).toMatch(/^1[5-9a-c][0-9a-f]+15[0-9a-f]{2}$/)

    const id = await bstore.put(db(), store, Buffer.alloc(5_000, 3))
    await bstore.remove(db(), store, id)
    const doomed = (await dumpAll(db())).filter(([k]) => k.startsWith(`${STORE_PREFIX}1507`))
    // pack([5 chunks, kind 0])
    expect(doomed.map(([, v]) => v)).toEqual(['150514'])
  })
})
