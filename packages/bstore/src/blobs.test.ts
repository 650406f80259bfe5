// The one-transaction operations: found's cases (a small blob, a 200,000-byte
// blob, the same bytes twice give the same id), then what found lacks: the
// empty blob, dedup, references, removal, corruption, bad input.
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode, FoundError, set, transactional, type Database } from '@foundkit/core'
import { dumpAll, forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as bstore from './index.js'
import { compressibleBytes, expectSameBytes, keysBesidesVersion, randomData } from '../test/helpers.js'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

forEachEngine('bstore one-transaction operations', ({ db }) => {
  const files = bstore.make('files', ['app', 'files'], { chunkSize: 16_384 })

  describe('getOrCreate and get (found)', () => {
    it('stores a small blob and reads it back; its id is the SHA-256 of the bytes', async () => {
      const bytes = Buffer.from('hello, world')
      const id = await transactional(db(), (tx) => bstore.getOrCreate(tx, files, bytes))
      expect(id).toBe(sha256(bytes))
      expectSameBytes(await transactional(db(), (tx) => bstore.get(tx, files, id)), bytes)
    })

    it('stores a 200,000-byte blob over several chunks', async () => {
      const bytes = randomData(200_000)
      const id = await bstore.getOrCreate(db(), files, bytes)
      expectSameBytes(await bstore.get(db(), files, id), bytes)
      expect((await bstore.stat(db(), files, id)).chunks).toBe(Math.ceil(200_000 / 16_384))
    })

    it('gives the same id to the same bytes, and stores them once', async () => {
      const bytes = compressibleBytes(50_000)
      const a = await bstore.getOrCreate(db(), files, bytes)
      const keysAfterOne = (await dumpAll(db())).length
      const b = await bstore.getOrCreate(db(), files, Buffer.from(bytes))
      expect(b).toBe(a)
      // The second call adds a reference record and nothing else: no chunk.
      expect((await dumpAll(db())).length).toBe(keysAfterOne + 1)
      expect((await bstore.stat(db(), files, a)).refs).toBe(2)
    })

    it('stores and reads the empty blob', async () => {
      const id = await bstore.getOrCreate(db(), files, new Uint8Array(0))
      expect(id).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
      const bytes = await bstore.get(db(), files, id)
      expect(bytes.length).toBe(0)
      expect(await bstore.stat(db(), files, id)).toEqual({ size: 0, storedBytes: 0, chunks: 0, refs: 1 })
    })

    it('round-trips compressible data stored smaller, and random data stored as is', async () => {
      const text = compressibleBytes(100_000)
      const noise = randomData(100_000)
      const textId = await bstore.getOrCreate(db(), files, text)
      const noiseId = await bstore.getOrCreate(db(), files, noise)
      expectSameBytes(await bstore.get(db(), files, textId), text)
      expectSameBytes(await bstore.get(db(), files, noiseId), noise)
      const textStat = await bstore.stat(db(), files, textId)
      const noiseStat = await bstore.stat(db(), files, noiseId)
      expect(textStat.storedBytes).toBeLessThan(text.length / 3)
      // Random chunks are kept as they are: only the 5-byte header per chunk is added.
      expect(noiseStat.storedBytes).toBe(noise.length + 5 * noiseStat.chunks)
    })

    it('round-trips with compression off', async () => {
      const plain = bstore.make('plain', ['plain'], { compression: false })
      const text = compressibleBytes(40_000)
      const id = await bstore.getOrCreate(db(), plain, text)
      expectSameBytes(await bstore.get(db(), plain, id), text)
      expect((await bstore.stat(db(), plain, id)).storedBytes).toBe(text.length + 5)
    })

    it('refuses a blob that does not fit one transaction, writing nothing', async () => {
      const before = await dumpAll(db())
      await rejectsWith(bstore.getOrCreate(db(), files, randomData(9_500_000)), ErrorCode.invalidArgument, /bstore\.getOrCreate: blob [0-9a-f]{64} takes \d+ bytes once stored.*use bstore\.put/)
      expect(await dumpAll(db())).toEqual(before)
    })

    it('composes with other writes in the caller transaction', async () => {
      const marker = Buffer.from('marker')
      const id = await transactional(db(), async (tx) => {
        set(tx, marker, Buffer.from('1'))
        return bstore.getOrCreate(tx, files, Buffer.from('inside'))
      })
      expect((await bstore.get(db(), files, id)).toString()).toBe('inside')
    })
  })

  describe('has and stat', () => {
    it('says whether a blob is stored', async () => {
      const id = await bstore.getOrCreate(db(), files, Buffer.from('x'))
      expect(await bstore.has(db(), files, id)).toBe(true)
      expect(await bstore.has(db(), files, sha256(Buffer.from('y')))).toBe(false)
    })

    it('gives size, stored bytes, chunks and references', async () => {
      const bytes = randomData(40_000)
      const id = await bstore.getOrCreate(db(), files, bytes)
      expect(await bstore.stat(db(), files, id)).toEqual({ size: 40_000, storedBytes: 40_000 + 3 * 5, chunks: 3, refs: 1 })
    })
  })

  describe('remove', () => {
    it('drops one reference: put twice, remove once, still readable', async () => {
      const bytes = Buffer.from('shared')
      const id = await bstore.getOrCreate(db(), files, bytes)
      await bstore.getOrCreate(db(), files, bytes)
      expect(await bstore.remove(db(), files, id)).toBe(true)
      expectSameBytes(await bstore.get(db(), files, id), bytes)
      expect((await bstore.stat(db(), files, id)).refs).toBe(1)
    })

    it('deletes every key of the blob with its last reference', async () => {
      const id = await bstore.getOrCreate(db(), files, randomData(100_000))
      expect(await bstore.remove(db(), files, id)).toBe(true)
      expect(await bstore.has(db(), files, id)).toBe(false)
      expect(await keysBesidesVersion(db(), files.subspace.pack([0]))).toEqual([])
      await rejectsWith(bstore.get(db(), files, id), ErrorCode.notFound, new RegExp(`bstore\\.get: no blob ${id} in store "files"`))
    })

    it('returns false for a blob that is not stored', async () => {
      expect(await bstore.remove(db(), files, sha256(Buffer.from('never')))).toBe(false)
    })

    it('can store the content again after removing it', async () => {
      const bytes = compressibleBytes(30_000)
      const id = await bstore.getOrCreate(db(), files, bytes)
      await bstore.remove(db(), files, id)
      expect(await bstore.getOrCreate(db(), files, bytes)).toBe(id)
      expectSameBytes(await bstore.get(db(), files, id), bytes)
    })
  })

  describe('integrity', () => {
    /** Overwrites chunk `index` of blob `id` with `value`, straight into its key. */
    async function overwriteChunk(database: Database, id: string, index: number, change: (stored: Buffer) => Buffer): Promise<void> {
      const { begin, end } = files.subspace.range([2])
      const { query } = await import('@foundkit/core')
      await transactional(database, async (tx) => {
        const chunks = await query(tx, begin, end).toArray()
        expect(chunks.length).toBeGreaterThan(index)
        const [key, value] = chunks[index]!
        set(tx, key, change(Buffer.from(value)))
      })
      void id
    }

    it('fails with corruptData naming the blob and chunk when a chunk was altered', async () => {
      const id = await bstore.getOrCreate(db(), files, randomData(50_000))
      await overwriteChunk(db(), id, 2, (v) => {
        v[v.length - 1]! ^= 0xff
        return v
      })
      await rejectsWith(bstore.get(db(), files, id), ErrorCode.corruptData, new RegExp(`bstore\\.get: blob ${id}, chunk 2: checksum mismatch`))
    })

    it('fails with corruptData when a compressed chunk no longer inflates', async () => {
      const id = await bstore.getOrCreate(db(), files, compressibleBytes(20_000))
      await overwriteChunk(db(), id, 0, (v) => Buffer.concat([v.subarray(0, 9), Buffer.from('not zlib at all')]))
      await rejectsWith(bstore.get(db(), files, id), ErrorCode.corruptData, new RegExp(`blob ${id}, chunk 0: the compressed payload does not inflate`))
    })

    it('fails with corruptData when a chunk is missing', async () => {
      const id = await bstore.getOrCreate(db(), files, randomData(40_000))
      const { begin, end } = files.subspace.range([2])
      const { query, clear } = await import('@foundkit/core')
      await transactional(db(), async (tx) => {
        const chunks = await query(tx, begin, end).toArray()
        clear(tx, chunks[2]![0])
      })
      await rejectsWith(bstore.get(db(), files, id), ErrorCode.corruptData, new RegExp(`blob ${id}, chunk 2: missing`))
    })
  })

  describe('bad input', () => {
    it('refuses bytes that are not a Uint8Array, a malformed id and a bad handle with TypeErrors', async () => {
      await rejectsWith(bstore.getOrCreate(db(), files, 'text' as never), 'TypeError', /bstore\.getOrCreate: bytes must be a Uint8Array.*got a string/)
      await rejectsWith(bstore.get(db(), files, 'ABC'), 'TypeError', /bstore\.get: a blob id must be 64 lowercase hexadecimal characters.*got a string \("ABC"\)/)
      await rejectsWith(bstore.get(db(), files, sha256(Buffer.from('x')).toUpperCase()), 'TypeError', /a blob id must be 64 lowercase/)
      await rejectsWith(bstore.has(db(), files, 42 as never), 'TypeError', /bstore\.has: a blob id must be.*got number 42/)
      await rejectsWith(bstore.stat(db(), {} as never, sha256(Buffer.from('x'))), 'TypeError', /bstore\.stat: the second argument must be a BStore/)
      await rejectsWith(bstore.remove('db' as never, files, sha256(Buffer.from('x'))), 'TypeError', /bstore\.remove: the first argument must be a Database or a Transaction/)
    })

    it('answers notFound for an unknown id in get and stat', async () => {
      const id = sha256(Buffer.from('absent'))
      await rejectsWith(bstore.get(db(), files, id), ErrorCode.notFound, /bstore\.get: no blob [0-9a-f]{64} in store "files"/)
      await rejectsWith(bstore.stat(db(), files, id), ErrorCode.notFound, /bstore\.stat: no blob/)
    })

    it('refuses to write to a store of a newer layout', async () => {
      await transactional(db(), (tx) => set(tx, files.subspace.pack([0]), Buffer.from([0x15, 0x02, 0x14])))
      const err = await bstore.getOrCreate(db(), files, Buffer.from('x')).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(FoundError)
      expect((err as FoundError).code).toBe(ErrorCode.unsupported)
      expect((err as Error).message).toMatch(/store "files" has layout version 2\.0; this bstore writes 1\.0/)
    })
  })
})

describe('make', () => {
  it('returns a frozen handle with the defaults filled in', () => {
    const files = bstore.make('files', ['app', 'files'])
    expect(Object.isFrozen(files)).toBe(true)
    expect(Object.isFrozen(files.options)).toBe(true)
    expect(files.options).toEqual({ chunkSize: 65_536, compressionLevel: 3, transactionBytes: 4_000_000, removeChunkLimit: 10_000 })
    expect(bstore.make('x', ['x'], { compression: false }).options.compressionLevel).toBeNull()
    expect(bstore.make('x', ['x'], { compression: { level: 9 } }).options.compressionLevel).toBe(9)
  })

  it('refuses unknown options with a suggestion, and out-of-range values', () => {
    expect(() => bstore.make('x', ['x'], { chunksize: 1 } as never)).toThrow(/bstore\.make: unknown option "chunksize" \(did you mean "chunkSize"\?\)/)
    expect(() => bstore.make('x', ['x'], { compression: { levle: 1 } } as never)).toThrow(/unknown option "levle" \(did you mean "level"\?\)/)
    expect(() => bstore.make('x', ['x'], { chunkSize: 200_000 })).toThrow(/bstore\.make: chunkSize must be from 1024 to 90000, got 200000/)
    expect(() => bstore.make('x', ['x'], { chunkSize: '1' as never })).toThrow(TypeError)
    expect(() => bstore.make('', ['x'])).toThrow(/bstore\.make: name must be a non-empty string/)
    expect(() => bstore.make('x', 'x' as never)).toThrow(/bstore\.make: where must be a Subspace or an array of tuple items/)
  })
})
