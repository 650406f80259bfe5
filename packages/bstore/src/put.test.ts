// put: every kind of source, blobs larger than a transaction, progress,
// abort, dedup and concurrency.
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorCode } from '@foundkit/core'
import { dumpAll, forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as bstore from './index.js'
import { compressibleBytes, expectSameBytes, keysBesidesVersion, randomData } from '../test/helpers.js'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

async function readAll(stream: bstore.BlobReadable): Promise<Buffer> {
  return Buffer.concat(await stream.toArray())
}

/** `bytes` in pieces of `size` (the last one shorter), as an async iterable. */
async function* inPieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bstore-put-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

forEachEngine('bstore.put', ({ db, engine }) => {
  // Small chunks and transactions, so that a few hundred KB span several transactions.
  const files = bstore.make('files', ['files'], { chunkSize: 4_096, transactionBytes: 100_000 })

  describe('sources', () => {
    const content = Buffer.concat([compressibleBytes(150_000), randomData(150_000)])
    const id = sha256(content)
    const sources: Array<[string, () => bstore.BlobSource]> = [
      ['a Uint8Array', () => content],
      ['a Node Readable', () => Readable.from(inPieces(content, 10_000))],
      ['a web ReadableStream', () => Readable.toWeb(Readable.from(inPieces(content, 7_777))) as ReadableStream<Uint8Array>],
      ['an async iterable of pieces of odd sizes', () => inPieces(content, 3_001)],
      ['an array of pieces', () => [content.subarray(0, 5), content.subarray(5, 100_000), content.subarray(100_000)]],
    ]
    for (const [name, source] of sources) {
      it(`stores ${name} across transactions`, async () => {
        expect(await bstore.put(db(), files, source())).toBe(id)
        expectSameBytes(await bstore.get(db(), files, id), content)
        expect((await bstore.stat(db(), files, id)).refs).toBe(1)
      })
    }

    it('stores a file given by its path', async () => {
      const path = join(dir, `file-${engine.name}`)
      await writeFile(path, content)
      expect(await bstore.put(db(), files, path)).toBe(id)
      expectSameBytes(await readAll(bstore.read(db(), files, id)), content)
    })

    it('stores an empty stream as the empty blob', async () => {
      const empty = await bstore.put(db(), files, inPieces(new Uint8Array(0), 1))
      expect(empty).toBe(sha256(new Uint8Array(0)))
      expect((await bstore.get(db(), files, empty)).length).toBe(0)
    })

    it('refuses a source that is not bytes, and a stream yielding strings, with TypeErrors', async () => {
      await rejectsWith(bstore.put(db(), files, 42 as never), 'TypeError', /bstore\.put: source must be a Uint8Array, a file path, a Readable.*got number 42/)
      await rejectsWith(bstore.put(db(), files, { a: 1 } as never), 'TypeError', /bstore\.put: source must be/)
      await rejectsWith(bstore.put(db(), files, Readable.from(['text'])), 'TypeError', /bstore\.put: the source yielded a string \("text"\), expected Uint8Array chunks/)
      await rejectsWith(bstore.put(db(), files, content, { onProgres: () => {} } as never), 'TypeError', /unknown option "onProgres" \(did you mean "onProgress"\?\)/)
      await rejectsWith(bstore.put({} as never, files, content), 'TypeError', /bstore\.put: the first argument must be a Database/)
    })
  })

  describe('dedup and concurrency', () => {
    it('stores a large blob put twice once, with two references', async () => {
      const content = randomData(300_000)
      const id = await bstore.put(db(), files, inPieces(content, 50_000))
      const keysAfterOne = (await dumpAll(db())).length
      expect(await bstore.put(db(), files, inPieces(content, 20_000))).toBe(id)
      // The second (streamed) put staged its chunks, found the blob stored, and deleted them again.
      expect((await dumpAll(db())).length).toBe(keysAfterOne + 1)
      const stat = await bstore.stat(db(), files, id)
      expect(stat.refs).toBe(2)
      expect(stat.storedBytes).toBe(300_000 + 5 * stat.chunks)
    })

    it('gives a stored Uint8Array a reference without writing a chunk', async () => {
      const content = randomData(300_000)
      const id = await bstore.put(db(), files, content)
      const before = (await dumpAll(db())).length
      const seen: bstore.PutProgress[] = []
      await bstore.put(db(), files, content, { onProgress: (p) => seen.push(p) })
      expect((await dumpAll(db())).length).toBe(before + 1)
      expect(seen).toEqual([{ bytes: 300_000, storedBytes: (await bstore.stat(db(), files, id)).storedBytes, done: true }])
    })

    it('10 concurrent puts of the same content all succeed and store it once', async () => {
      for (const size of [2_000, 250_000]) {
        const content = compressibleBytes(size)
        const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => bstore.put(db(), files, i % 2 === 0 ? content : inPieces(content, 30_000))))
        expect(new Set(ids)).toEqual(new Set([sha256(content)]))
        const stat = await bstore.stat(db(), files, ids[0]!)
        expect(stat.refs).toBe(10)
        // One chunk space only: every chunk key of the store belongs to this blob.
        const chunkKeys = (await dumpAll(db())).filter(([k]) => k.startsWith(Buffer.from(files.subspace.pack([2])).toString('hex')))
        expect(chunkKeys.length).toBe(stat.chunks)
        expectSameBytes(await bstore.get(db(), files, ids[0]!), content)
        for (let i = 0; i < 10; i++) await bstore.remove(db(), files, ids[0]!)
      }
      expect(await bstore.gc(db(), files, { maxAgeMs: 0 })).toEqual({ staging: 0, blobs: 0, removals: 0 })
      expect(await keysBesidesVersion(db(), files.subspace.pack([0]))).toEqual([])
    })
  })

  describe('progress and abort', () => {
    it('reports progress after each transaction, ending with done', async () => {
      const content = randomData(400_000)
      const seen: bstore.PutProgress[] = []
      await bstore.put(db(), files, inPieces(content, 64_000), { onProgress: (p) => seen.push(p) })
      expect(seen.length).toBeGreaterThan(1)
      expect(seen.at(-1)).toMatchObject({ bytes: 400_000, done: true })
      expect(seen.slice(0, -1).every((p) => !p.done)).toBe(true)
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytes).toBeGreaterThanOrEqual(seen[i - 1]!.bytes)
    })

    it('an upload aborted midway leaves only staging, which gc removes, leaving no key', async () => {
      const controller = new AbortController()
      const content = randomData(500_000)
      const put = bstore.put(db(), files, inPieces(content, 10_000), {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytes > 150_000) controller.abort(new Error('user cancelled'))
        },
      })
      await expect(put).rejects.toThrow('user cancelled')
      expect(await bstore.has(db(), files, sha256(content))).toBe(false)
      // Staged chunks are there, invisible; a young staging area survives gc with the default age.
      expect((await keysBesidesVersion(db(), files.subspace.pack([0]))).length).toBeGreaterThan(10)
      expect(await bstore.gc(db(), files)).toEqual({ staging: 0, blobs: 0, removals: 0 })
      expect(await bstore.gc(db(), files, { maxAgeMs: 0 })).toEqual({ staging: 1, blobs: 0, removals: 0 })
      expect(await keysBesidesVersion(db(), files.subspace.pack([0]))).toEqual([])
    })

    it('rejects at once with an already aborted signal, writing nothing', async () => {
      const before = await dumpAll(db())
      await expect(bstore.put(db(), files, randomData(10), { signal: AbortSignal.abort(new Error('no')) })).rejects.toThrow('no')
      expect(await dumpAll(db())).toEqual(before)
    })

    it('fails a put whose staging gc collected, publishing nothing', async () => {
      const content = randomData(300_000)
      const database = db()
      // The source runs gc (with maxAgeMs 0) once a first transaction was staged, as if the put had stalled for a day.
      let staged: () => void = () => {}
      const firstStaged = new Promise<void>((resolve) => (staged = resolve))
      async function* stalling(): AsyncGenerator<Uint8Array> {
        yield content.subarray(0, 200_000)
        await firstStaged
        expect(await bstore.gc(database, files, { maxAgeMs: 0 })).toEqual({ staging: 1, blobs: 0, removals: 0 })
        yield content.subarray(200_000)
      }
      await rejectsWith(
        bstore.put(database, files, stalling(), { onProgress: () => staged() }),
        ErrorCode.notFound,
        /bstore\.put: the staging of this upload to store "files" was collected by gc/,
      )
      expect(await bstore.has(database, files, sha256(content))).toBe(false)
      await bstore.gc(database, files, { maxAgeMs: 0 })
      expect(await keysBesidesVersion(database, files.subspace.pack([0]))).toEqual([])
    })
  })
})

// 50 MB through put (from a file path) and read, with progress. Durable-cold
// reads every value back from disk; the case runs on every engine unless it
// proves too slow there.
forEachEngine('bstore.put: a 50 MB blob', ({ db, engine }) => {
  it('puts a 50 MB file (half text, half random) with progress and reads it back', { timeout: 240_000 }, async () => {
    const files = bstore.make('files', ['big'])
    const content = Buffer.concat([compressibleBytes(25 * 2 ** 20), randomData(25 * 2 ** 20)])
    const path = join(dir, `big-${engine.name}`)
    await writeFile(path, content)
    const seen: bstore.PutProgress[] = []
    const id = await bstore.put(db(), files, path, { onProgress: (p) => seen.push(p) })
    expect(id).toBe(sha256(content))
    expect(seen.length).toBeGreaterThan(5)
    expect(seen.at(-1)).toMatchObject({ bytes: content.length, done: true })
    const hash = createHash('sha256')
    let length = 0
    for await (const piece of bstore.read(db(), files, id)) {
      hash.update(piece as Buffer)
      length += (piece as Buffer).length
    }
    expect(length).toBe(content.length)
    expect(hash.digest('hex')).toBe(id)
    const stat = await bstore.stat(db(), files, id)
    expect(stat.size).toBe(content.length)
    expect(stat.storedBytes).toBeLessThan(content.length * 0.75)
  })
})
