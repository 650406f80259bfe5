/**
 * `read` (a blob or a byte range of it, streamed across transactions) and
 * `list` (every blob).
 *
 * @module
 */
import { Readable } from 'node:stream'
import type { BlobReadable } from './portable-types.js'
import { Database, ErrorCode, FoundError, requireKnownOptions, scanAll, transactional } from '@foundkit/core'
import { readAhead } from './read-ahead.js'
import { readPage } from './read-pages.js'
import { chunkCount, chunkLength } from './chunking.js'
import { describeValue, newHash, requireBlobId, type BlobId } from './ids.js'
import { decodeBlobRecord } from './layout.js'
import { noSuchBlob, readBlobRecord } from './blobs.js'
import { checkLayout } from './references.js'
import { requireStore, type BStore } from './store.js'

/**
 * Options of {@link read}: the byte range `[start, end)` to read (default:
 * the whole blob).
 *
 * @example
 * ```ts
 * bstore.read(db, files, id, { start: 1_000, end: 2_000 }) // 1,000 bytes
 * ```
 */
export interface ReadOptions {
  /**
   * First byte to read. Default: 0.
   * @example
   * ```ts
   * bstore.read(db, files, id, { start: 100 }) // from byte 100 to the end
   * ```
   */
  readonly start?: number
  /**
   * Byte to stop before (exclusive). Default: the blob's size.
   * @example
   * ```ts
   * bstore.read(db, files, id, { end: 100 }) // the first 100 bytes
   * ```
   */
  readonly end?: number
}

/** Content bytes of the chunks read per page: one range read, in one transaction. */
const READ_TRANSACTION_BYTES = 4_000_000

/**
 * Pages read ahead of the one being streamed: on the durable engine and
 * FoundationDB the next page's range read runs (off this thread) while this
 * one is decoded, hashed and handed out. One page: at most two pages' bytes
 * are held at a time.
 */
const PAGES_AHEAD = 1

function requireOffset(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError(`bstore.read: ${name} must be an integer, got ${describeValue(value)}`)
  if (value < 0) throw new RangeError(`bstore.read: ${name} must be 0 or more, got ${value}`)
  return value
}

/**
 * Reads blob `id`, or the bytes `[start, end)` of it, as a Node `Readable`,
 * in as many transactions as it takes. Every chunk's checksum is checked
 * before its bytes are handed out, and a whole-blob read also checks the
 * SHA-256 of everything it streamed: altered data fails the stream with a
 * `corruptData` FoundError naming the blob and the chunk, never wrong bytes.
 *
 * Errors found once reading has begun (an unknown blob, a range beyond its
 * size, corruption) fail the stream.
 *
 * @param db - the database (a read may span transactions)
 * @param store - the store
 * @param id - the blob's id
 * @param options - `start`, `end`
 * @throws TypeError for a malformed id or offsets that are not integers;
 *   RangeError for a negative offset or `end` before `start`. The stream
 *   fails with FoundError notFound for a blob that is not stored and
 *   RangeError for a range beyond the blob
 * @example
 * ```ts
 * await pipeline(bstore.read(db, files, id), createWriteStream('/tmp/copy'))
 * const header = Buffer.concat(await bstore.read(db, files, id, { end: 512 }).toArray())
 * ```
 */
export function read(db: Database, store: BStore, id: BlobId, options?: ReadOptions): BlobReadable {
  const what = 'bstore.read'
  if (!(db instanceof Database)) throw new TypeError(`${what}: the first argument must be a Database (a read may span transactions), got ${describeValue(db)}`)
  requireStore(store, what)
  const idBytes = requireBlobId(id, what)
  const given = requireKnownOptions(what, options, ['start', 'end'])
  const start = requireOffset(given.start, 'start') ?? 0
  const end = requireOffset(given.end, 'end')
  if (end !== undefined && end < start) throw new RangeError(`bstore.read: end (${end}) is before start (${start})`)
  return Readable.from(streamChunks(db, store, id, idBytes, start, end), { objectMode: false })
}

async function* streamChunks(db: Database, store: BStore, id: string, idBytes: Uint8Array, start: number, end: number | undefined): AsyncGenerator<Buffer> {
  const what = 'bstore.read'
  const record = await transactional(db, async (t) => {
    const [, found] = await Promise.all([checkLayout(t, store, false, what), readBlobRecord(t, store, idBytes, id)])
    return found
  })
  if (record === null) throw noSuchBlob(what, store, id)
  const stop = end ?? record.size
  if (stop > record.size || start > record.size) {
    throw new RangeError(`${what}: the range [${start}, ${stop}) is outside blob ${id} of ${record.size} bytes`)
  }
  const whole = start === 0 && stop === record.size
  const hash = whole ? newHash() : null
  const first = Math.floor(start / record.chunkSize)
  const last = chunkCount(stop, record.chunkSize) // exclusive
  const perPage = Math.max(1, Math.floor(READ_TRANSACTION_BYTES / record.chunkSize))
  const pages = (function* () {
    for (let from = first; from < last; from += perPage) yield { store, record, id, from, to: Math.min(last, from + perPage), what }
  })()
  let index = first
  for await (const contents of readAhead(pages, PAGES_AHEAD, (page) => readPage(db, page))) {
    for (const content of contents) {
      hash?.update(content)
      const from = index === first ? start - first * record.chunkSize : 0
      const to = index === last - 1 ? stop - index * record.chunkSize : content.length
      index++
      if (to > from) yield content.subarray(from, to)
    }
  }
  if (hash !== null && hash.digest('hex') !== id) {
    throw new FoundError(ErrorCode.corruptData, `${what}: blob ${id}: the SHA-256 of its content does not match its id`)
  }
}

/**
 * A stored blob as {@link list} gives it.
 *
 * @example
 * ```ts
 * for await (const { id, size } of bstore.list(db, files)) console.log(id, size)
 * ```
 */
export interface BlobEntry {
  /** The blob's id. */
  readonly id: BlobId
  /** Its size in bytes. */
  readonly size: number
}

/**
 * Every blob of the store, in id order, read in as many transactions as it
 * takes (each page is consistent; blobs put or removed during the listing
 * may or may not appear).
 *
 * @param db - the database
 * @param store - the store
 * @example
 * ```ts
 * let total = 0
 * for await (const { size } of bstore.list(db, files)) total += size
 * ```
 */
export function list(db: Database, store: BStore): AsyncIterable<BlobEntry> {
  if (!(db instanceof Database)) throw new TypeError(`bstore.list: the first argument must be a Database, got ${describeValue(db)}`)
  requireStore(store, 'bstore.list')
  return listBlobs(db, store)
}

async function* listBlobs(db: Database, store: BStore): AsyncGenerator<BlobEntry> {
  const { begin, end } = store.keys.blobs.range()
  for await (const [key, value] of scanAll(db, begin, end)) {
    const id = Buffer.from(store.keys.blobs.unpack(key)[0] as Uint8Array).toString('hex')
    yield { id, size: decodeBlobRecord(value, id).size }
  }
}
