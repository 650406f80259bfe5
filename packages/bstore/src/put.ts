/**
 * `put`: a blob of any size, staged across transactions and published in
 * one (FoundationDB's "subspace indirection": the chunks are written under
 * a fresh space that no record points to, then one transaction writes the
 * record that points to it).
 *
 * @module
 */
import { Database, ErrorCode, FoundError, clear, requireKnownOptions, set, transactional, type Transaction } from '@foundkit/core'
import { encodeChunk } from './chunk-codec.js'
import { rechunk } from './chunking.js'
import { describeValue, newHash, blobIdOf, type BlobId } from './ids.js'
import { encodeBlobRecord } from './layout.js'
import { createInOne, readBlobRecord } from './blobs.js'
import { addReference, checkLayout, hasReference, newToken } from './references.js'
import type { AbortSignalLike } from './portable-types.js'
import { hashFile, piecesOf, requireSource, type BlobSource } from './sources.js'
import { deleteSpace, doom, getStaging, setStaging } from './spaces.js'
import { levelOf, maxStoredChunk, requireStore, type BStore } from './store.js'

/**
 * How far a {@link put} has got, given to `onProgress` after each
 * transaction it commits.
 *
 * @example
 * ```ts
 * await bstore.put(db, files, path, { onProgress: ({ bytes }) => console.log(`${bytes} bytes stored`) })
 * ```
 */
export interface PutProgress {
  /** Bytes of content written so far (all of them once the blob is published). */
  readonly bytes: number
  /** Bytes those take as stored. */
  readonly storedBytes: number
  /** Whether the blob is published (the last call). */
  readonly done: boolean
}

/**
 * Options of {@link put}.
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * await bstore.put(db, files, stream, { signal: controller.signal, onProgress: (p) => bar.update(p.bytes) })
 * ```
 */
export interface PutOptions {
  /**
   * Called after each committed transaction with the progress so far.
   * @example
   * ```ts
   * bstore.put(db, files, path, { onProgress: (p) => console.log(p.bytes) })
   * ```
   */
  readonly onProgress?: (progress: PutProgress) => void
  /**
   * Aborts the put between transactions: it rejects with the signal's reason
   * and leaves only staging data, which {@link gc} removes.
   * @example
   * ```ts
   * bstore.put(db, files, stream, { signal: AbortSignal.timeout(60_000) })
   * ```
   */
  readonly signal?: AbortSignalLike
}

const PUT_OPTIONS = ['onProgress', 'signal'] as const

/**
 * Stores a blob of any size read from `source` and adds one reference to
 * it; returns its id. Content already stored is not stored again: a
 * `Uint8Array` or a file is hashed first and, when present, gets only a
 * reference; a stream is staged as it arrives, and its staged chunks are
 * deleted again if the content turns out to be stored already.
 *
 * Takes a `Database`, not a transaction: a large blob is written in several
 * transactions (`transactionBytes` each) into a staging area and published
 * in one last transaction, so readers never see part of a blob. Concurrent
 * puts of the same content all succeed and store it once. Exact when a
 * transaction runs twice (1021): each put adds one reference, whatever the
 * retries.
 *
 * @param db - the database
 * @param store - the store
 * @param source - see {@link BlobSource}
 * @param options - `onProgress`, `signal`
 * @throws TypeError for a source that is not bytes; the signal's reason when aborted;
 *   FoundError notFound when {@link gc} collected the staging of a put that outlived `maxAgeMs`
 * @example
 * ```ts
 * const id = await bstore.put(db, files, '/tmp/backup.tar', { onProgress: (p) => console.log(p.bytes) })
 * ```
 */
export async function put(db: Database, store: BStore, source: BlobSource, options?: PutOptions): Promise<BlobId> {
  const what = 'bstore.put'
  if (!(db instanceof Database)) throw new TypeError(`${what}: the first argument must be a Database (a put spans transactions), got ${describeValue(db)}`)
  requireStore(store, what)
  requireSource(source, what)
  const { onProgress, signal } = requireKnownOptions(what, options, PUT_OPTIONS)
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError(`${what}: onProgress must be a function, got ${describeValue(onProgress)}`)
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`${what}: signal must be an AbortSignal, got ${describeValue(signal)}`)
  signal?.throwIfAborted()
  if (source instanceof Uint8Array || typeof source === 'string') {
    const id = source instanceof Uint8Array ? blobIdOf(source) : await hashFile(source, signal)
    const stored = await referenceIfStored(db, store, id)
    if (stored !== null) {
      onProgress?.({ bytes: stored.size, storedBytes: stored.storedBytes, done: true })
      return id
    }
    if (source instanceof Uint8Array && source.length <= store.options.transactionBytes) {
      const written = await createInOne(db, store, source, id)
      onProgress?.({ bytes: source.length, storedBytes: written.storedBytes, done: true })
      return id
    }
  }
  const pieces = source instanceof Uint8Array ? [source] : piecesOf(source, what)
  return await stageAndPublish(db, store, pieces, onProgress, signal)
}

/** Adds a reference when blob `id` is stored; its size and stored bytes then, else null. */
async function referenceIfStored(db: Database, store: BStore, id: BlobId): Promise<{ size: number; storedBytes: number } | null> {
  const idBytes = Buffer.from(id, 'hex')
  const token = newToken() // one per call: a re-run finds its own reference
  return await transactional(db, async (t) => {
    const [, record] = await Promise.all([checkLayout(t, store, true, 'bstore.put'), readBlobRecord(t, store, idBytes, id)])
    if (record === null) return null
    await addReference(t, store, idBytes, token)
    return { size: record.size, storedBytes: record.storedBytes }
  })
}

async function stageAndPublish(
  db: Database,
  store: BStore,
  pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  onProgress: ((p: PutProgress) => void) | undefined,
  signal: AbortSignalLike | undefined,
): Promise<BlobId> {
  const { chunkSize, transactionBytes } = store.options
  const level = levelOf(store)
  const space = newToken()
  const startedAtMs = Date.now()
  const hash = newHash()
  let size = 0
  let storedBytes = 0
  let chunks = 0
  let batch: Uint8Array[] = []
  let batchBytes = 0
  let staged = false

  // One staging transaction commits while the next batch is cut, hashed and compressed.
  const inFlight: { write: Promise<void> | null } = { write: null }

  /** Starts writing the batch into the staging space (the staging record first, then checked each time). */
  const flush = async (): Promise<void> => {
    if (inFlight.write !== null) await inFlight.write
    signal?.throwIfAborted()
    const values = batch
    const from = chunks - values.length
    const progress: PutProgress = { bytes: size, storedBytes, done: false }
    const state = { startedAtMs, chunks }
    const first = !staged
    staged = true
    batch = []
    batchBytes = 0
    const write = transactional(db, async (t) => {
      if (first) await checkLayout(t, store, true, 'bstore.put')
      else await requireStaging(t, store, space)
      setStaging(t, store, space, state)
      values.forEach((value, i) => set(t, store.keys.chunk(space, from + i), value))
    }).then(() => {
      onProgress?.(progress)
      signal?.throwIfAborted()
    })
    write.catch(() => {}) // awaited (and so reported) by the next flush or before publishing
    inFlight.write = write
  }

  try {
    const source = Symbol.asyncIterator in pieces ? pieces : toAsync(pieces)
    for await (const content of rechunk(source, chunkSize)) {
      const value = encodeChunk(chunks, content, level)
      hash.update(content)
      size += content.length
      storedBytes += value.length
      batch.push(value)
      batchBytes += value.length
      chunks++
      if (batchBytes + maxStoredChunk(chunkSize) > transactionBytes) await flush()
    }
  } catch (error) {
    await inFlight.write?.catch(() => {}) // no transaction of this put outlives it
    throw error
  }
  await inFlight.write
  signal?.throwIfAborted()

  const idHex = hash.digest('hex')
  const id = Buffer.from(idHex, 'hex')
  const reference = newToken()
  const unstaged = batch
  const record = encodeBlobRecord({ size, storedBytes, chunks, chunkSize, space })
  const duplicate = await transactional(db, async (t) => {
    const [, existing, applied] = await Promise.all([
      checkLayout(t, store, true, 'bstore.put'),
      readBlobRecord(t, store, id, idHex),
      hasReference(t, store, id, reference),
    ])
    const ours = existing !== null && Buffer.compare(existing.space, space) === 0
    // An earlier attempt of this transaction was applied (1021): it published, or found a duplicate and doomed our space.
    if (applied) return !ours
    if (staged) await requireStaging(t, store, space)
    if (existing === null) {
      unstaged.forEach((value, i) => set(t, store.keys.chunk(space, chunks - unstaged.length + i), value))
      set(t, store.keys.blob(id), record)
    } else if (staged) {
      doom(t, store, space, chunks, 'blob')
    }
    if (staged) clear(t, store.keys.stagingOf(space))
    await addReference(t, store, id, reference)
    return existing !== null
  })
  if (duplicate && staged) await deleteSpace(db, store, space, chunks)
  onProgress?.({ bytes: size, storedBytes, done: true })
  return idHex
}

/** Fails a put whose staging gc collected (the put outlived gc's maxAgeMs). */
async function requireStaging(tx: Transaction, store: BStore, space: Uint8Array): Promise<void> {
  if ((await getStaging(tx, store, space)) === null) {
    throw new FoundError(ErrorCode.notFound, `bstore.put: the staging of this upload to store "${store.name}" was collected by gc (the put ran longer than gc's maxAgeMs)`)
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items
}
