/**
 * The pages `read` streams: a run of consecutive chunks fetched by one range
 * read in one transaction, then decoded and verified.
 *
 * @module
 */
import { ErrorCode, FoundError, query, transactional, type Database } from '@foundkit/core'
import { decodeChunk } from './chunk-codec.js'
import { chunkLength } from './chunking.js'
import type { BlobRecord } from './layout.js'
import type { BStore } from './store.js'

/** Which chunks of which blob a page holds: `[from, to)`. @internal */
export interface PageSpec {
  readonly store: BStore
  readonly record: BlobRecord
  readonly id: string
  readonly from: number
  readonly to: number
  readonly what: string
}

/**
 * The stored values of chunks `[from, to)`, by one snapshot range read in a
 * transaction of its own (retried like any other). Fewer values than asked
 * means chunks are missing (the blob was removed meanwhile, or damaged).
 * Pairs by batch, in `want_all` mode: the cheapest way through core's API
 * (scanAll's pair-at-a-time iterator cost 2-3 times as much CPU, and packed
 * batches more than plain ones, both measured on 100 MB).
 */
async function fetchPage(db: Database, page: PageSpec): Promise<Uint8Array[]> {
  const { store, record } = page
  const begin = store.keys.chunk(record.space, page.from)
  const end = store.keys.chunk(record.space, page.to)
  return await transactional(db, async (tx) => {
    const values: Uint8Array[] = []
    for await (const batch of query(tx, begin, end, { snapshot: true, mode: 'want_all' }).byBatch()) for (const [, value] of batch) values.push(value)
    return values
  })
}

/**
 * Reads and decodes chunks `[from, to)` of a blob: their verified contents,
 * in order. corruptData naming the blob and the chunk for a chunk that is
 * malformed, fails its checksum, or is missing.
 * @internal
 */
export async function readPage(db: Database, page: PageSpec): Promise<Buffer[]> {
  const values = await fetchPage(db, page)
  const contents = values.map((value, i) => {
    const index = page.from + i
    return decodeChunk(value, chunkLength(page.record, index), { id: page.id, index, what: page.what })
  })
  if (values.length < page.to - page.from) {
    const index = page.from + values.length
    throw new FoundError(ErrorCode.corruptData, `${page.what}: blob ${page.id}, chunk ${index}: missing (was the blob removed while being read?)`)
  }
  return contents
}
