/**
 * `@foundkit/core/compat`: what the earlier key-value clients offered, on foundkit: AStorage /
 * AcapellaDB ({@link Entries}, {@link Tree}), Elevator ({@link Elevator},
 * {@link ElevatorDb}, {@link WriteBatch}) and napix ({@link Store},
 * {@link Counter}). For users migrating from those clients; new code uses
 * the found-style API of `@foundkit/core`. See `docs/coming-from.md`.
 *
 * ```ts
 * import { Elevator, Entries, Store } from '@foundkit/core/compat'
 * ```
 *
 * @packageDocumentation
 */
export { Entries } from './entries.js'
export type { Entry, EntryRangeOptions } from './entry.js'
export { EntryBatch } from './entry-batch.js'
export { Tree, Cursor } from './tree.js'
export { Elevator, type ElevatorOptions } from './elevator.js'
export { ElevatorDb } from './elevator-db.js'
export { WriteBatch, type WriteBatchOptions } from './elevator-batch.js'
export { Store } from './napix-store.js'
export { Counter, type CounterUpdateOptions } from './napix-counter.js'
export type { NapixOptions } from './napix-options.js'
