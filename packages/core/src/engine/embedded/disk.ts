import { ErrorCode, FoundError } from '../../errors.js'
import type { Key } from './keyspace.js'

/**
 * A consistent view of the disk as it was when it was taken, held open
 * while someone may read from it (reference counted; closed when unused:
 * an open snapshot keeps LevelDB from compacting away what it shows).
 *
 * @internal
 */
export interface DiskSnapshot {
  /** The value of `key` in the snapshot; undefined when absent. */
  read(key: Key): Buffer | undefined
  ref(): void
  unref(): void
}

/**
 * Where committed changes go to be durable (values evicted from memory are
 * read back through the `DiskRead` function the live data was made with, and
 * older ones through snapshots).
 *
 * @internal
 */
export interface Persister {
  /** Writes the changed keys (null: deleted) and the new version atomically and durably. */
  write(changes: Map<Key, Buffer | null>, version: number): Promise<void>
  /** A snapshot of the disk as it is now. */
  snapshot(): DiskSnapshot
  close(): Promise<void>
}

/**
 * The error for a value the engine knows is on disk but that is not there
 * (`what` says which value): corrupt data, never a silent "absent".
 *
 * @internal
 */
export function missingOnDisk(key: Key, what: string): FoundError {
  return new FoundError(ErrorCode.corruptData, `${what} is missing on disk (key ${Buffer.from(key, 'latin1').toString('hex')})`)
}
