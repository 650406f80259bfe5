// gc, and the exactness of references when a transaction body runs twice
// (a commit applied, then reported as 1021 commit_unknown_result).
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { transactional } from '@foundkit/core'
import { dumpAll, forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as bstore from './index.js'
import { compressibleBytes, expectSameBytes, keysBesidesVersion, randomData, reportUnknownAfterCommits, reportUnknownOncePerTransaction } from '../test/helpers.js'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

async function* inPieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

forEachEngine('bstore.gc', ({ db }) => {
  // A blob of more than 4 chunks is too large for remove to delete in its own transaction.
  const files = bstore.make('files', ['files'], { chunkSize: 1_024, transactionBytes: 100_000, removeChunkLimit: 4 })
  const versionKey = files.subspace.pack([0])

  it('deletes the chunks of a removed blob too large to delete in one transaction; the blob is gone at once', async () => {
    const content = randomData(20_000)
    const id = await bstore.put(db(), files, content)
    expect(await bstore.remove(db(), files, id)).toBe(true)
    expect(await bstore.has(db(), files, id)).toBe(false)
    await rejectsWith(bstore.get(db(), files, id), 9004, /no blob/)
    expect((await keysBesidesVersion(db(), versionKey)).length).toBeGreaterThan(4) // the chunks and the doomed record
    expect(await bstore.gc(db(), files)).toEqual({ staging: 0, blobs: 1, removals: 0 })
    expect(await keysBesidesVersion(db(), versionKey)).toEqual([])
    expect(await bstore.gc(db(), files)).toEqual({ staging: 0, blobs: 0, removals: 0 })
  })

  it('leaves published blobs and young staging alone', async () => {
    const kept = await bstore.put(db(), files, compressibleBytes(30_000))
    const before = await dumpAll(db())
    expect(await bstore.gc(db(), files, { maxAgeMs: 0 })).toEqual({ staging: 0, blobs: 0, removals: 0 })
    expect(await dumpAll(db())).toEqual(before)
    expectSameBytes(await bstore.get(db(), files, kept), compressibleBytes(30_000))
  })

  it('clears old removal records left by remove calls made in a transaction', async () => {
    const id = await bstore.put(db(), files, Buffer.from('x'))
    await bstore.put(db(), files, Buffer.from('x'))
    expect(await transactional(db(), (tx) => bstore.remove(tx, files, id))).toBe(true)
    expect(await bstore.gc(db(), files)).toEqual({ staging: 0, blobs: 0, removals: 0 }) // young
    expect(await bstore.gc(db(), files, { maxAgeMs: 0 })).toEqual({ staging: 0, blobs: 0, removals: 1 })
    expect((await bstore.stat(db(), files, id)).refs).toBe(1)
  })

  it('refuses bad options', async () => {
    await rejectsWith(bstore.gc(db(), files, { maxAge: 1 } as never), 'TypeError', /bstore\.gc: unknown option "maxAge" \(did you mean "maxAgeMs"\?\)/)
    await rejectsWith(bstore.gc(db(), files, { maxAgeMs: -1 }), 'TypeError', /bstore\.gc: maxAgeMs must be a non-negative integer, got number -1/)
  })
})

forEachEngine('bstore: exact references when a body runs twice (1021 after the commit applied)', ({ db }) => {
  const files = bstore.make('files', ['files'], { chunkSize: 1_024, transactionBytes: 100_000 })
  const versionKey = files.subspace.pack([0])

  it('getOrCreate with a database adds one reference', async () => {
    const injected = reportUnknownAfterCommits(db(), 2)
    const id = await bstore.getOrCreate(db(), files, Buffer.from('once'))
    await bstore.getOrCreate(db(), files, Buffer.from('once'))
    expect(injected()).toBe(2)
    expect((await bstore.stat(db(), files, id)).refs).toBe(2)
  })

  it('getOrCreate inside the caller transaction adds one reference per call, even when called twice in one body', async () => {
    const injected = reportUnknownAfterCommits(db(), 1)
    const id = await transactional(db(), async (tx) => {
      await bstore.getOrCreate(tx, files, Buffer.from('twice'))
      return bstore.getOrCreate(tx, files, Buffer.from('twice'))
    })
    expect(injected()).toBe(1)
    expect((await bstore.stat(db(), files, id)).refs).toBe(2)
  })

  it('put of a large streamed blob adds one reference and leaves no staging', async () => {
    const content = randomData(300_000)
    const injected = reportUnknownOncePerTransaction(db()) // every transaction runs twice, the publishing one included
    const id = await bstore.put(db(), files, inPieces(content, 25_000))
    expect(injected()).toBeGreaterThanOrEqual(4)
    expect((await bstore.stat(db(), files, id)).refs).toBe(1)
    expectSameBytes(await bstore.get(db(), files, id), content)
    expect(await bstore.gc(db(), files, { maxAgeMs: 0 })).toEqual({ staging: 0, blobs: 0, removals: 0 })
    // The same content streamed again: a duplicate, whose staged chunks are deleted, with every transaction run twice.
    expect(await bstore.put(db(), files, inPieces(content, 30_000))).toBe(id)
    expect((await bstore.stat(db(), files, id)).refs).toBe(2)
    expect(await bstore.gc(db(), files, { maxAgeMs: 0 })).toEqual({ staging: 0, blobs: 0, removals: 0 })
    const chunkPrefix = Buffer.from(files.subspace.pack([2])).toString('hex')
    expect((await keysBesidesVersion(db(), versionKey)).filter((k) => k.startsWith(chunkPrefix)).length).toBe((await bstore.stat(db(), files, id)).chunks)
  })

  it('remove drops exactly one reference, with a database and in a transaction', async () => {
    const id = await bstore.put(db(), files, Buffer.from('three'))
    await bstore.put(db(), files, Buffer.from('three'))
    await bstore.put(db(), files, Buffer.from('three'))
    const injected = reportUnknownAfterCommits(db(), 2)
    expect(await bstore.remove(db(), files, id)).toBe(true)
    expect(await transactional(db(), (tx) => bstore.remove(tx, files, id))).toBe(true)
    expect(injected()).toBe(2)
    expect((await bstore.stat(db(), files, id)).refs).toBe(1)
    expect(await bstore.remove(db(), files, id)).toBe(true)
    expect(await bstore.has(db(), files, id)).toBe(false)
    await bstore.gc(db(), files, { maxAgeMs: 0 })
    expect(await keysBesidesVersion(db(), versionKey)).toEqual([])
  })

  it('a remove that drops the last reference, re-run, leaves the store empty', async () => {
    const id = await bstore.put(db(), files, compressibleBytes(10_000))
    reportUnknownAfterCommits(db(), 1)
    expect(await bstore.remove(db(), files, id)).toBe(true)
    expect(await keysBesidesVersion(db(), versionKey)).toEqual([])
    expect(sha256(compressibleBytes(10_000))).toBe(id)
  })
})
