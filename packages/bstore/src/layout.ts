/**
 * The store's keys and records (the layout is described key by key in the
 * package documentation, index.ts). Every key is `store.subspace.pack([tag, ...])`
 * with one small integer tag per sub-space.
 *
 * @module
 */
import { ErrorCode, FoundError, pack, unpack, type Subspace } from '@foundkit/core'

/** `(0)` → `pack([major, minor])`: the layout version. @internal */
export const VERSION_TAG = 0
/** `(1, id)` → the blob record of a published blob. @internal */
export const BLOB_TAG = 1
/** `(2, space, index)` → one chunk: format byte, checksum, payload. @internal */
export const CHUNK_TAG = 2
/** `(3, id)` → the reference count, little-endian int64 (atomic add). @internal */
export const REFCOUNT_TAG = 3
/** `(4, id, token)` → empty: one reference, written by one put. @internal */
export const REFERENCE_TAG = 4
/** `(5, token)` → `pack([id, atMs])`: a remove that has been applied. @internal */
export const REMOVAL_TAG = 5
/** `(6, space)` → `pack([startedAtMs])`: an upload in progress (staging). @internal */
export const STAGING_TAG = 6
/** `(7, space)` → `pack([chunks])`: chunks no blob uses any more, for gc to delete. @internal */
export const DOOMED_TAG = 7

/** The layout version this code writes; it reads any 1.x. @internal */
export const LAYOUT_VERSION: readonly [number, number] = [1, 0]

/** What a blob record holds. @internal */
export interface BlobRecord {
  /** Bytes of content. */
  readonly size: number
  /** Bytes of chunk values as stored (after compression, with headers). */
  readonly storedBytes: number
  /** How many chunks. */
  readonly chunks: number
  /** The chunk size the blob was cut with (every chunk but the last holds that many bytes). */
  readonly chunkSize: number
  /** The chunk space (16 random bytes) its chunks live under. */
  readonly space: Uint8Array
}

/** Encodes a blob record as a packed tuple. @internal */
export function encodeBlobRecord(r: BlobRecord): Uint8Array {
  return pack([r.size, r.storedBytes, r.chunks, r.chunkSize, Buffer.from(r.space)])
}

/** Decodes a blob record; corruptData naming the blob when it is malformed. @internal */
export function decodeBlobRecord(bytes: Uint8Array, id: string): BlobRecord {
  let items: unknown[]
  try {
    items = unpack(bytes)
  } catch (cause) {
    throw new FoundError(ErrorCode.corruptData, `bstore: the record of blob ${id} is not a packed tuple`, { cause })
  }
  const [size, storedBytes, chunks, chunkSize, space] = items
  const counts = [size, storedBytes, chunks, chunkSize]
  if (!counts.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) || !(space instanceof Uint8Array)) {
    throw new FoundError(ErrorCode.corruptData, `bstore: the record of blob ${id} is malformed`)
  }
  return { size: size as number, storedBytes: storedBytes as number, chunks: chunks as number, chunkSize: chunkSize as number, space }
}

/** The keys of one store, precomputed by `make`. @internal */
export class Keys {
  readonly version: Uint8Array
  readonly blobs: Subspace
  readonly chunks: Subspace
  readonly refcounts: Subspace
  readonly references: Subspace
  readonly removals: Subspace
  readonly staging: Subspace
  readonly doomed: Subspace

  constructor(root: Subspace) {
    this.version = root.pack([VERSION_TAG])
    this.blobs = root.subspace([BLOB_TAG])
    this.chunks = root.subspace([CHUNK_TAG])
    this.refcounts = root.subspace([REFCOUNT_TAG])
    this.references = root.subspace([REFERENCE_TAG])
    this.removals = root.subspace([REMOVAL_TAG])
    this.staging = root.subspace([STAGING_TAG])
    this.doomed = root.subspace([DOOMED_TAG])
    Object.freeze(this)
  }

  blob(id: Uint8Array): Uint8Array {
    return this.blobs.pack([Buffer.from(id)])
  }

  chunk(space: Uint8Array, index: number): Uint8Array {
    return this.chunks.pack([Buffer.from(space), index])
  }

  /** Every chunk of a space from chunk `from` on (to the end of the space). */
  chunkRange(space: Uint8Array, from = 0): { begin: Uint8Array; end: Uint8Array } {
    const { end } = this.chunks.range([Buffer.from(space)])
    return { begin: from === 0 ? this.chunks.range([Buffer.from(space)]).begin : this.chunk(space, from), end }
  }

  refcount(id: Uint8Array): Uint8Array {
    return this.refcounts.pack([Buffer.from(id)])
  }

  reference(id: Uint8Array, token: Uint8Array): Uint8Array {
    return this.references.pack([Buffer.from(id), Buffer.from(token)])
  }

  removal(token: Uint8Array): Uint8Array {
    return this.removals.pack([Buffer.from(token)])
  }

  stagingOf(space: Uint8Array): Uint8Array {
    return this.staging.pack([Buffer.from(space)])
  }

  doomedOf(space: Uint8Array): Uint8Array {
    return this.doomed.pack([Buffer.from(space)])
  }
}
