import type { KeySelector } from '../keys/selector.js'
import type { PackedPairs } from './packed.js'

/**
 * The engine interface: what a storage engine gives foundkit. The embedded
 * engine (memory or durable) and the FoundationDB driver implement it; a user
 * can plug in another. Layers and user code never call an engine directly:
 * they use the found-style functions (`get`, `set`, `query`, ...) which
 * validate arguments and then call these methods.
 *
 * Every method takes already validated arguments: keys and values are
 * `Uint8Array`, selectors are {@link KeySelector}s, and limits are numbers.
 *
 * @module
 */

/** A key and its value, as range reads return them. */
export type KeyValue = [key: Uint8Array, value: Uint8Array]

/**
 * One batch of a range read, as an engine yields it: a plain array of pairs
 * will do. An engine may instead make each pair only when it is asked for
 * (the embedded engine does: a batch then holds references to its stored,
 * immutable data, and the copies a caller gets are made one at a time, which
 * keeps many concurrent scans from filling the young heap).
 */
export interface RangeBatch {
  /** How many pairs the batch holds (never 0). */
  readonly length: number
  /** Pair `index` (0 ≤ index < length), which the caller owns. */
  at(index: number): KeyValue | undefined
  /**
   * The whole batch copied into one {@link PackedPairs}. Optional: without
   * it, `query(...).byPackedBatch()` packs the pairs from {@link at}.
   */
  pack?(): PackedPairs
}

/**
 * How a range read fetches its batches, as FoundationDB's streaming modes.
 * Engines may treat them as hints about batch size.
 */
export type StreamingMode = 'want_all' | 'iterator' | 'exact' | 'small' | 'medium' | 'large' | 'serial'

/** The atomic operations, named as in FoundationDB's bindings (operands little-endian). */
export type MutationType =
  | 'add'
  | 'bitAnd'
  | 'bitOr'
  | 'bitXor'
  | 'appendIfFits'
  | 'max'
  | 'min'
  | 'byteMin'
  | 'byteMax'
  | 'compareAndClear'
  | 'setVersionstampedKey'
  | 'setVersionstampedValue'

/** Options of one range read on an engine. */
export interface EngineRangeOptions {
  /** Stop after this many pairs; 0 means no limit. */
  readonly limit: number
  /** Walk the range from its end down to its beginning. */
  readonly reverse: boolean
  /** Streaming mode hint. */
  readonly mode: StreamingMode
  /** Snapshot read: adds no read conflict range. */
  readonly snapshot: boolean
}

/** A watch on one key: `promise` resolves once the key's value changes. */
export interface Watch {
  /** Resolves after the key's value has changed from what the transaction saw; rejects if the transaction failed or was cancelled. */
  readonly promise: Promise<void>
  /** Stops watching; `promise` then rejects with FoundError 1025 (transaction_cancelled). */
  cancel(): void
}

/** Per-transaction options, FoundationDB's names. */
export interface TransactionOptions {
  /** Milliseconds after which the transaction fails with 1031 (transaction_timed_out); 0 = none. */
  timeout?: number
  /** How many times `transactional` retries before giving up; -1 (the default) = no limit. */
  retryLimit?: number
  /** Longest backoff between retries, in milliseconds (default 1000). */
  maxRetryDelay?: number
  /** Allows reading and writing keys that begin with 0xff (the system keyspace). */
  accessSystemKeys?: boolean
  /** Allows reading keys that begin with 0xff. */
  readSystemKeys?: boolean
  /** Fail with 2101 above this many bytes (mutations + conflict ranges); at most 10,000,000. */
  sizeLimit?: number
  /**
   * One-shot: the next write (set, clear, clear range or atomic operation)
   * adds no write conflict range. Not kept as an option afterwards.
   */
  nextWriteNoWriteConflictRange?: boolean
  /**
   * Reads do not see this transaction's own writes: they return the value
   * at the read version (FoundationDB's read_your_writes_disable). Must be
   * set before the first read or write (FoundError 2000 otherwise).
   */
  readYourWritesDisable?: boolean
  /**
   * Snapshot reads see this transaction's own writes (the default).
   * FoundationDB counts these: each enable undoes one disable.
   */
  snapshotRywEnable?: boolean
  /** Snapshot reads do not see this transaction's own writes (FoundationDB's snapshot_ryw_disable). */
  snapshotRywDisable?: boolean
  /**
   * A name for tracing this transaction (FoundationDB's
   * debug_transaction_identifier, at most 100 characters): `transactional`
   * puts it on the transaction's stats (`stats.name`) for the hooks.
   */
  debugTransactionIdentifier?: string
  /**
   * Asks for this transaction to be logged (FoundationDB's log_transaction,
   * to the client trace files): here `stats.logged` tells the hooks to log it.
   */
  logTransaction?: boolean
  /**
   * After a commit fails with 1020, its conflicting read ranges are readable
   * under `\xff\xff/transaction/conflicting_keys/` (FoundationDB's
   * report_conflicting_keys); `conflictingKeys(tx)` reads them.
   */
  reportConflictingKeys?: boolean
  /**
   * This transaction's idempotency id (FoundationDB 7.3's idempotency_id):
   * 16 to 255 bytes (a string counts its UTF-8 bytes). When a commit's
   * result is lost (1021, commit_unknown_result), the engine finds out
   * whether the commit was applied by looking the id up among recent
   * commits: applied, the commit is reported done; not applied, it fails
   * with 1007 (transaction_too_old), which is retried. It names one
   * transaction: it is not a deduplication key for separate transactions.
   */
  idempotencyId?: Uint8Array | string
  /**
   * A random 16-byte idempotency id for each attempt (FoundationDB 7.3's
   * automatic_idempotency): the commit never fails with 1021, so a retry
   * loop never applies the transaction twice.
   */
  automaticIdempotency?: boolean
}

/** One transaction on an engine. Its semantics are FoundationDB's. */
export interface EngineTransaction {
  /** Reads one key; null when absent. */
  get(key: Uint8Array, snapshot: boolean): Promise<Uint8Array | null>
  /** Resolves a key selector to a key. */
  getKey(selector: KeySelector, snapshot: boolean): Promise<Uint8Array>
  /** Reads the range between two selectors in batches (each batch non-empty). */
  getRange(begin: KeySelector, end: KeySelector, options: EngineRangeOptions): AsyncIterable<RangeBatch>
  /** Sets `key` to `value`. */
  set(key: Uint8Array, value: Uint8Array): void
  /** Clears one key. */
  clear(key: Uint8Array): void
  /** Clears every key in [begin, end). */
  clearRange(begin: Uint8Array, end: Uint8Array): void
  /** Applies an atomic operation to `key`. */
  atomic(type: MutationType, key: Uint8Array, param: Uint8Array): void
  /** Adds a read or write conflict range [begin, end). */
  addConflictRange(kind: 'read' | 'write', begin: Uint8Array, end: Uint8Array): void
  /** The read version of the transaction (obtained on first use). */
  getReadVersion(): Promise<bigint>
  /** Sets the read version explicitly (before any read). */
  setReadVersion(version: bigint): void
  /** Commits. Resolves once the commit is durable; rejects with a FoundError. */
  commit(): Promise<void>
  /** The version the transaction committed at (after commit). */
  getCommittedVersion(): bigint
  /** The 10-byte versionstamp of the commit; resolves after a successful commit. */
  getVersionstamp(): Promise<Uint8Array>
  /** Watches `key`; the watch starts when the transaction commits. */
  watch(key: Uint8Array): Watch
  /**
   * Handles an error raised in the transaction: when it is retryable, waits the
   * backoff delay and resets the transaction for another attempt; otherwise
   * rethrows it.
   */
  onError(error: unknown): Promise<void>
  /** Discards everything the transaction did and starts it over (options kept). */
  reset(): void
  /** Cancels the transaction; later operations fail with 1025. */
  cancel(): void
  /** Approximate size in bytes of the mutations and conflict ranges so far. */
  getApproximateSize(): Promise<number>
  /** Estimated number of bytes stored in [begin, end). */
  getEstimatedRangeSizeBytes(begin: Uint8Array, end: Uint8Array): Promise<number>
  /** Keys that split [begin, end) into chunks of about `chunkSize` bytes, `begin` and `end` included. */
  getRangeSplitPoints(begin: Uint8Array, end: Uint8Array, chunkSize: number): Promise<Uint8Array[]>
  /** Sets options on this transaction. */
  setOptions(options: TransactionOptions): void
  /**
   * Optional, for engines that remember idempotency ids (the embedded
   * engine): whether this attempt's commit was applied, found by the
   * attempt's idempotency id among the commits since its read version (what
   * FoundationDB's client asks the cluster when a commit's reply is lost);
   * null when the attempt has no idempotency id.
   */
  committedById?(): boolean | null
  /**
   * Optional, for engines with storage servers (FoundationDB): the addresses
   * of the servers that hold `key`. Without it `getAddressesForKey` is refused.
   */
  getAddressesForKey?(key: Uint8Array): Promise<string[]>
}

/** A storage engine: hands out transactions. */
export interface Engine {
  /** A short name: "memory", "durable", "fdb", or a plug-in's own. */
  readonly kind: string
  /** Starts a new transaction. */
  createTransaction(options?: TransactionOptions): EngineTransaction
  /** Closes the engine; pending commits settle first. */
  close(): Promise<void>
}
