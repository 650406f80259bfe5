import { ErrorCode, FoundError } from '../errors.js'
import { describe, keyAfter, requireBytes } from '../keys/bytes.js'
import type { Watch } from '../engine/types.js'
import { requireTransaction, type Transaction } from './transaction.js'

/**
 * The transaction's read version: the database version its reads see.
 * @example
 * ```ts
 * const v = await readVersion(tx)
 * ```
 */
export async function readVersion(tx: Transaction): Promise<bigint> {
  requireTransaction(tx, 'readVersion')
  return tx.engineTx.getReadVersion()
}

/**
 * Makes the transaction read at `version` (before any read). Versions older
 * than the 5-second window give 1007; versions from the future give 1009.
 * @example
 * ```ts
 * setReadVersion(tx2, await readVersion(tx1)) // read exactly what tx1 saw
 * ```
 */
export function setReadVersion(tx: Transaction, version: bigint): void {
  requireTransaction(tx, 'setReadVersion')
  if (typeof version !== 'bigint') throw new TypeError(`setReadVersion: version must be a bigint, got ${describe(version)}`)
  if (version <= 0n) throw new FoundError(ErrorCode.versionInvalid, 'setReadVersion: version must be positive (versions start at 1)')
  tx.engineTx.setReadVersion(version)
}

/**
 * The version the transaction committed at (after a successful commit); -1
 * for a read-only transaction.
 * @example
 * ```ts
 * await commit(tx); console.log(committedVersion(tx))
 * ```
 */
export function committedVersion(tx: Transaction): bigint {
  requireTransaction(tx, 'committedVersion')
  return tx.engineTx.getCommittedVersion()
}

/**
 * The 10-byte versionstamp of this transaction's commit. Ask before the
 * commit; the promise resolves after it succeeds. Return it from a
 * {@link transactional} body wrapped in an object: a body that returns the
 * promise itself would wait for it before committing, and never commit.
 * @example
 * ```ts
 * const { stamp } = await transactional(db, (tx) => {
 *   setVersionstampedKey(tx, packWithVersionstamp(['log', Versionstamp.incomplete()]), value)
 *   return { stamp: getVersionstamp(tx) }
 * })
 * console.log(await stamp) // 10 bytes
 * ```
 */
export function getVersionstamp(tx: Transaction): Promise<Uint8Array> {
  requireTransaction(tx, 'getVersionstamp')
  return tx.engineTx.getVersionstamp()
}

/**
 * Watches `key`: the returned {@link Watch}'s `promise` resolves after this
 * transaction commits and the key's value later changes. Cancel it with
 * `watch.cancel()`.
 * @example
 * ```ts
 * const w = await transactional(db, (tx) => watch(tx, key))
 * await w.promise // the key changed
 * ```
 */
export function watch(tx: Transaction, key: Uint8Array): Watch {
  requireTransaction(tx, 'watch')
  requireBytes(key, 'watch: key')
  return tx.engineTx.watch(key)
}

/**
 * Adds [begin, end) to the transaction's read conflict ranges: the commit
 * fails (1020) if another transaction wrote there after the read version.
 * @example `addReadConflictRange(tx, begin, end)`
 */
export function addReadConflictRange(tx: Transaction, begin: Uint8Array, end: Uint8Array): void {
  requireTransaction(tx, 'addReadConflictRange')
  tx.engineTx.addConflictRange('read', requireBytes(begin, 'addReadConflictRange: begin'), requireBytes(end, 'addReadConflictRange: end'))
}

/**
 * Adds [begin, end) to the transaction's write conflict ranges, as if it
 * wrote there: concurrent readers of that range will conflict.
 * @example `addWriteConflictRange(tx, begin, end)`
 */
export function addWriteConflictRange(tx: Transaction, begin: Uint8Array, end: Uint8Array): void {
  requireTransaction(tx, 'addWriteConflictRange')
  tx.engineTx.addConflictRange('write', requireBytes(begin, 'addWriteConflictRange: begin'), requireBytes(end, 'addWriteConflictRange: end'))
}

/** Adds one key as a read conflict. @example `addReadConflictKey(tx, key)` */
export function addReadConflictKey(tx: Transaction, key: Uint8Array): void {
  requireBytes(key, 'addReadConflictKey: key')
  addReadConflictRange(tx, key, keyAfter(key))
}

/** Adds one key as a write conflict. @example `addWriteConflictKey(tx, key)` */
export function addWriteConflictKey(tx: Transaction, key: Uint8Array): void {
  requireBytes(key, 'addWriteConflictKey: key')
  addWriteConflictRange(tx, key, keyAfter(key))
}

/**
 * Approximate size in bytes of the transaction so far (mutations and
 * conflict ranges); the commit fails with 2101 above 10,000,000.
 * @example `if (await getApproximateSize(tx) > 1e6) { ... split the work }`
 */
export function getApproximateSize(tx: Transaction): Promise<number> {
  requireTransaction(tx, 'getApproximateSize')
  return tx.engineTx.getApproximateSize()
}

/**
 * Keys that divide [begin, end) into chunks of about `chunkSize` bytes of
 * keys and values, `begin` and `end` included (FoundationDB 7's
 * `getRangeSplitPoints`): what a parallel export or bulk job uses to hand
 * each worker a range of similar size. The points are estimates from the
 * stored data; the transaction reads no keys and adds no read conflict.
 *
 * @param chunkSize - the wanted bytes per chunk, a positive integer
 * @throws TypeError for a key that is not bytes or a chunk size that is not a number;
 *   FoundError 2005 when `begin` is after `end`, 2006 for a chunk size below 1
 * @example
 * ```ts
 * const points = await getRangeSplitPoints(tx, begin, end, 10_000_000)
 * // [begin, k1, k2, ..., end]: read [points[i], points[i + 1]) in parallel
 * ```
 */
export function getRangeSplitPoints(tx: Transaction, begin: Uint8Array, end: Uint8Array, chunkSize: number): Promise<Uint8Array[]> {
  requireTransaction(tx, 'getRangeSplitPoints')
  requireBytes(begin, 'getRangeSplitPoints: begin')
  requireBytes(end, 'getRangeSplitPoints: end')
  if (typeof chunkSize !== 'number') throw new TypeError(`getRangeSplitPoints: chunkSize must be a number, got ${describe(chunkSize)}`)
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new FoundError(ErrorCode.invalidOptionValue, `getRangeSplitPoints: chunkSize must be a positive integer, got ${chunkSize}`)
  }
  return tx.engineTx.getRangeSplitPoints(begin, end, chunkSize)
}

/**
 * Estimated number of bytes stored in [begin, end).
 * @example `await getEstimatedRangeSizeBytes(tx, begin, end)`
 */
export function getEstimatedRangeSizeBytes(tx: Transaction, begin: Uint8Array, end: Uint8Array): Promise<number> {
  requireTransaction(tx, 'getEstimatedRangeSizeBytes')
  return tx.engineTx.getEstimatedRangeSizeBytes(
    requireBytes(begin, 'getEstimatedRangeSizeBytes: begin'),
    requireBytes(end, 'getEstimatedRangeSizeBytes: end'),
  )
}
