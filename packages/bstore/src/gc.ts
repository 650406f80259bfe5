/**
 * `gc`: deletes what no blob uses any more.
 *
 * @module
 */
import { Database, clear, get, requireKnownOptions, scanAll, transactional, unpack } from '@foundkit/core'
import { describeValue } from './ids.js'
import { decodeDoomed, decodeStaging, deleteSpace, doom, getStaging } from './spaces.js'
import { requireStore, type BStore } from './store.js'

/**
 * Options of {@link gc}.
 *
 * @example
 * ```ts
 * await bstore.gc(db, files, { maxAgeMs: 60 * 60 * 1000 }) // uploads idle for an hour
 * ```
 */
export interface GcOptions {
  /**
   * Staging (an upload's chunks, not yet published) whose upload began at
   * least this long ago is deleted, and so are removal records this old.
   * Default: 24 hours. Set it well above your longest `put`: a put whose
   * staging is collected fails.
   * @example
   * ```ts
   * await bstore.gc(db, files, { maxAgeMs: 0 }) // every staging area, now (no put may be running)
   * ```
   */
  readonly maxAgeMs?: number
}

/**
 * What {@link gc} deleted.
 *
 * @example
 * ```ts
 * const { staging, blobs, removals } = await bstore.gc(db, files)
 * ```
 */
export interface GcResult {
  /** Abandoned uploads whose staged chunks were deleted. */
  readonly staging: number
  /** Removed (or duplicate) blobs whose chunks were deleted. */
  readonly blobs: number
  /** Old removal records (left by `remove` calls made with a Transaction) deleted. */
  readonly removals: number
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Deletes, across as many transactions as it takes: the staged chunks of
 * uploads that began at least `maxAgeMs` ago and were never published
 * (an interrupted or aborted {@link put}); the chunks of blobs whose last
 * reference `remove` dropped but that were too large to delete in its
 * transaction; and removal records older than `maxAgeMs`. Safe to run at
 * any time, concurrently with any other operation, and to re-run after
 * an interruption.
 *
 * @param db - the database
 * @param store - the store
 * @param options - `maxAgeMs`
 * @returns how many of each it deleted
 * @throws TypeError for arguments of the wrong type
 * @example
 * ```ts
 * setInterval(() => void bstore.gc(db, files), 60 * 60 * 1000)
 * ```
 */
export async function gc(db: Database, store: BStore, options?: GcOptions): Promise<GcResult> {
  const what = 'bstore.gc'
  if (!(db instanceof Database)) throw new TypeError(`${what}: the first argument must be a Database (gc spans transactions), got ${describeValue(db)}`)
  requireStore(store, what)
  const { maxAgeMs = DAY_MS } = requireKnownOptions(what, options, ['maxAgeMs'])
  if (typeof maxAgeMs !== 'number' || !Number.isSafeInteger(maxAgeMs) || maxAgeMs < 0) {
    throw new TypeError(`${what}: maxAgeMs must be a non-negative integer, got ${describeValue(maxAgeMs)}`)
  }
  const cutoff = Date.now() - maxAgeMs
  const { keys } = store

  // Old staging becomes doomed first, in a transaction that re-reads it: a live put that touched it meanwhile conflicts.
  for await (const [key, value] of scanAll(db, keys.staging.range().begin, keys.staging.range().end)) {
    if (decodeStaging(value).startedAtMs > cutoff) continue
    const space = keys.staging.unpack(key)[0] as Uint8Array
    await transactional(db, async (t) => {
      const state = await getStaging(t, store, space)
      if (state === null || state.startedAtMs > cutoff) return
      clear(t, key)
      doom(t, store, space, state.chunks, 'staging')
    })
  }

  let staging = 0
  let blobs = 0
  for await (const [key, value] of scanAll(db, keys.doomed.range().begin, keys.doomed.range().end)) {
    const space = keys.doomed.unpack(key)[0] as Uint8Array
    const { chunks, kind } = decodeDoomed(value)
    await deleteSpace(db, store, space, chunks)
    if (kind === 'staging') staging++
    else blobs++
  }

  let removals = 0
  for await (const [key, value] of scanAll(db, keys.removals.range().begin, keys.removals.range().end)) {
    const [, atMs] = unpack(value) as [Uint8Array, number]
    if (atMs > cutoff) continue
    await transactional(db, async (t) => {
      if ((await get(t, key)) !== null) clear(t, key)
    })
    removals++
  }
  return { staging, blobs, removals }
}
