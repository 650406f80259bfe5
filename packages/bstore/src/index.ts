/**
 * `@foundkit/bstore`: content-addressed blobs of any size, compressed,
 * deduplicated and removable, in any foundkit database.
 *
 * ```ts
 * import * as bstore from '@foundkit/bstore'
 * const files = bstore.make('files', ['app', 'files'])
 * const id = await bstore.put(db, files, Buffer.from('hello'))  // the SHA-256 of the bytes
 * const bytes = await bstore.get(db, files, id)
 * ```
 *
 * ## Layout (version 1.0)
 *
 * Every key is the store's subspace followed by a packed tuple whose first
 * item is a small integer tag. `id` is the blob's SHA-256 (32 bytes),
 * `space` and `token` are 16 random bytes.
 *
 * - `(0)` → `pack([1, 0])`: the layout version (major, minor). A store of
 *   another major is refused; one of a newer minor is read but not written.
 * - `(1, id)` → `pack([size, storedBytes, chunks, chunkSize, space])`: the
 *   blob record. A blob exists exactly when its record does.
 * - `(2, space, index)` → `[format][checksum: 4][payload]`: chunk `index`
 *   of the blob whose record names `space` (format 0: the payload is the
 *   content; 1: its zlib compression; checksum: big-endian CRC-32 of
 *   uint32be(index) ‖ content). Every chunk but the last holds
 *   `chunkSize` bytes of content.
 * - `(3, id)` → little-endian int64: the reference count (atomic add).
 * - `(4, id, token)` → empty: one reference, written by one `put` or
 *   `getOrCreate` call; `remove` clears one.
 * - `(5, token)` → `pack([id, atMs])`: a `remove` call that was applied
 *   (so a re-run drops nothing more).
 * - `(6, space)` → `pack([startedAtMs, chunks])`: an upload being staged
 *   under `space`.
 * - `(7, space)` → `pack([chunks, kind])`: a space no blob uses any more
 *   (kind 0: a removed or duplicate blob; 1: an abandoned upload), which
 *   `gc` deletes.
 *
 * ## Costs
 *
 * - `getOrCreate` / small `put`: 3 point reads; for new content one write
 *   per chunk plus 3; for stored content 2 writes (a reference).
 * - large `put`: one transaction per `transactionBytes` of stored chunks,
 *   then one to publish (3 reads, 3–4 writes).
 * - `get` / `read`: 2 point reads plus one range read of the chunks (for
 *   `read`, one range read per transaction of about 4 MB of chunks, the next
 *   one started while the last is decoded); decompression and SHA-256 on the way.
 * - `remove`: 2 point reads and one range read of at most 2 references;
 *   the last reference clears the record and one chunk range.
 *
 * @packageDocumentation
 */
export { make, type BStore, type BStoreOptions } from './store.js'
export { blobIdOf, type BlobId } from './ids.js'
export type { BlobSource } from './sources.js'
export { getOrCreate, get, has, stat, remove, type BlobStat } from './blobs.js'
export { put, type PutOptions, type PutProgress } from './put.js'
export { read, list, type ReadOptions, type BlobEntry } from './read.js'
export { gc, type GcOptions, type GcResult } from './gc.js'
export type { BlobReadable, WebByteStream, WebByteStreamReader, WebByteStreamResult, AbortSignalLike } from './portable-types.js'

/** The name of this layer, as it appears in error messages. @example `bstore.LAYER_NAME // 'bstore'` */
export const LAYER_NAME = 'bstore'
