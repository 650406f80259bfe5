import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { Database } from '../api/database.js'
import type { Transaction } from '../api/transaction.js'
import { clear, set } from '../api/writes.js'
import { runChunks, type BulkOptions, type BulkProgress, type ChunkPlan } from './chunks.js'

/**
 * One write of a bulk write: set a key (`put`), clear a key (`delete`), or
 * clear every key in [begin, end) (`clearRange`).
 * @example
 * ```ts
 * const ops: BulkOperation[] = [
 *   { type: 'put', key: pack(['a']), value: Buffer.from('1') },
 *   { type: 'delete', key: pack(['b']) },
 *   { type: 'clearRange', begin: pack(['tmp']), end: pack(['tmq']) },
 * ]
 * ```
 */
export type BulkOperation = BulkPut | BulkDelete | BulkClearRange

/** Sets `key` to `value`. */
export interface BulkPut {
  /** The kind of operation. */
  readonly type: 'put'
  /** The key to set. */
  readonly key: Uint8Array
  /** Its new value. */
  readonly value: Uint8Array
}

/** Clears one key. */
export interface BulkDelete {
  /** The kind of operation. */
  readonly type: 'delete'
  /** The key to clear. */
  readonly key: Uint8Array
}

/** Clears every key in [begin, end). */
export interface BulkClearRange {
  /** The kind of operation. */
  readonly type: 'clearRange'
  /** First key cleared. */
  readonly begin: Uint8Array
  /** First key kept after the range. */
  readonly end: Uint8Array
}

const KEY_LIMIT = 10_000
const VALUE_LIMIT = 100_000
/** What a mutation costs beyond its bytes (FoundationDB's per-mutation overhead, rounded up). */
const OVERHEAD = 32

function checkKey(key: unknown, what: string, systemKeys: boolean, isRangeEnd = false): Uint8Array {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array (or Buffer), got ${describe(key)}`)
  if (key.length > KEY_LIMIT) throw new FoundError(ErrorCode.keyTooLarge, `${what} is ${key.length} bytes; the limit is ${KEY_LIMIT}`)
  const illegal = isRangeEnd ? key.length > 1 && key[0] === 0xff : key[0] === 0xff
  if (illegal && !systemKeys) {
    throw new FoundError(ErrorCode.keyOutsideLegalRange, `${what} starts with 0xff, the system keyspace; set the accessSystemKeys option to write there`)
  }
  return key
}

/** Validates one operation (`index` names it in messages). @internal */
export function checkOperation(op: unknown, index: number, what: string, systemKeys: boolean): BulkOperation {
  const at = `${what}: operation #${index}`
  if (typeof op !== 'object' || op === null) throw new TypeError(`${at} must be an object, got ${describe(op)}`)
  const o = op as Record<string, unknown>
  switch (o['type']) {
    case 'put': {
      checkKey(o['key'], `${at} (put): key`, systemKeys)
      const value = o['value']
      if (!(value instanceof Uint8Array)) throw new TypeError(`${at} (put): value must be a Uint8Array (or Buffer), got ${describe(value)}`)
      if (value.length > VALUE_LIMIT) throw new FoundError(ErrorCode.valueTooLarge, `${at} (put): value is ${value.length} bytes; the limit is ${VALUE_LIMIT}`)
      return op as BulkOperation
    }
    case 'delete':
      checkKey(o['key'], `${at} (delete): key`, systemKeys)
      return op as BulkOperation
    case 'clearRange': {
      const begin = checkKey(o['begin'], `${at} (clearRange): begin`, systemKeys)
      const end = checkKey(o['end'], `${at} (clearRange): end`, systemKeys, true)
      if (Buffer.compare(begin, end) > 0) throw new FoundError(ErrorCode.invertedRange, `${at} (clearRange): begin sorts after end`)
      return op as BulkOperation
    }
    default:
      throw new TypeError(`${at}: type must be 'put', 'delete' or 'clearRange', got ${describe(o['type'])}`)
  }
}

/** Estimated transaction bytes of one operation (mutation + write conflict range). @internal */
export function operationBytes(op: BulkOperation): number {
  switch (op.type) {
    case 'put':
      return 2 * op.key.length + op.value.length + OVERHEAD
    case 'delete':
      return 2 * op.key.length + OVERHEAD
    case 'clearRange':
      return 2 * (op.begin.length + op.end.length) + OVERHEAD
  }
}

/** Applies operations to `tx`, in order. @internal */
export function applyOperations(tx: Transaction, ops: readonly BulkOperation[]): void {
  for (const op of ops) {
    if (op.type === 'put') set(tx, op.key, op.value)
    else if (op.type === 'delete') clear(tx, op.key)
    else clear(tx, op.begin, op.end)
  }
}

/**
 * Writes any number of operations, split into as many transactions as their
 * size needs (each well under FoundationDB's 10,000,000 bytes and quickly
 * committed, far from the 5-second lifetime), committed one after another
 * in order. Each transaction is retried on conflicts as {@link transactional}
 * does; the operations are idempotent, so a retry is harmless.
 *
 * Not atomic as a whole: should it fail, the transactions already committed
 * stay (the error says how many operations that was). An array is checked in
 * full before anything is written, so bad input in an array writes nothing;
 * other iterables (generators, streams) are checked as they are read.
 *
 * @param db - the database
 * @param operations - an array or any (async) iterable of {@link BulkOperation}s
 * @returns the totals: operations, transactions, bytes
 * @throws TypeError for a malformed operation (the message gives its index)
 * @throws FoundError keyTooLarge, valueTooLarge, keyOutsideLegalRange, invertedRange for an operation FoundationDB would refuse
 * @example
 * ```ts
 * function* rows() {
 *   for (let i = 0; i < 1_000_000; i++) yield { type: 'put', key: pack(['row', i]), value: Buffer.alloc(100) } as const
 * }
 * const done = await bulkWrite(db, rows(), { onProgress: (p) => console.log(p.operations) })
 * console.log(`${done.operations} rows in ${done.transactions} transactions`)
 * ```
 */
export async function bulkWrite(
  db: Database,
  operations: Iterable<BulkOperation> | AsyncIterable<BulkOperation>,
  options: BulkOptions = {},
): Promise<BulkProgress> {
  if (!(db instanceof Database)) throw new TypeError(`bulkWrite: db must be a Database, got ${describe(db)}`)
  return runChunks(db, operations, operationPlan('bulkWrite', db), options)
}

/** The chunk plan of plain operations. @internal */
export function operationPlan(what: string, db: Database): ChunkPlan<BulkOperation> {
  const systemKeys = db.transactionOptions.accessSystemKeys === true
  return {
    what,
    check: (op, i) => checkOperation(op, i, what, systemKeys),
    sizeOf: operationBytes,
    apply: applyOperations,
  }
}
