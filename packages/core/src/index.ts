/**
 * `@foundkit/core`: FoundationDB-style transactions, the tuple encoding and
 * the embedded engine. The conveniences of the earlier clients (AStorage,
 * Elevator, napix) are in `@foundkit/core/compat`; the engines a conformance
 * suite runs on are in `@foundkit/core/testing`.
 *
 * @packageDocumentation
 */
export { FoundError, ErrorCode, isRetryable, isMaybeCommitted, isRetryableNotCommitted, type ErrorCodeValue } from './errors.js'
export { compareKeys, keyAfter, nextPrefix, range, prefixRange, type Bytes, type KeyRange } from './keys/bytes.js'
export { lt, lte, gt, gte, keySelector, isKeySelector, type KeySelector, type KeyOrSelector } from './keys/selector.js'
export type {
  Engine,
  EngineTransaction,
  EngineRangeOptions,
  KeyValue,
  MutationType,
  RangeBatch,
  StreamingMode,
  TransactionOptions,
  Watch,
} from './engine/types.js'
export { PackedPairs } from './engine/packed.js'
export { open, Database, type OpenOptions } from './api/database.js'
export { FAULT_KINDS, type FaultKind, type FaultOptions } from './engine/faults/options.js'
export type { TransactionHooks, TransactionStats } from './api/hooks.js'
export { Transaction, transaction, commit, cancel, reset, onError } from './api/transaction.js'
export { transactional, transactionalWith, type TransactionalOptions, type TransactionBody } from './api/transactional.js'
export { get, getKey, getMany } from './api/reads.js'
export { conflictingKeys } from './api/conflicting-keys.js'
export { set, clear } from './api/writes.js'
export { query, QueryResult, type QueryOptions } from './api/query.js'
export {
  add,
  bitAnd,
  bitOr,
  bitXor,
  appendIfFits,
  max,
  min,
  byteMax,
  byteMin,
  compareAndClear,
  setVersionstampedKey,
  setVersionstampedValue,
  littleEndian,
  readLittleEndian,
} from './api/atomic.js'
export {
  readVersion,
  setReadVersion,
  committedVersion,
  getVersionstamp,
  watch,
  addReadConflictRange,
  addWriteConflictRange,
  addReadConflictKey,
  addWriteConflictKey,
  getApproximateSize,
  getEstimatedRangeSizeBytes,
  getRangeSplitPoints,
} from './api/versions.js'
export { getAddressesForKey } from './api/locality.js'
export { nextUserVersion } from './api/user-version.js'
export { pack, packWithVersionstamp, unpack, compareTuples, Float32, Float64, float32, float64, Uuid, Versionstamp } from './tuple/index.js'
export type { TupleItem } from './tuple/index.js'
export { Subspace } from './subspace/index.js'
export {
  DirectoryLayer,
  DirectorySubspace,
  DirectoryPartition,
  directory,
  PARTITION_LAYER,
  type DirectoryPath,
  type DirectoryLayerOptions,
  type DirectoryOpenOptions,
  type DirectoryCreateOptions,
} from './directory/index.js'
export { bytesCodec, stringCodec, jsonCodec, jsonCodecOf, tupleCodec, type ValueCodec, type JsonValue } from './codec/index.js'
export { scanPage, scanAll, Scan, type ScanPage, type ScanPageOptions, type ScanOptions, type ScanStats } from './scan/index.js'
export { bulkWrite, BulkWriter, type BulkOperation, type BulkPut, type BulkDelete, type BulkClearRange, type BulkOptions, type BulkProgress, type DbOrTx, inTransaction, requireDbOrTx } from './bulk/index.js'
export { requireKnownOptions } from './options/index.js'
export { keepShape } from './shapes.js'
