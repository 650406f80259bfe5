// read (whole blobs and byte ranges, verified) and list.
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { clear, ErrorCode, query, set, transactional } from '@foundkit/core'
import { forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as bstore from './index.js'
import { compressibleBytes, expectSameBytes, randomData } from '../test/helpers.js'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

async function readAll(stream: bstore.BlobReadable): Promise<Buffer> {
  return Buffer.concat(await stream.toArray())
}

forEachEngine('bstore.read and bstore.list', ({ db }) => {
  const chunkSize = 1_024
  const files = bstore.make('files', ['files'], { chunkSize, transactionBytes: 100_000 })
  // 10.5 chunks: text then random bytes, so some chunks are compressed and some not.
  const content = Buffer.concat([compressibleBytes(5 * chunkSize), randomData(5.5 * chunkSize)])

  describe('ranges', () => {
    it('reads the whole blob', async () => {
      const id = await bstore.put(db(), files, content)
      expectSameBytes(await readAll(bstore.read(db(), files, id)), content)
    })

    it('reads byte ranges within a chunk, across chunk boundaries, at the edges and empty', async () => {
      const id = await bstore.put(db(), files, content)
      const ranges: Array<[number, number]> = [
        [0, 1],
        [10, 20],
        [chunkSize - 1, chunkSize + 1], // straddles the first boundary
        [chunkSize, 2 * chunkSize], // exactly one chunk
        [3 * chunkSize - 7, 7 * chunkSize + 9], // several chunks, compressed and not
        [content.length - 5, content.length], // the short last chunk
        [0, content.length],
        [500, 500], // empty
        [content.length, content.length],
      ]
      for (const [start, end] of ranges) {
        expectSameBytes(await readAll(bstore.read(db(), files, id, { start, end })), content.subarray(start, end))
      }
      expectSameBytes(await readAll(bstore.read(db(), files, id, { start: 4_000 })), content.subarray(4_000))
      expectSameBytes(await readAll(bstore.read(db(), files, id, { end: 4_000 })), content.subarray(0, 4_000))
    })

    it('reads every range of a small blob like slicing the bytes (exhaustive)', async () => {
      const small = bstore.make('small', ['small'], { chunkSize: 1_024 })
      const bytes = randomData(2_100)
      const id = await bstore.put(db(), small, bytes)
      for (let start = 0; start <= bytes.length; start += 149) {
        for (let end = start; end <= bytes.length; end += 211) {
          expectSameBytes(await readAll(bstore.read(db(), small, id, { start, end })), bytes.subarray(start, end))
        }
      }
    })

    it('returns a Node Readable (typed as BlobReadable, so that the types need no @types/node)', async () => {
      const id = await bstore.put(db(), files, content)
      const stream = bstore.read(db(), files, id, { end: 100 })
      expect(stream).toBeInstanceOf(Readable)
      const pieces: Buffer[] = []
      for await (const piece of (stream as Readable).setEncoding('latin1')) pieces.push(Buffer.from(piece as string, 'latin1'))
      expectSameBytes(Buffer.concat(pieces), content.subarray(0, 100))
    })

    it('reads the empty blob', async () => {
      const id = await bstore.put(db(), files, new Uint8Array(0))
      expect((await readAll(bstore.read(db(), files, id))).length).toBe(0)
    })

    it('refuses bad ranges: TypeError for non-integers, RangeError for negative, inverted or beyond the blob', async () => {
      const id = await bstore.put(db(), files, content)
      expect(() => bstore.read(db(), files, id, { start: 1.5 })).toThrow(/bstore\.read: start must be an integer, got number 1\.5/)
      expect(() => bstore.read(db(), files, id, { start: -1 })).toThrow(RangeError)
      expect(() => bstore.read(db(), files, id, { start: 10, end: 5 })).toThrow(/bstore\.read: end \(5\) is before start \(10\)/)
      expect(() => bstore.read(db(), files, id, { stat: 1 } as never)).toThrow(/unknown option "stat" \(did you mean "start"\?\)/)
      await expect(readAll(bstore.read(db(), files, id, { end: content.length + 1 }))).rejects.toThrow(
        new RangeError(`bstore.read: the range [0, ${content.length + 1}) is outside blob ${id} of ${content.length} bytes`),
      )
      await expect(readAll(bstore.read(db(), files, id, { start: content.length + 1 }))).rejects.toThrow(RangeError)
    })

    it('fails the stream with notFound for an unknown blob, and throws TypeError for a malformed id', async () => {
      await rejectsWith(readAll(bstore.read(db(), files, sha256(Buffer.from('absent')))), ErrorCode.notFound, /bstore\.read: no blob [0-9a-f]{64} in store "files"/)
      expect(() => bstore.read(db(), files, 'nope')).toThrow(/bstore\.read: a blob id must be 64 lowercase hexadecimal characters/)
    })
  })

  describe('integrity', () => {
    /** Flips the last byte of chunk `index` of the only blob of `files`. */
    async function alterChunk(index: number): Promise<void> {
      const { begin, end } = files.subspace.range([2])
      await transactional(db(), async (tx) => {
        const [key, value] = (await query(tx, begin, end).toArray())[index]!
        const altered = Buffer.from(value)
        altered[altered.length - 1]! ^= 0x01
        set(tx, key, altered)
      })
    }

    it('fails a whole read with corruptData naming the blob and chunk, before handing out the altered chunk', async () => {
      const id = await bstore.put(db(), files, content)
      await alterChunk(7)
      const received: Buffer[] = []
      const stream = bstore.read(db(), files, id)
      const err = await (async () => {
        try {
          for await (const piece of stream) received.push(piece as Buffer)
        } catch (e) {
          return e
        }
        return null
      })()
      expect(err).toMatchObject({ code: ErrorCode.corruptData })
      expect((err as Error).message).toBe(`bstore.read: blob ${id}, chunk 7: checksum mismatch (the stored bytes were altered)`)
      // Everything handed out before the error is the true content.
      const prefix = Buffer.concat(received)
      expect(prefix.length).toBeLessThanOrEqual(7 * chunkSize)
      expectSameBytes(prefix, content.subarray(0, prefix.length))
    })

    it('fails a range read over an altered chunk, and not one that avoids it', async () => {
      const id = await bstore.put(db(), files, content)
      await alterChunk(2)
      await rejectsWith(readAll(bstore.read(db(), files, id, { start: 2 * chunkSize + 10, end: 2 * chunkSize + 20 })), ErrorCode.corruptData, new RegExp(`bstore\\.read: blob ${id}, chunk 2: (checksum mismatch|the compressed payload does not inflate)`))
      expectSameBytes(await readAll(bstore.read(db(), files, id, { start: 3 * chunkSize })), content.subarray(3 * chunkSize))
    })

    it('detects chunks swapped between positions', async () => {
      const id = await bstore.put(db(), files, randomData(4 * chunkSize))
      const { begin, end } = files.subspace.range([2])
      await transactional(db(), async (tx) => {
        const chunks = await query(tx, begin, end).toArray()
        set(tx, chunks[0]![0], chunks[1]![1])
        set(tx, chunks[1]![0], chunks[0]![1])
      })
      await rejectsWith(readAll(bstore.read(db(), files, id)), ErrorCode.corruptData, /chunk 0: checksum mismatch/)
    })
  })

  describe('pages (a read takes about 4 MB of chunks per transaction, in one range read)', () => {
    // 64 KiB chunks: 61 to a page; 80 chunks of text then random bytes make two pages.
    const big = bstore.make('big', ['big'], { chunkSize: 65_536 })
    const bigContent = Buffer.concat([compressibleBytes(30 * 65_536), randomData(50 * 65_536 - 123)])
    const boundary = 61 * 65_536

    it('reads a blob of several pages whole and in ranges across the page boundary', async () => {
      const id = await bstore.put(db(), big, bigContent)
      expectSameBytes(await readAll(bstore.read(db(), big, id)), bigContent)
      for (const [start, end] of [[boundary - 10, boundary + 10], [boundary, boundary + 1], [boundary - 1, boundary], [65_536 * 5 + 3, bigContent.length - 2]] as const) {
        expectSameBytes(await readAll(bstore.read(db(), big, id, { start, end })), bigContent.subarray(start, end))
      }
    })

    it('fails with corruptData naming the chunk when a chunk of a later page is missing', async () => {
      const id = await bstore.put(db(), big, bigContent)
      const { begin, end } = big.subspace.range([2])
      const chunkKeys = await transactional(db(), async (tx) => (await query(tx, begin, end).toArray()).map(([key]) => key))
      expect(chunkKeys.length).toBe(80)
      await transactional(db(), (tx) => clear(tx, chunkKeys[65]!))
      // Chunk 66 now comes where 65 should: its checksum binds it to 66.
      await rejectsWith(readAll(bstore.read(db(), big, id)), ErrorCode.corruptData, new RegExp(`bstore\\.read: blob ${id}, chunk 65: checksum mismatch`))
      await transactional(db(), (tx) => clear(tx, chunkKeys[79]!))
      await rejectsWith(readAll(bstore.read(db(), big, id, { start: 78 * 65_536 })), ErrorCode.corruptData, new RegExp(`bstore\\.read: blob ${id}, chunk 79: missing`))
    })
  })

  describe('list', () => {
    it('lists every blob with its size, in id order', async () => {
      const blobs = [Buffer.from('a'), randomData(5_000), new Uint8Array(0), compressibleBytes(3_000)]
      for (const b of blobs) await bstore.put(db(), files, b)
      await bstore.put(db(), files, blobs[0]!) // a second reference lists once
      const listed: bstore.BlobEntry[] = []
      for await (const entry of bstore.list(db(), files)) listed.push(entry)
      const expected = blobs.map((b) => ({ id: sha256(b), size: b.length })).sort((x, y) => (x.id < y.id ? -1 : 1))
      expect(listed).toEqual(expected)
    })

    it('lists nothing for an empty store', async () => {
      const listed: bstore.BlobEntry[] = []
      for await (const entry of bstore.list(db(), files)) listed.push(entry)
      expect(listed).toEqual([])
    })
  })
})
