/**
 * The FoundationDB engine: foundkit's `Engine` / `EngineTransaction` mapped
 * onto the `foundationdb` npm binding, with raw byte keys and values (the
 * binding's root subspace and identity encoders; foundkit's tuple layer runs
 * above this one).
 *
 * Only types come from the binding here (`import type`); the binding's
 * values reach this module through the `Database` handed to the constructor.
 *
 * @module
 */
import type { Database, Transaction as FdbTransactionHandle } from 'foundationdb'
import { ErrorCode, FoundError } from '../../errors.js'
import { asBuffer } from '../../keys/bytes.js'
import type { KeySelector } from '../../keys/selector.js'
import type {
  Engine,
  EngineRangeOptions,
  EngineTransaction,
  KeyValue,
  MutationType,
  RangeBatch,
  TransactionOptions,
  Watch,
} from '../types.js'
import { toFoundError } from './error-map.js'
import { mutationTypeCode, toBindingRangeOptions, toBindingSelector } from './mapping.js'
import { onErrorFailure, planOnError } from './retry.js'
import {
  mergeTransactionOptions,
  optionsToReapply,
  transactionOptionsToNative,
  type NativeOption,
} from './transaction-options.js'
import { versionFromBytes, versionToBytes } from './version.js'
import { adaptWatch } from './watch.js'

/** The binding's database at its root subspace with its default (raw byte) encoders. */
type RawDatabase = Database
/** A binding transaction at the root subspace with raw byte keys and values. */
type RawTransaction = FdbTransactionHandle

const EMPTY = Buffer.alloc(0)
const noop = (): void => {}

/** What a transaction needs from its engine. */
interface EngineHooks {
  /** Throws FoundError 9009 (databaseClosed) when the engine is closed. */
  assertOpen(operation: string): void
  /** Tracks a commit so `close()` can wait for it. */
  track(commit: Promise<unknown>): void
}

/**
 * The FoundationDB engine. Create it with `openFdbEngine`.
 * @internal
 */
export class FdbEngine implements Engine {
  readonly kind = 'fdb'
  readonly #db: RawDatabase
  readonly #defaults: TransactionOptions
  readonly #pending = new Set<Promise<unknown>>()
  #closed = false
  #closing: Promise<void> | undefined
  readonly #hooks: EngineHooks

  constructor(db: RawDatabase, defaults: TransactionOptions) {
    this.#db = db
    this.#defaults = defaults
    this.#hooks = {
      assertOpen: (operation) => {
        if (this.#closed) {
          throw new FoundError(ErrorCode.databaseClosed, `${operation}: the FoundationDB engine was closed`)
        }
      },
      track: (commit) => {
        const settled = commit.then(noop, noop)
        this.#pending.add(settled)
        void settled.then(() => this.#pending.delete(settled))
      },
    }
  }

  createTransaction(options?: TransactionOptions): EngineTransaction {
    this.#hooks.assertOpen('createTransaction')
    const effective = mergeTransactionOptions(this.#defaults, options)
    const natives = transactionOptionsToNative(effective)
    let tn: RawTransaction
    try {
      tn = this.#db.rawCreateTransaction()
    } catch (error) {
      throw toFoundError(error, 'createTransaction')
    }
    return new FdbEngineTransaction(tn, effective, natives, this.#hooks)
  }

  close(): Promise<void> {
    this.#closing ??= this.#close()
    return this.#closing
  }

  async #close(): Promise<void> {
    this.#closed = true
    // Pending commits settle first; the transactions keep their own
    // reference to the database in the client, but we wait anyway.
    while (this.#pending.size > 0) await Promise.all([...this.#pending])
    try {
      this.#db.close()
    } catch (error) {
      throw toFoundError(error, 'close')
    }
  }
}

/**
 * One transaction on the FoundationDB engine.
 * @internal
 */
export class FdbEngineTransaction implements EngineTransaction {
  readonly #tn: RawTransaction
  #snapshotTn: RawTransaction | undefined
  readonly #hooks: EngineHooks
  /** The options in force, as foundkit sees them (kept across reset and onError). */
  #options: TransactionOptions
  #committed = false
  #stamp: Promise<Buffer> | undefined
  /**
   * Whether the transaction has a read version (a read, getReadVersion or
   * setReadVersion happened). FoundationDB reports a late setReadVersion
   * only at the next operation; foundkit refuses it at the call.
   */
  #hasReadVersion = false

  constructor(tn: RawTransaction, options: TransactionOptions, natives: readonly NativeOption[], hooks: EngineHooks) {
    this.#tn = tn
    this.#options = options
    this.#hooks = hooks
    this.#apply(natives, 'createTransaction')
  }

  #reader(snapshot: boolean): RawTransaction {
    if (!snapshot) return this.#tn
    this.#snapshotTn ??= this.#tn.snapshot()
    return this.#snapshotTn
  }

  #apply(natives: readonly NativeOption[], operation: string): void {
    try {
      for (const option of natives) this.#tn.setOption(option.code, option.value ?? undefined)
    } catch (error) {
      throw toFoundError(error, operation)
    }
  }

  async get(key: Uint8Array, snapshot: boolean): Promise<Uint8Array | null> {
    this.#hasReadVersion = true
    try {
      const value = await this.#reader(snapshot).get(asBuffer(key))
      return value ?? null
    } catch (error) {
      throw toFoundError(error, 'get')
    }
  }

  async getKey(selector: KeySelector, snapshot: boolean): Promise<Uint8Array> {
    const sel = toBindingSelector(selector)
    this.#hasReadVersion = true
    try {
      // The binding reports the empty key (a selector resolved before the
      // first key) as undefined; foundkit returns it as empty bytes.
      const key = await this.#reader(snapshot).getKey(sel)
      return key ?? EMPTY
    } catch (error) {
      throw toFoundError(error, 'getKey')
    }
  }

  getRange(begin: KeySelector, end: KeySelector, options: EngineRangeOptions): AsyncIterable<RangeBatch> {
    // Map (and validate) synchronously, so a bad argument fails at the call.
    const b = toBindingSelector(begin)
    const e = toBindingSelector(end)
    const rangeOptions = toBindingRangeOptions(options)
    const reader = this.#reader(options.snapshot)
    this.#hasReadVersion = true
    return {
      [Symbol.asyncIterator]: () => streamRange(reader, b, e, rangeOptions),
    }
  }

  set(key: Uint8Array, value: Uint8Array): void {
    try {
      this.#tn.set(asBuffer(key), asBuffer(value))
    } catch (error) {
      throw toFoundError(error, 'set')
    }
  }

  clear(key: Uint8Array): void {
    try {
      this.#tn.clear(asBuffer(key))
    } catch (error) {
      throw toFoundError(error, 'clear')
    }
  }

  clearRange(begin: Uint8Array, end: Uint8Array): void {
    try {
      this.#tn.clearRange(asBuffer(begin), asBuffer(end))
    } catch (error) {
      throw toFoundError(error, 'clearRange')
    }
  }

  atomic(type: MutationType, key: Uint8Array, param: Uint8Array): void {
    const code = mutationTypeCode(type)
    try {
      // The native entry point: key and operand go to the client byte for
      // byte (versionstamp offsets included), without any encoder.
      this.#tn.atomicOpNative(code, asBuffer(key), asBuffer(param))
    } catch (error) {
      throw toFoundError(error, `atomic ${type}`)
    }
  }

  addConflictRange(kind: 'read' | 'write', begin: Uint8Array, end: Uint8Array): void {
    try {
      if (kind === 'read') this.#tn.addReadConflictRange(asBuffer(begin), asBuffer(end))
      else if (kind === 'write') this.#tn.addWriteConflictRange(asBuffer(begin), asBuffer(end))
      else throw new FoundError(ErrorCode.invalidArgument, `conflict range kind must be 'read' or 'write'`)
    } catch (error) {
      throw toFoundError(error, 'addConflictRange')
    }
  }

  async getReadVersion(): Promise<bigint> {
    this.#hasReadVersion = true
    try {
      return versionFromBytes(await this.#tn.getReadVersion())
    } catch (error) {
      throw toFoundError(error, 'getReadVersion')
    }
  }

  setReadVersion(version: bigint): void {
    const bytes = versionToBytes(version)
    if (this.#hasReadVersion) {
      throw new FoundError(
        ErrorCode.readVersionAlreadySet,
        'setReadVersion: the transaction already has a read version (set it before any read)',
      )
    }
    try {
      this.#tn.setReadVersion(bytes)
    } catch (error) {
      throw toFoundError(error, 'setReadVersion')
    }
    this.#hasReadVersion = true
  }

  async commit(): Promise<void> {
    this.#hooks.assertOpen('commit')
    // FoundationDB hands out the versionstamp only to a request made before
    // the commit starts (afterwards it fails with 2017 used_during_commit);
    // ask now so getVersionstamp() also works once commit() has resolved.
    if (this.#stamp === undefined) {
      try {
        this.#stamp = this.#requestVersionstamp()
      } catch {
        // getVersionstamp() will ask again and report the error.
      }
    }
    let commit: Promise<void>
    try {
      commit = this.#tn.rawCommit()
    } catch (error) {
      throw toFoundError(error, 'commit')
    }
    this.#hooks.track(commit)
    try {
      await commit
    } catch (error) {
      throw toFoundError(error, 'commit')
    }
    this.#committed = true
  }

  getCommittedVersion(): bigint {
    if (!this.#committed) {
      throw new FoundError(
        ErrorCode.noCommitVersion,
        'getCommittedVersion: the transaction has not committed (call it after commit() resolves)',
      )
    }
    try {
      // -1 for a read-only transaction, as FoundationDB reports it.
      return versionFromBytes(this.#tn.getCommittedVersion())
    } catch (error) {
      throw toFoundError(error, 'getCommittedVersion')
    }
  }

  #requestVersionstamp(): Promise<Buffer> {
    // The binding attaches a no-op catch to this promise, so an unused
    // rejection (a read-only commit: 2021) is not reported as unhandled.
    return this.#tn.getVersionstamp().promise
  }

  async getVersionstamp(): Promise<Uint8Array> {
    try {
      this.#stamp ??= this.#requestVersionstamp()
      return await this.#stamp
    } catch (error) {
      throw toFoundError(error, 'getVersionstamp')
    }
  }

  watch(key: Uint8Array): Watch {
    let handle: ReturnType<RawTransaction['watch']>
    try {
      // throwAllErrors: a failed, reset or cancelled transaction rejects the
      // watch instead of resolving it with `false`.
      handle = this.#tn.watch(asBuffer(key), { throwAllErrors: true })
    } catch (error) {
      throw toFoundError(error, 'watch')
    }
    return adaptWatch(handle)
  }

  async onError(error: unknown): Promise<void> {
    const plan = planOnError(error)
    if (plan.kind === 'rethrow') throw error
    try {
      // The client's own retry logic (fdb_transaction_on_error): it knows
      // which codes are retryable, waits its exponential backoff (capped by
      // max_retry_delay), enforces retry_limit and timeout, and resets the
      // transaction.
      await this.#tn.rawOnError(plan.code)
    } catch (rejection) {
      throw onErrorFailure(plan, rejection)
    }
    this.#afterReset()
    this.#apply(optionsToReapply(this.#options, 'onError'), 'onError')
  }

  reset(): void {
    try {
      this.#tn.rawReset()
    } catch (error) {
      throw toFoundError(error, 'reset')
    }
    this.#afterReset()
    this.#apply(optionsToReapply(this.#options, 'reset'), 'reset')
  }

  #afterReset(): void {
    this.#committed = false
    this.#stamp = undefined
    this.#hasReadVersion = false
  }

  cancel(): void {
    try {
      this.#tn.rawCancel()
    } catch (error) {
      throw toFoundError(error, 'cancel')
    }
  }

  async getApproximateSize(): Promise<number> {
    try {
      return await this.#tn.getApproximateSize()
    } catch (error) {
      throw toFoundError(error, 'getApproximateSize')
    }
  }

  async getEstimatedRangeSizeBytes(begin: Uint8Array, end: Uint8Array): Promise<number> {
    try {
      return await this.#tn.getEstimatedRangeSizeBytes(asBuffer(begin), asBuffer(end))
    } catch (error) {
      throw toFoundError(error, 'getEstimatedRangeSizeBytes')
    }
  }

  async getRangeSplitPoints(begin: Uint8Array, end: Uint8Array, chunkSize: number): Promise<Uint8Array[]> {
    try {
      return await this.#tn.getRangeSplitPoints(asBuffer(begin), asBuffer(end), chunkSize)
    } catch (error) {
      throw toFoundError(error, 'getRangeSplitPoints')
    }
  }

  async getAddressesForKey(key: Uint8Array): Promise<string[]> {
    try {
      // The binding declares string[]; its native call resolves to one (a future in the C API).
      const addresses: unknown = await this.#tn.getAddressesForKey(asBuffer(key))
      return (addresses as Array<string | Uint8Array>).map((a) => (typeof a === 'string' ? a : Buffer.from(a).toString()))
    } catch (error) {
      throw toFoundError(error, 'getAddressesForKey')
    }
  }

  setOptions(options: TransactionOptions): void {
    const natives = transactionOptionsToNative(options)
    for (const flag of ['accessSystemKeys', 'readSystemKeys', 'readYourWritesDisable', 'automaticIdempotency'] as const) {
      if (options[flag] === false && this.#options[flag] === true) {
        throw new FoundError(
          ErrorCode.invalidOption,
          `setOptions: ${flag} cannot be switched off on a FoundationDB transaction once set; ` +
            'start a new transaction instead',
        )
      }
    }
    this.#apply(natives, 'setOptions')
    // A one-shot option kept here is harmless: optionsToReapply never sets it again.
    this.#options = mergeTransactionOptions(this.#options, options)
  }
}

/**
 * Streams a range from the binding's batch iterator, one batch at a time
 * (never the whole range in memory), skipping empty batches and turning
 * errors into FoundErrors.
 */
async function* streamRange(
  reader: RawTransaction,
  begin: ReturnType<typeof toBindingSelector>,
  end: ReturnType<typeof toBindingSelector>,
  options: ReturnType<typeof toBindingRangeOptions>,
): AsyncGenerator<KeyValue[], void, undefined> {
  const batches = reader.getRangeBatch(begin, end, {
    limit: options.limit,
    reverse: options.reverse,
    streamingMode: options.streamingMode,
  })
  try {
    for await (const batch of batches) {
      if (batch.length > 0) yield batch
    }
  } catch (error) {
    throw toFoundError(error, 'getRange')
  }
}
