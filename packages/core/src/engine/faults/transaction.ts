import { ErrorCode, FoundError } from '../../errors.js'
import type { KeySelector } from '../../keys/selector.js'
import type { EngineRangeOptions, EngineTransaction, MutationType, RangeBatch, TransactionOptions, Watch } from '../types.js'
import type { FaultKind, FaultPlan } from './options.js'

/** The faults that fail an attempt (all kinds but `'delay'`). */
type FailingKind = Exclude<FaultKind, 'delay'>

/** What one attempt of a transaction will meet. */
interface Attempt {
  /** The fault this attempt meets, or null. */
  readonly fault: FailingKind | null
  /** For `'tooOld'`: which read (0-based) fails. */
  readonly failingRead: number
  /** Reads made so far in this attempt. */
  reads: number
  /** Whether the attempt wrote anything (a read-only commit meets no commit fault, as on FoundationDB). */
  wrote: boolean
  /** The error injected into this attempt, once it was. */
  injected: FoundError | null
  /** Called with the injected error (versionstamps and watches of the attempt reject with it). */
  readonly onInjected: Array<(error: FoundError) => void>
}

/** Attempts of one transaction that may fail in a row before one is let through. */
const MAX_FAULTS_IN_A_ROW = 3

/**
 * An engine transaction with faults injected, as {@link FaultPlan} says.
 * Everything else is the wrapped transaction's: a read is issued on it at
 * once (so the read sees exactly the writes made before it) and only its
 * result is delayed.
 * @internal
 */
export class FaultyTransaction implements EngineTransaction {
  private attempt: Attempt
  private faultsInARow = 0
  private readonly failing: readonly FailingKind[]
  private readonly delays: boolean

  constructor(
    private readonly inner: EngineTransaction,
    private readonly plan: FaultPlan,
    private readonly random: () => number,
    /** Names the fault in messages: the seed and the transaction's number. */
    private readonly origin: string,
  ) {
    this.failing = plan.kinds.filter((k): k is FailingKind => k !== 'delay')
    this.delays = plan.kinds.includes('delay')
    this.attempt = this.nextAttempt()
    if (inner.getAddressesForKey !== undefined) this.getAddressesForKey = (key) => inner.getAddressesForKey!(key)
  }

  private nextAttempt(): Attempt {
    let fault: FailingKind | null = null
    if (this.failing.length > 0 && this.faultsInARow < MAX_FAULTS_IN_A_ROW && this.random() < this.plan.rate) {
      fault = this.failing[Math.floor(this.random() * this.failing.length)]!
    }
    const failingRead = fault === 'tooOld' ? 1 + Math.floor(this.random() * 4) : -1
    return { fault, failingRead, reads: 0, wrote: false, injected: null, onInjected: [] }
  }

  /** Records `error` as this attempt's injected fault and returns it. */
  private inject(code: number, what: string): FoundError {
    const error = new FoundError(code, `${what} (a fault injected by open({ faults }), ${this.origin})`)
    const attempt = this.attempt
    attempt.injected = error
    this.faultsInARow++
    for (const reject of attempt.onInjected.splice(0)) reject(error)
    return error
  }

  /** Counts a read; throws 1007 when this is the attempt's failing read. */
  private beforeRead(): void {
    const attempt = this.attempt
    if (attempt.reads++ === attempt.failingRead && attempt.injected === null) {
      throw this.inject(ErrorCode.transactionTooOld, 'transaction is too old to perform reads or be committed')
    }
  }

  /** A few event-loop turns, with probability `rate`, when delays are on. */
  private async maybeDelay(): Promise<void> {
    if (!this.delays || this.random() >= this.plan.rate) return
    for (let turns = 1 + Math.floor(this.random() * 8); turns > 0; turns--) await new Promise<void>((r) => setImmediate(r))
  }

  private async delayed<T>(result: Promise<T>): Promise<T> {
    const value = await result
    await this.maybeDelay()
    return value
  }

  get(key: Uint8Array, snapshot: boolean): Promise<Uint8Array | null> {
    try {
      this.beforeRead()
    } catch (error) {
      return Promise.reject(error)
    }
    return this.delayed(this.inner.get(key, snapshot))
  }

  getKey(selector: KeySelector, snapshot: boolean): Promise<Uint8Array> {
    try {
      this.beforeRead()
    } catch (error) {
      return Promise.reject(error)
    }
    return this.delayed(this.inner.getKey(selector, snapshot))
  }

  getRange(begin: KeySelector, end: KeySelector, options: EngineRangeOptions): AsyncIterable<RangeBatch> {
    const batches = this.inner.getRange(begin, end, options)
    // The range counts as one read, made when its first batch is asked for.
    return {
      [Symbol.asyncIterator]: () => {
        const it = batches[Symbol.asyncIterator]()
        let first = true
        return {
          next: async () => {
            if (first) {
              first = false
              this.beforeRead()
            }
            const step = await it.next()
            await this.maybeDelay()
            return step
          },
          return: async (value?: unknown) => (it.return !== undefined ? it.return(value) : { done: true as const, value: undefined }),
        }
      },
    }
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.inner.set(key, value)
    this.attempt.wrote = true
  }

  clear(key: Uint8Array): void {
    this.inner.clear(key)
    this.attempt.wrote = true
  }

  clearRange(begin: Uint8Array, end: Uint8Array): void {
    this.inner.clearRange(begin, end)
    this.attempt.wrote = true
  }

  atomic(type: MutationType, key: Uint8Array, param: Uint8Array): void {
    this.inner.atomic(type, key, param)
    this.attempt.wrote = true
  }

  addConflictRange(kind: 'read' | 'write', begin: Uint8Array, end: Uint8Array): void {
    this.inner.addConflictRange(kind, begin, end)
  }

  getReadVersion(): Promise<bigint> {
    return this.inner.getReadVersion()
  }

  setReadVersion(version: bigint): void {
    this.inner.setReadVersion(version)
  }

  async commit(): Promise<void> {
    const { fault, wrote, injected } = this.attempt
    if (injected !== null) throw injected
    await this.maybeDelay()
    if (!wrote || fault === null || fault === 'tooOld') {
      await this.inner.commit()
      this.faultsInARow = 0
      await this.maybeDelay()
      return
    }
    if (fault === 'conflict') throw this.inject(ErrorCode.notCommitted, 'transaction not committed due to conflict with another transaction')
    if (this.inner.committedById?.() != null) return this.commitWithLostReply(fault === 'unknownApplied')
    if (fault === 'unknownNotApplied') throw this.inject(ErrorCode.commitUnknownResult, 'transaction may or may not have committed (it was not)')
    // Injected before the commit, so that the attempt's versionstamp rejects instead of resolving.
    const error = this.inject(ErrorCode.commitUnknownResult, 'transaction may or may not have committed (it was)')
    await this.inner.commit()
    await this.maybeDelay()
    throw error
  }

  /**
   * A commit whose reply is lost, by a transaction with an idempotency id:
   * as FoundationDB's client does, it asks whether the id committed instead
   * of failing with 1021. Applied: the commit is reported done (its version
   * and versionstamp are the applied commit's). Not applied: 1007
   * (transaction_too_old), which is retried, nothing having been written.
   */
  private async commitWithLostReply(applied: boolean): Promise<void> {
    if (applied) await this.inner.commit()
    await this.maybeDelay()
    if (this.inner.committedById!() === true) {
      this.faultsInARow = 0
      return
    }
    throw this.inject(ErrorCode.transactionTooOld, 'transaction not committed: its commit result was lost, and its idempotency id is not among the recent commits')
  }

  getCommittedVersion(): bigint {
    if (this.attempt.injected !== null) {
      throw new FoundError(ErrorCode.noCommitVersion, 'the committed version is only known after a successful commit')
    }
    return this.inner.getCommittedVersion()
  }

  getVersionstamp(): Promise<Uint8Array> {
    const attempt = this.attempt
    // As the embedded engine and a cluster: the versionstamp of a commit that failed fails with 2020.
    const noStamp = (cause: FoundError) => new FoundError(ErrorCode.transactionInvalidVersion, 'the transaction did not commit, so it has no versionstamp', { cause })
    const stamp = new Promise<Uint8Array>((resolve, reject) => {
      attempt.onInjected.push((error) => reject(noStamp(error)))
      this.inner.getVersionstamp().then(
        (value) => (attempt.injected !== null ? reject(noStamp(attempt.injected)) : resolve(value)),
        (error: unknown) => reject(attempt.injected !== null ? noStamp(attempt.injected) : error),
      )
    })
    return unobservedIsFine(stamp)
  }

  watch(key: Uint8Array): Watch {
    const attempt = this.attempt
    const inner = this.inner.watch(key)
    const promise = new Promise<void>((resolve, reject) => {
      attempt.onInjected.push((error) => {
        inner.cancel()
        reject(error)
      })
      inner.promise.then(resolve, (error: unknown) => reject(attempt.injected ?? error))
    })
    return { promise: unobservedIsFine(promise), cancel: () => inner.cancel() }
  }

  async onError(error: unknown): Promise<void> {
    await this.inner.onError(error)
    this.attempt = this.nextAttempt()
  }

  reset(): void {
    this.inner.reset()
    this.faultsInARow = 0
    this.attempt = this.nextAttempt()
  }

  cancel(): void {
    this.inner.cancel()
  }

  getApproximateSize(): Promise<number> {
    return this.inner.getApproximateSize()
  }

  getEstimatedRangeSizeBytes(begin: Uint8Array, end: Uint8Array): Promise<number> {
    return this.inner.getEstimatedRangeSizeBytes(begin, end)
  }

  getRangeSplitPoints(begin: Uint8Array, end: Uint8Array, chunkSize: number): Promise<Uint8Array[]> {
    return this.inner.getRangeSplitPoints(begin, end, chunkSize)
  }

  setOptions(options: TransactionOptions): void {
    this.inner.setOptions(options)
  }

  /** The wrapped engine's, when it has one (the embedded engine has none). */
  readonly getAddressesForKey?: (key: Uint8Array) => Promise<string[]>
}

/** A versionstamp or watch of a failed attempt that nobody awaits must not crash the process (as in the embedded engine). */
function unobservedIsFine<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {})
  return promise
}
