/**
 * Chunk spaces that no blob uses: staged uploads and the chunks of removed
 * or duplicate blobs, deleted across as many transactions as they need.
 *
 * @module
 */
import { clear, get, pack, set, transactional, unpack, type Database, type Transaction } from '@foundkit/core'
import type { BStore } from './store.js'

/** What a staging record holds: when the upload began and how many chunks it has written. @internal */
export interface StagingState {
  readonly startedAtMs: number
  readonly chunks: number
}

/** Writes the staging record of an upload. @internal */
export function setStaging(tx: Transaction, store: BStore, space: Uint8Array, state: StagingState): void {
  set(tx, store.keys.stagingOf(space), pack([state.startedAtMs, state.chunks]))
}

/** Reads the staging record of an upload, or null when there is none (published, or collected). @internal */
export async function getStaging(tx: Transaction, store: BStore, space: Uint8Array): Promise<StagingState | null> {
  const value = await get(tx, store.keys.stagingOf(space))
  return value === null ? null : decodeStaging(value)
}

/** Decodes a staging record's value. @internal */
export function decodeStaging(value: Uint8Array): StagingState {
  const [startedAtMs, chunks] = unpack(value) as [number, number]
  return { startedAtMs, chunks }
}

/** Why a space is doomed: its blob was removed (or was a duplicate), or its upload was abandoned. @internal */
export type DoomedKind = 'blob' | 'staging'

/** Marks a space for deletion (its chunks belong to no blob). @internal */
export function doom(tx: Transaction, store: BStore, space: Uint8Array, chunks: number, kind: DoomedKind): void {
  set(tx, store.keys.doomedOf(space), pack([chunks, kind === 'staging' ? 1 : 0]))
}

/** Decodes a doomed record's value: how many chunks, and why. @internal */
export function decodeDoomed(value: Uint8Array): { chunks: number; kind: DoomedKind } {
  const [chunks, kind] = unpack(value) as [number, number]
  return { chunks, kind: kind === 1 ? 'staging' : 'blob' }
}

/**
 * Deletes the chunks of a doomed space, `removeChunkLimit` (at least 1,000)
 * chunks per transaction, then its doomed record. Each step is a range clear:
 * re-running one is harmless.
 * @internal
 */
export async function deleteSpace(db: Database, store: BStore, space: Uint8Array, chunks: number): Promise<void> {
  const step = Math.max(1_000, store.options.removeChunkLimit)
  let from = 0
  for (; from + step < chunks; from += step) {
    const begin = store.keys.chunk(space, from)
    const end = store.keys.chunk(space, from + step)
    await transactional(db, (t) => clear(t, begin, end))
  }
  const begin = store.keys.chunk(space, from)
  const { end } = store.keys.chunkRange(space)
  const marker = store.keys.doomedOf(space)
  await transactional(db, (t) => {
    clear(t, begin, end)
    clear(t, marker)
  })
}
