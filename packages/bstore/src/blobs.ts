/**
 * The operations that run in one transaction (found's form): `getOrCreate`,
 * `get`, `has`, `stat`, `remove`.
 *
 * @module
 */
import {
  Database,
  ErrorCode,
  FoundError,
  clear,
  get as getValue,
  inTransaction,
  pack,
  query,
  readLittleEndian,
  set,
  transactional,
  type DbOrTx,
  type Transaction,
} from '@foundkit/core'
import { decodeChunk } from './chunk-codec.js'
import { chunkLength, encodeBlob, type EncodedBlob } from './chunking.js'
import { blobIdOf, describeValue, newHash, requireBlobId, type BlobId } from './ids.js'
import { decodeBlobRecord, encodeBlobRecord, type BlobRecord } from './layout.js'
import { addReference, callToken, checkLayout, dropReference, newToken } from './references.js'
import { doom } from './spaces.js'
import { levelOf, requireStore, type BStore } from './store.js'

/** The most a blob may take once stored to be written by {@link getOrCreate} (one transaction). */
const ONE_TRANSACTION_BYTES = 9_000_000

/**
 * What {@link stat} tells about a stored blob.
 *
 * @example
 * ```ts
 * const { size, storedBytes, chunks, refs } = await bstore.stat(db, files, id)
 * ```
 */
export interface BlobStat {
  /** Bytes of content. */
  readonly size: number
  /** Bytes its chunks take as stored (compressed where that helped, plus 5 header bytes per chunk). */
  readonly storedBytes: number
  /** How many chunks (keys) hold it. */
  readonly chunks: number
  /** How many references keep it: one per `put`/`getOrCreate`, minus one per `remove`. */
  readonly refs: number
}

/** Reads and decodes the record of blob `id`, or null. @internal */
export async function readBlobRecord(tx: Transaction, store: BStore, id: Uint8Array, idHex: string): Promise<BlobRecord | null> {
  const bytes = await getValue(tx, store.keys.blob(id))
  return bytes === null ? null : decodeBlobRecord(bytes, idHex)
}

/** The notFound error of an operation on a blob that is not stored. @internal */
export function noSuchBlob(what: string, store: BStore, id: string): FoundError {
  return new FoundError(ErrorCode.notFound, `${what}: no blob ${id} in store "${store.name}"`)
}

/** Writes the chunks and the record of a new blob. @internal */
export function writeBlob(tx: Transaction, store: BStore, id: Uint8Array, size: number, encoded: EncodedBlob): void {
  const space = newToken()
  encoded.values.forEach((value, index) => set(tx, store.keys.chunk(space, index), value))
  const record = { size, storedBytes: encoded.storedBytes, chunks: encoded.values.length, chunkSize: store.options.chunkSize, space }
  set(tx, store.keys.blob(id), encodeBlobRecord(record))
}

/**
 * In the database associated with `tx`, stores `bytes` unless the same
 * content is already stored, and adds one reference to it. Returns its id,
 * the same for the same bytes. For blobs that fit one transaction (at most
 * 9,000,000 bytes once compressed and chunked); {@link put} takes any size.
 *
 * Content already stored writes no chunk: only a reference. Runs twice
 * safely: a body re-run after an applied commit (1021) adds no second
 * reference. With a `Transaction` this relies on {@link transactional}'s
 * retry count (`tx.stats.retries`): in a retry loop of your own around
 * `transaction()` and `onError`, a re-run after an applied 1021 adds a
 * second reference (the blob is then kept until removed once more).
 * Conflicts with a concurrent write or removal of the same blob.
 *
 * @param tx - a database (its own transaction) or a transaction to join
 * @param store - the store
 * @param bytes - the content
 * @throws TypeError when `bytes` is not a Uint8Array; FoundError
 *   invalidArgument when it does not fit one transaction
 * @example
 * ```ts
 * const id = await transactional(db, (tx) => bstore.getOrCreate(tx, files, Buffer.from('hello')))
 * ```
 */
export async function getOrCreate(tx: DbOrTx, store: BStore, bytes: Uint8Array): Promise<BlobId> {
  requireStore(store, 'bstore.getOrCreate')
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bstore.getOrCreate: bytes must be a Uint8Array (or Buffer), got ${describeValue(bytes)}`)
  const idHex = blobIdOf(bytes)
  await createInOne(tx, store, bytes, idHex)
  return idHex
}

/** {@link getOrCreate} once the id is known; also says how many bytes the blob takes stored. @internal */
export async function createInOne(tx: DbOrTx, store: BStore, bytes: Uint8Array, idHex: string): Promise<{ storedBytes: number }> {
  const what = 'bstore.getOrCreate'
  const id = Buffer.from(idHex, 'hex')
  let encoded: EncodedBlob | null = null // encoded once, only if needed, whatever the retries
  return await inTransaction(tx, what, async (t) => {
    const token = callToken(t, store, 'reference', idHex)
    const [, record] = await Promise.all([checkLayout(t, store, true, what), readBlobRecord(t, store, id, idHex)])
    if (record === null) {
      encoded ??= encodeBlob(bytes, store.options.chunkSize, levelOf(store))
      if (encoded.storedBytes > ONE_TRANSACTION_BYTES) {
        throw new FoundError(
          ErrorCode.invalidArgument,
          `${what}: blob ${idHex} takes ${encoded.storedBytes} bytes once stored, more than one transaction holds (${ONE_TRANSACTION_BYTES}); use bstore.put`,
        )
      }
      writeBlob(t, store, id, bytes.length, encoded)
    }
    await addReference(t, store, id, token)
    return { storedBytes: record?.storedBytes ?? encoded!.storedBytes }
  })
}

/**
 * In the database associated with `tx`, reads blob `id` whole and returns
 * its bytes (a Node `Buffer`, typed as the `Uint8Array` it is so that the
 * types need no `@types/node`), after checking every chunk's checksum and the
 * SHA-256 of the result. For blobs that can be read in one transaction (5 s); {@link read}
 * streams any size.
 *
 * @param tx - a database or a transaction
 * @param store - the store
 * @param id - the blob's id
 * @throws TypeError for a malformed id; FoundError notFound when the blob is
 *   not stored; corruptData naming the blob and chunk when stored bytes were altered
 * @example
 * ```ts
 * const bytes = await bstore.get(db, files, id)
 * ```
 */
export async function get(tx: DbOrTx, store: BStore, id: BlobId): Promise<Uint8Array> {
  const what = 'bstore.get'
  requireStore(store, what)
  const idBytes = requireBlobId(id, what)
  return await inTransaction(tx, what, async (t) => {
    const [, record] = await Promise.all([checkLayout(t, store, false, what), readBlobRecord(t, store, idBytes, id)])
    if (record === null) throw noSuchBlob(what, store, id)
    const out = Buffer.allocUnsafe(record.size)
    const { begin, end } = store.keys.chunkRange(record.space)
    let index = 0
    for await (const batch of query(t, begin, end).byBatch()) {
      for (const [, value] of batch) {
        if (index >= record.chunks) throw new FoundError(ErrorCode.corruptData, `${what}: blob ${id} has more chunks than its ${record.chunks}`)
        decodeChunk(value, chunkLength(record, index), { id, index, what }).copy(out, index * record.chunkSize)
        index++
      }
    }
    if (index < record.chunks) throw new FoundError(ErrorCode.corruptData, `${what}: blob ${id}, chunk ${index}: missing`)
    if (newHash().update(out).digest('hex') !== id) {
      throw new FoundError(ErrorCode.corruptData, `${what}: blob ${id}: the SHA-256 of its content does not match its id`)
    }
    return out
  })
}

/**
 * In the database associated with `tx`, whether blob `id` is stored.
 *
 * @throws TypeError for a malformed id
 * @example
 * ```ts
 * if (!(await bstore.has(db, files, id))) await bstore.put(db, files, bytes)
 * ```
 */
export async function has(tx: DbOrTx, store: BStore, id: BlobId): Promise<boolean> {
  requireStore(store, 'bstore.has')
  const idBytes = requireBlobId(id, 'bstore.has')
  return await inTransaction(tx, 'bstore.has', async (t) => (await getValue(t, store.keys.blob(idBytes))) !== null)
}

/**
 * In the database associated with `tx`, the size, stored bytes, chunk count
 * and reference count of blob `id`.
 *
 * @throws TypeError for a malformed id; FoundError notFound when the blob is not stored
 * @example
 * ```ts
 * const { size, storedBytes } = await bstore.stat(db, files, id)
 * console.log(`compressed to ${((100 * storedBytes) / size).toFixed(0)}%`)
 * ```
 */
export async function stat(tx: DbOrTx, store: BStore, id: BlobId): Promise<BlobStat> {
  const what = 'bstore.stat'
  requireStore(store, what)
  const idBytes = requireBlobId(id, what)
  return await inTransaction(tx, what, async (t) => {
    const [record, count] = await Promise.all([readBlobRecord(t, store, idBytes, id), getValue(t, store.keys.refcount(idBytes))])
    if (record === null) throw noSuchBlob(what, store, id)
    return { size: record.size, storedBytes: record.storedBytes, chunks: record.chunks, refs: Number(readLittleEndian(count) ?? 0n) }
  })
}

/**
 * In the database associated with `tx`, drops one reference to blob `id`;
 * when it was the last, the blob goes: its record and, for blobs of at most
 * `removeChunkLimit` chunks, its chunks in the same transaction (larger ones
 * are left to {@link gc}, invisible already). Returns whether a reference
 * was dropped (false when the blob is not stored).
 *
 * Runs twice safely: a re-run after an applied commit (1021) drops no
 * second reference (a removal record, `(5, token)`, marks the call done;
 * with a `Database` it is cleared in a second transaction, with a
 * `Transaction` {@link gc} clears it once older than its `maxAgeMs`).
 * With a `Transaction` this relies on {@link transactional}'s retry count
 * (`tx.stats.retries`): in a retry loop of your own around `transaction()`
 * and `onError`, a re-run after an applied 1021 drops a second reference,
 * so use `transactional` (or pass the `Database`) when removing.
 * Conflicts with a concurrent put or removal of the same blob.
 *
 * @throws TypeError for a malformed id
 * @example
 * ```ts
 * await bstore.remove(db, files, id) // true
 * ```
 */
export async function remove(tx: DbOrTx, store: BStore, id: BlobId): Promise<boolean> {
  const what = 'bstore.remove'
  requireStore(store, what)
  const idBytes = requireBlobId(id, what)
  let token: Uint8Array | null = null
  const dropped = await inTransaction(tx, what, async (t) => {
    token = callToken(t, store, 'removal', id)
    const [, done] = await Promise.all([checkLayout(t, store, true, what), getValue(t, store.keys.removal(token))])
    if (done !== null) return true // an earlier attempt of this call was applied
    const { begin, end } = store.keys.references.range([idBytes])
    const refs = await query(t, begin, end, { limit: 2 }).toArray()
    if (refs.length === 0) return false
    dropReference(t, store, idBytes, refs[0]![0])
    set(t, store.keys.removal(token), pack([idBytes, Date.now()]))
    if (refs.length === 1) await dropBlob(t, store, idBytes, id)
    return true
  })
  if (tx instanceof Database && token !== null) {
    const key = store.keys.removal(token)
    await transactional(tx, (t) => clear(t, key))
  }
  return dropped
}

/** Removes a blob whose last reference goes: record and count now, chunks now or through gc. */
async function dropBlob(tx: Transaction, store: BStore, id: Uint8Array, idHex: string): Promise<void> {
  const record = await readBlobRecord(tx, store, id, idHex)
  clear(tx, store.keys.refcount(id))
  if (record === null) return
  clear(tx, store.keys.blob(id))
  if (record.chunks <= store.options.removeChunkLimit) {
    const { begin, end } = store.keys.chunkRange(record.space)
    clear(tx, begin, end)
  } else {
    doom(tx, store, record.space, record.chunks, 'blob')
  }
}
