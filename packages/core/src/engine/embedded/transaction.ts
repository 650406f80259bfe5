import { randomBytes } from 'node:crypto'
import { ErrorCode, FoundError, isRetryable } from '../../errors.js'
import type { KeySelector } from '../../keys/selector.js'
import type {
  EngineRangeOptions,
  EngineTransaction,
  KeyValue,
  MutationType,
  RangeBatch,
  TransactionOptions,
  Watch,
} from '../types.js'
import { splitVersionstampOperand } from './atomic.js'
import { addConflict, type ConflictSet } from './conflicts.js'
import { copyBytes, fromLatin1, keyAfter, METADATA_VERSION_KEY, SYSTEM_KEYS_BEGIN, SYSTEM_KEYS_END, toLatin1, type Key, type StoredValue } from './keyspace.js'
import { batchSize, checkKeySize, checkLegalKey, checkLegalRange, checkValueSize, isKeyTooLarge, LIMITS } from './limits.js'
import type { Mutation } from './mutation.js'
import { scanForRange, scanMerged, type StoredView } from './scan.js'
import { now, TRANSACTION_LIFETIME_MS, type Snapshot, type Store } from './store.js'
import { resolvePending, WriteBuffer } from './write-buffer.js'
import { RangeReader } from './range-reader.js'
import { CONFLICTING_KEYS_END, CONFLICTING_KEYS_PREFIX, conflictingKeyPairs, simpleSelectorKey, specialRange, STATUS_JSON_KEY } from './special-keys.js'

type State = 'open' | 'committing' | 'committed' | 'failed' | 'cancelled' | 'timedOut'

interface PendingWatch {
  readonly key: Key
  resolve: () => void
  reject: (e: unknown) => void
  cancel: () => void
}

/** Overhead FoundationDB counts per mutation and conflict range (approximate). */
const PER_ENTRY_BYTES = 16

/**
 * A transaction on the embedded engine, with FoundationDB's semantics:
 * reads at one read version (MVCC snapshot), read-your-writes, conflict
 * ranges checked at commit (serializable), the 5-second lifetime, and the
 * size limits with FoundationDB's error codes.
 *
 * @internal
 */
export class EmbeddedTransaction implements EngineTransaction {
  private state: State = 'open'
  private snap: Snapshot | null = null
  /** A version given by setReadVersion, checked at the first read (as FoundationDB does). */
  private requestedVersion: number | null = null
  /**
   * Values this transaction read from the database, by key: read again, a
   * key is served from here, even past the 5-second lifetime (FoundationDB's
   * read-your-writes cache does the same).
   */
  private readCache: Map<Key, StoredValue | Buffer | null> | null = null
  /** The stored data at the read version, kept for the next range read (the read version changes only on a reset, which drops it). */
  private view: StoredView | null = null
  /** The first key read from the database and its value: most transactions read one key, and need no Map. */
  private firstReadKey: Key | null = null
  private firstReadValue: StoredValue | Buffer | null = null
  /** Key ranges [begin, end) a versionstamped key may land in: unreadable until commit (1036). */
  private unreadable: Array<[Key, Key]> | null = null
  private readStartedAt = 0
  private createdAt = now()
  /**
   * This transaction's writes by key, for its own reads (read-your-writes).
   * Kept up to date lazily: a write only appends to {@link mutations}, and the
   * next read that needs the buffer replays what it has not seen yet, so a
   * transaction that never reads after writing (a load, an index update, the
   * write of a read-modify-write) never builds it.
   */
  private buffer: WriteBuffer | null = null
  /** How many of {@link mutations} the buffer holds. */
  private buffered = 0
  private mutations: Mutation[] = []
  private reads: ConflictSet = { points: [], ranges: [] }
  private writes: ConflictSet = { points: [], ranges: [] }
  private size = 0
  private committedVersion = -1
  /** The versionstamp promise, made only when someone asks for it. */
  private stamp: Deferred<Uint8Array> | null = null
  /** How the versionstamp turned out, once known (errors built lazily: they are costly). */
  private stampOutcome: (() => Promise<Uint8Array>) | null = null
  private watches: PendingWatch[] = []
  private retries = 0
  /** Set by the nextWriteNoWriteConflictRange option (the constructor sets it); cleared by the next write. */
  private noNextWriteConflict: boolean
  /** The options in force; shared with other transactions until setOptions changes them. */
  private options: KeptOptions
  private ownOptions = false
  /**
   * Whether snapshot reads see this transaction's writes: FoundationDB counts
   * snapshotRywEnable (+1) and snapshotRywDisable (-1); they see them at 0 and above.
   */
  private snapshotRyw = 0
  /** With reportConflictingKeys, the read ranges that made the last commit fail with 1020. */
  private conflicting: Array<[Key, Key]> | null = null
  /** Whether this transaction counts in the store's open transactions (until it commits, fails or is cancelled). */
  private counted = true
  /** With automaticIdempotency: this attempt's random id (latin1), made when first needed. */
  private automaticId: Key | null = null
  /** The version after which this attempt's commit would be found by its idempotency id (-1: not committing yet). */
  private idFloor = -1

  constructor(
    private readonly store: Store,
    options: TransactionOptions,
  ) {
    this.options = keptOptions(options)
    this.noNextWriteConflict = options.nextWriteNoWriteConflictRange === true
    this.snapshotRyw = snapshotRywStep(options)
    store.openTransactions++
  }

  /**
   * A transaction never used, kept alive so that V8 keeps this class's
   * hidden class (see shapes.ts); its store is a stand-in that only counts
   * it. Its clock and version fields get fractional values, as a real
   * transaction's get clock readings and versions past the small-integer
   * range: the fields hold doubles from the first transaction on, so no
   * later store changes their representation (which would make a new hidden
   * class that nothing keeps).
   *
   * @internal
   */
  static shapeAnchor(): EmbeddedTransaction {
    const anchor = new EmbeddedTransaction({ openTransactions: 0 } as unknown as Store, {})
    anchor.readStartedAt = 0.5
    anchor.committedVersion = 0.5
    anchor.idFloor = 0.5
    return anchor
  }

  /** Stops counting this transaction as open (it committed, failed or was cancelled). */
  private finish(): void {
    if (!this.counted) return
    this.counted = false
    this.store.openTransactions--
  }

  setOptions(options: TransactionOptions): void {
    const { nextWriteNoWriteConflictRange, snapshotRywEnable: _on, snapshotRywDisable: _off, ...kept } = options
    if (nextWriteNoWriteConflictRange === true) this.noNextWriteConflict = true
    if (options.readYourWritesDisable === true && !this.options.readYourWritesDisable && this.hasReadOrWritten()) {
      throw new FoundError(ErrorCode.clientInvalidOperation, 'setOptions: readYourWritesDisable must be set before the first read or write')
    }
    this.snapshotRyw += snapshotRywStep(options)
    // Stryker disable next-line ConditionalExpression: copying options already this transaction's own again changes nothing
    if (!this.ownOptions) {
      this.options = { ...this.options }
      // Stryker disable next-line BooleanLiteral: the same (a needless copy next time)
      this.ownOptions = true
    }
    Object.assign(this.options, kept)
  }

  private hasReadOrWritten(): boolean {
    // (The write buffer exists only once there are mutations.)
    return this.snap !== null || this.mutations.length > 0 || this.reads.points.length > 0 || this.reads.ranges.length > 0
  }

  /**
   * The writes a read sees: none with readYourWritesDisable, nor for a
   * snapshot read with snapshot read-your-writes disabled (as FoundationDB).
   */
  private ownWrites(snapshot: boolean): WriteBuffer | null {
    return this.seesOwnWrites(snapshot) ? this.writtenSoFar() : null
  }

  /** The write buffer with every write so far (null before the first), replaying those it has not seen yet. */
  private writtenSoFar(): WriteBuffer | null {
    const mutations = this.mutations
    // Stryker disable next-line ConditionalExpression,EqualityOperator: replaying nothing makes an empty buffer, which reads and conflicts as no buffer
    if (this.buffered < mutations.length) {
      const buffer = (this.buffer ??= new WriteBuffer())
      for (let i = this.buffered; i < mutations.length; i++) buffer.replay(mutations[i]!)
      this.buffered = mutations.length
    }
    return this.buffer
  }

  private seesOwnWrites(snapshot: boolean): boolean {
    return !this.options.readYourWritesDisable && !(snapshot && this.snapshotRyw < 0)
  }

  /** Adds a write conflict, unless the one-shot option says to skip this write's. */
  private addWrite(begin: Key, end: Key | null): void {
    if (this.noNextWriteConflict) {
      this.noNextWriteConflict = false
      return
    }
    if (end === null) this.writes.points.push(begin)
    else addConflict(this.writes, begin, end)
  }

  // ---- reads ----

  async get(key: Uint8Array, snapshot: boolean): Promise<Uint8Array | null> {
    this.checkUsable()
    const k = toLatin1(key)
    if (k === STATUS_JSON_KEY) return Buffer.from(JSON.stringify(this.store.status()))
    checkLegalKey(k, this.canReadSystem() || k === METADATA_VERSION_KEY, 'get')
    const own = this.ownWrites(snapshot)
    const pending = own?.lookup(k)
    if (pending?.kind === 'value') return pending.value === null ? null : copyBytes(pending.value)
    if (this.unreadable !== null && this.seesOwnWrites(snapshot)) this.checkReadable(k, keyAfter(k))
    const stored = this.storedValue(k)
    if (!snapshot) {
      this.reads.points.push(k) // the range [k, k + 00)
      this.size += 2 * k.length + 1
    }
    const value = resolvePending(pending, stored)
    return value === null ? null : typeof value === 'string' ? fromLatin1(value) : copyBytes(value)
  }

  /** The database's value of `k` at the read version: read once, then served from the read cache. */
  private storedValue(k: Key): StoredValue | Buffer | null {
    if (k === this.firstReadKey) return this.firstReadValue
    const cached = this.readCache?.get(k) // null until a second key is read
    if (cached !== undefined) return cached
    const stored = this.store.rawAt(this.readSnapshot(), k)
    if (this.firstReadKey === null) {
      this.firstReadKey = k
      this.firstReadValue = stored
    } else {
      ;(this.readCache ??= new Map()).set(k, stored)
    }
    return stored
  }

  /** Throws 1036 when [lo, hi) overlaps a range a versionstamped key of this transaction may land in. */
  private checkReadable(lo: Key, hi: Key): void {
    for (const [begin, end] of this.unreadable ?? []) {
      if (lo < end && begin < hi) {
        throw new FoundError(
          ErrorCode.accessedUnreadable,
          'read a range where this transaction set a versionstamped key: its key is unknown until commit',
        )
      }
    }
  }

  async getKey(selector: KeySelector, snapshot: boolean): Promise<Uint8Array> {
    this.checkUsable()
    return fromLatin1(this.resolveSelector(selector, snapshot))
  }

  getRange(begin: KeySelector, end: KeySelector, options: EngineRangeOptions): AsyncIterable<RangeBatch> {
    // Readable after the failed commit, as in FoundationDB.
    const special = this.conflictingKeysRange(begin, end, options)
    if (special !== null) return special
    this.checkUsable()
    const lo = this.rangeEndpoint(begin, options.snapshot)
    const hi = this.rangeEndpoint(end, options.snapshot)
    return new RangeReader(lo, hi, options, (from, to, iteration, max) => {
      this.checkUsable()
      const own = this.ownWrites(options.snapshot)
      if (this.unreadable !== null && this.seesOwnWrites(options.snapshot)) this.checkReadable(from, to)
      const batch = scanForRange(this.storedView(), own, from, to, options.reverse, batchSize(options.mode, iteration, max))
      if (!options.snapshot) {
        const last = batch.lastKey
        let begin = from
        let end = to
        if (options.reverse) begin = batch.done || last === undefined ? from : last
        else end = batch.done || last === undefined ? to : keyAfter(last)
        if (own === null) this.addRead(begin, end)
        else this.addReadUnlessWritten(begin, end)
      }
      return batch
    })
  }

  /** The stored data at the read version (made once per read version: range reads fetch many batches). */
  private storedView(): StoredView {
    const snap = this.readSnapshot()
    this.store.checkOpen()
    return (this.view ??= this.store.view(snap))
  }

  /** A range read inside `\xff\xff/transaction/conflicting_keys/`, or null for any other range. */
  private conflictingKeysRange(begin: KeySelector, end: KeySelector, options: EngineRangeOptions): AsyncIterable<RangeBatch> | null {
    // Only a range starting in the special key space (\xff\xff) can be in it: most reads stop here.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a fast path: any other range fails the prefix test below
    if (begin.key.length < 2 || begin.key[0] !== 0xff || begin.key[1] !== 0xff) return null
    const lo = simpleSelectorKey(toLatin1(begin.key), begin.orEqual, begin.offset)
    const hi = simpleSelectorKey(toLatin1(end.key), end.orEqual, end.offset)
    if (lo === null || hi === null || !lo.startsWith(CONFLICTING_KEYS_PREFIX) || hi > CONFLICTING_KEYS_END) return null
    return specialRange(conflictingKeyPairs(this.conflicting ?? []), lo, hi, options.limit, options.reverse)
  }

  private rangeEndpoint(selector: KeySelector, snapshot: boolean): Key {
    const k = toLatin1(selector.key)
    if (k > this.maxReadableKey()) checkLegalKey(k, false, 'range read')
    // firstGreaterOrEqual / firstGreaterThan need no resolution: the scan starts there.
    if (selector.offset === 1) return selector.orEqual ? keyAfter(k) : k
    return this.resolveSelector(selector, snapshot)
  }

  private resolveSelector(selector: KeySelector, snapshot: boolean): Key {
    const k = toLatin1(selector.key)
    const max = this.maxReadableKey()
    if (k > max) checkLegalKey(k, false, 'getKey')
    const tree = this.storedView()
    const own = this.ownWrites(snapshot)
    let resolved: Key
    if (selector.offset >= 1) {
      const from = selector.orEqual ? keyAfter(k) : k
      if (this.unreadable !== null && this.seesOwnWrites(snapshot)) this.checkReadable(from, max)
      const batch = scanMerged(tree, own, from, max, false, selector.offset)
      resolved = batch.keys.length === selector.offset ? batch.keys[selector.offset - 1]! : max
      if (!snapshot) this.addRead(from < max ? from : max, resolved === max ? max : keyAfter(resolved))
    } else {
      const count = 1 - selector.offset
      const to = selector.orEqual ? keyAfter(k) : k
      const end = to < max ? to : max
      if (this.unreadable !== null && this.seesOwnWrites(snapshot)) this.checkReadable('', end)
      const batch = scanMerged(tree, own, '', end, true, count)
      resolved = batch.keys.length === count ? batch.keys[count - 1]! : ''
      if (!snapshot) this.addRead(resolved, to)
    }
    // Never past max: a forward scan stops at max (and resolves to it when it finds nothing), a backward one before it.
    return resolved
  }

  /** Adds a read conflict range; like FoundationDB, its keys count toward the transaction size. */
  private addRead(begin: Key, end: Key): void {
    addConflict(this.reads, begin, end)
    this.size += begin.length + end.length
  }

  /**
   * Adds a read conflict on the parts of [begin, end) whose values this
   * transaction does not already know from its own writes (sets, clears and
   * cleared ranges): as in FoundationDB, reading what you wrote yourself
   * cannot conflict.
   */
  private addReadUnlessWritten(begin: Key, end: Key): void {
    const buffer = this.writtenSoFar()
    if (buffer === null || buffer.isEmpty) return this.addRead(begin, end)
    for (const [b, e] of buffer.unknownRanges(begin, end)) this.addRead(b, e)
  }

  private maxReadableKey(): Key {
    return this.canReadSystem() ? SYSTEM_KEYS_END : SYSTEM_KEYS_BEGIN
  }

  private canReadSystem(): boolean {
    return this.options.accessSystemKeys || this.options.readSystemKeys
  }

  private readSnapshot(): Snapshot {
    if (this.snap === null) {
      const t = now()
      this.readStartedAt = t
      return (this.snap = this.requestedVersion === null ? this.store.latest(t) : this.store.at(this.requestedVersion))
    }
    // Stryker disable next-line EqualityOperator: a clock reading exactly 5,000.000 ms after the first read is not observable
    if (now() - this.readStartedAt > TRANSACTION_LIFETIME_MS) {
      throw new FoundError(ErrorCode.transactionTooOld, 'transaction is too old to perform reads or be committed (older than 5 s)')
    }
    return this.snap
  }

  // ---- writes ----

  set(key: Uint8Array, value: Uint8Array): void {
    this.checkUsable()
    const k = this.writableKey(key, 'set')
    checkValueSize(value.length, 'set')
    const v = copyBytes(value)
    this.mutations.push({ type: 'set', key: k, value: v })
    this.addWrite(k, null)
    this.size += k.length + v.length + PER_ENTRY_BYTES
  }

  clear(key: Uint8Array): void {
    this.checkUsable()
    const k = toLatin1(key)
    checkLegalKey(k, this.options.accessSystemKeys, 'clear')
    if (isKeyTooLarge(k)) return // no key that long can exist: FoundationDB ignores it too
    this.mutations.push({ type: 'clear', key: k })
    this.addWrite(k, null)
    this.size += k.length + PER_ENTRY_BYTES
  }

  clearRange(begin: Uint8Array, end: Uint8Array): void {
    this.checkUsable()
    const b = toLatin1(begin)
    const e = toLatin1(end)
    if (b > e) throw new FoundError(ErrorCode.invertedRange, 'clear: the range begin is after its end')
    checkLegalRange(b, e, this.options.accessSystemKeys, 'clear range', 'clear range end')
    if (b === e) return
    this.mutations.push({ type: 'clearRange', begin: b, end: e })
    this.addWrite(b, e)
    this.size += b.length + e.length + PER_ENTRY_BYTES
  }

  atomic(type: MutationType, key: Uint8Array, param: Uint8Array): void {
    this.checkUsable()
    const operand = copyBytes(param)
    if (type === 'setVersionstampedKey') {
      const { body, offset } = splitVersionstampOperand(Buffer.from(key), 'setVersionstampedKey: key')
      checkKeySize(toLatin1(key), 'setVersionstampedKey') // the 4 offset bytes count, as on a cluster
      const low = Buffer.from(body)
      low.fill(0x00, offset, offset + 10)
      const high = Buffer.from(body)
      high.fill(0xff, offset, offset + 10)
      const lowKey = this.writableKey(low, 'setVersionstampedKey')
      this.writableKey(high, 'setVersionstampedKey')
      checkValueSize(operand.length, 'setVersionstampedKey')
      this.mutations.push({ type: 'versionstampedKey', body, offset, value: operand })
      const highEnd = keyAfter(toLatin1(high))
      ;(this.unreadable ??= []).push([lowKey, highEnd])
      this.addWrite(lowKey, highEnd)
      this.size += body.length + operand.length + PER_ENTRY_BYTES
      return
    }
    // The metadata version key may be bumped by anyone, with a versionstamped value (FoundationDB allows it).
    const k = type === 'setVersionstampedValue' && isMetadataVersionKey(key) ? METADATA_VERSION_KEY : this.writableKey(key, type)
    if (type === 'setVersionstampedValue') {
      const { body, offset } = splitVersionstampOperand(operand, 'setVersionstampedValue: value')
      checkValueSize(operand.length, type) // the 4 offset bytes count, as on a cluster
      this.mutations.push({ type: 'versionstampedValue', key: k, body, offset })
    } else {
      checkValueSize(operand.length, type)
      this.mutations.push({ type: 'atomic', op: type, key: k, param: operand })
    }
    this.addWrite(k, null)
    this.size += k.length + operand.length + PER_ENTRY_BYTES
  }

  addConflictRange(kind: 'read' | 'write', begin: Uint8Array, end: Uint8Array): void {
    this.checkUsable()
    const b = toLatin1(begin)
    const e = toLatin1(end)
    if (b > e) throw new FoundError(ErrorCode.invertedRange, `add ${kind} conflict range: begin is after end`)
    const system = kind === 'read' ? this.canReadSystem() : this.options.accessSystemKeys
    checkLegalRange(b, e, system, `add ${kind} conflict range`, `add ${kind} conflict range: end`)
    if (kind === 'read') this.addReadUnlessWritten(b, e)
    else addConflict(this.writes, b, e)
    this.size += PER_ENTRY_BYTES
  }

  private writableKey(key: Uint8Array, what: string): Key {
    const k = toLatin1(key)
    checkLegalKey(k, this.options.accessSystemKeys, what)
    checkKeySize(k, what)
    return k
  }

  // ---- versions ----

  async getReadVersion(): Promise<bigint> {
    this.checkUsable()
    if (this.snap === null && this.requestedVersion !== null) return BigInt(this.requestedVersion)
    return BigInt(this.readSnapshot().version)
  }

  setReadVersion(version: bigint): void {
    this.checkUsable()
    if (this.snap !== null || this.requestedVersion !== null) {
      throw new FoundError(ErrorCode.readVersionAlreadySet, 'the read version is already set for this transaction')
    }
    // Checked at the first read: 1007 when too old, 1009 when not reached yet.
    this.requestedVersion = Number(version)
  }

  getCommittedVersion(): bigint {
    if (this.state !== 'committed') {
      throw new FoundError(ErrorCode.noCommitVersion, 'the committed version is only known after a successful commit')
    }
    return BigInt(this.committedVersion)
  }

  getVersionstamp(): Promise<Uint8Array> {
    if (this.stampOutcome !== null) return this.stampOutcome()
    return (this.stamp ??= deferred<Uint8Array>()).promise
  }

  private settleStamp(outcome: () => Promise<Uint8Array>): void {
    this.stampOutcome = outcome
    const waiting = this.stamp
    if (waiting !== null) outcome().then(waiting.resolve, waiting.reject)
  }

  // ---- commit, errors, lifecycle ----

  async commit(): Promise<void> {
    this.checkUsable()
    this.state = 'committing'
    // The read-only path is its own (synchronous) function: a suspended async
    // function keeps all its registers, so this one stays small.
    if (this.mutations.length === 0 && this.writes.points.length === 0 && this.writes.ranges.length === 0) return this.commitReadOnly()
    await this.commitWrites()
  }

  /** Commits an attempt that wrote nothing: no version, nothing to wait for (1007 when it is too old). */
  private commitReadOnly(): void {
    try {
      // Stryker disable next-line ConditionalExpression: taking a read version now, with nothing read, changes nothing
      if (this.snap !== null) this.readSnapshot() // 1007 when too old
    } catch (error) {
      this.failCommit(error)
    }
    this.state = 'committed'
    this.finish()
    this.settleStamp(() => Promise.reject(new FoundError(ErrorCode.noCommitVersion, 'a read-only transaction has no versionstamp')))
    this.startWatches()
  }

  private async commitWrites(): Promise<void> {
    try {
      // Stryker disable next-line ConditionalExpression: a read version taken now, with nothing read, conflicts with nothing (as readVersion -1)
      if (this.snap !== null) this.readSnapshot() // 1007 when too old
      if (this.size > this.options.sizeLimit) {
        throw new FoundError(ErrorCode.transactionTooLarge, `transaction is ${this.size} bytes; the limit is ${this.options.sizeLimit}`)
      }
      const watched = this.watches.map((w) => this.databaseValue(w.key))
      const id = this.idempotencyId()
      // Stryker disable next-line ConditionalExpression: the floor is read only with an id (committedById)
      if (id !== null) this.idFloor = this.snap?.version ?? this.store.latest().version
      const committed = this.store.commit(
        { readVersion: this.snap?.version ?? -1, reads: this.reads, writes: this.writes, mutations: this.mutations },
        versionstampOf,
      )
      this.committedVersion = typeof committed === 'number' ? committed : await committed
      if (id !== null) this.store.idempotencyIds.record(id, this.committedVersion)
      this.state = 'committed'
      this.finish()
      const version = this.committedVersion
      this.settleStamp(() => Promise.resolve(versionstampOf(version)))
      this.startWatches(watched)
    } catch (error) {
      this.failCommit(error)
    }
  }

  /** Ends a commit that failed with `error` (rethrown). */
  private failCommit(error: unknown): never {
    if (this.options.reportConflictingKeys && this.snap !== null && (error as FoundError).code === ErrorCode.notCommitted) {
      this.conflicting = this.store.conflictingReads(this.reads, this.snap.version)
    }
    this.state = 'failed'
    this.finish()
    this.settleStamp(() => Promise.reject(noVersionstamp(error)))
    for (const w of this.watches) w.reject(error)
    this.watches = []
    throw error
  }

  /** This attempt's idempotency id (latin1), or null: the idempotencyId option, else a random one with automaticIdempotency. */
  private idempotencyId(): Key | null {
    const given = this.options.idempotencyId
    if (given !== undefined) return typeof given === 'string' ? Buffer.from(given, 'utf8').toString('latin1') : toLatin1(given)
    if (!this.options.automaticIdempotency) return null
    return (this.automaticId ??= randomBytes(16).toString('latin1'))
  }

  committedById(): boolean | null {
    const id = this.idempotencyId()
    if (id === null) return null
    // Stryker disable next-line EqualityOperator: versions start at 1, so a floor is never 0
    const floor = this.idFloor >= 0 ? this.idFloor : (this.snap?.version ?? this.store.latest().version)
    return this.store.idempotencyIds.committedSince(id, floor)
  }

  /**
   * The database's value of `key` at this transaction's read version, not
   * counting its own writes: a watch fires once the committed value differs
   * from it, so a transaction that changes the key it watches sees it fire.
   */
  private databaseValue(key: Key): Buffer | null {
    return this.snap !== null ? this.store.readAt(this.snap, key) : this.store.liveValue(key)
  }

  private startWatches(expected?: Array<Buffer | null>): void {
    this.watches.forEach((w, i) => {
      const current = this.store.liveValue(w.key)
      w.cancel = this.store.watches.add(w.key, expected?.[i] ?? this.databaseValue(w.key), current, w.resolve, w.reject)
    })
    this.watches = []
  }

  watch(key: Uint8Array): Watch {
    this.checkUsable()
    const k = toLatin1(key)
    checkLegalKey(k, this.canReadSystem() || k === METADATA_VERSION_KEY, 'watch')
    checkKeySize(k, 'watch')
    // Creating a watch reads the key (a read conflict), as on a cluster.
    this.readSnapshot()
    this.addReadUnlessWritten(k, keyAfter(k))
    const d = deferred<void>()
    const w: PendingWatch = { key: k, resolve: d.resolve, reject: d.reject, cancel: () => {} }
    w.cancel = () => {
      const i = this.watches.indexOf(w)
      if (i >= 0) this.watches.splice(i, 1)
      d.reject(new FoundError(ErrorCode.transactionCancelled, 'the watch was cancelled'))
    }
    this.watches.push(w)
    return { promise: d.promise, cancel: () => w.cancel() }
  }

  async onError(error: unknown): Promise<void> {
    if (this.state === 'timedOut') throw timedOut(this.options.timeout)
    if (!isRetryable(error)) throw error
    const code = (error as FoundError).code
    if (this.options.retryLimit >= 0 && this.retries >= this.options.retryLimit) throw error
    const fixed = code === ErrorCode.transactionTooOld || code === ErrorCode.futureVersion
    const delay = fixed ? 10 : Math.min(this.options.maxRetryDelay, 10 * 2 ** this.retries) * (0.5 + Math.random() / 2)
    this.retries++
    await new Promise((r) => setTimeout(r, delay))
    this.restart(false)
  }

  reset(): void {
    this.restart(true)
  }

  /** Starts over; the timeout clock restarts only on an explicit reset, not on a retry. */
  private restart(restartTimer: boolean): void {
    for (const w of this.watches) w.reject(new FoundError(ErrorCode.transactionCancelled, 'the transaction was reset'))
    this.stamp?.reject(new FoundError(ErrorCode.transactionCancelled, 'the transaction was reset'))
    this.state = 'open'
    if (!this.counted) {
      this.counted = true
      this.store.openTransactions++
    }
    this.snap = null
    this.requestedVersion = null
    this.readCache = null
    this.view = null
    this.firstReadKey = null
    this.firstReadValue = null
    this.unreadable = null
    if (restartTimer) this.createdAt = now()
    this.buffer = null
    this.buffered = 0
    this.mutations = []
    this.reads = { points: [], ranges: [] }
    this.writes = { points: [], ranges: [] }
    this.size = 0
    this.committedVersion = -1
    this.stamp = null
    this.stampOutcome = null
    this.watches = []
    this.noNextWriteConflict = false
    this.conflicting = null
    // A new attempt, a new automatic id (as FoundationDB); a given idempotencyId stays.
    this.automaticId = null
    this.idFloor = -1
  }

  cancel(): void {
    if (this.state === 'committed') return
    this.state = 'cancelled'
    this.finish()
    const error = new FoundError(ErrorCode.transactionCancelled, 'the transaction was cancelled')
    this.settleStamp(() => Promise.reject(error))
    for (const w of this.watches) w.reject(error)
    this.watches = []
  }

  async getApproximateSize(): Promise<number> {
    return this.size
  }

  async getEstimatedRangeSizeBytes(begin: Uint8Array, end: Uint8Array): Promise<number> {
    this.checkUsable()
    return this.store.estimateRangeBytes(toLatin1(begin), toLatin1(end))
  }

  async getRangeSplitPoints(begin: Uint8Array, end: Uint8Array, chunkSize: number): Promise<Uint8Array[]> {
    this.checkUsable()
    const b = toLatin1(begin)
    const e = toLatin1(end)
    if (b > e) throw new FoundError(ErrorCode.invertedRange, 'getRangeSplitPoints: begin is after end')
    checkLegalRange(b, e, this.canReadSystem(), 'getRangeSplitPoints', 'getRangeSplitPoints: end')
    return this.store.splitPoints(b, e, chunkSize).map(fromLatin1)
  }

  private checkUsable(): void {
    switch (this.state) {
      case 'cancelled':
        throw new FoundError(ErrorCode.transactionCancelled, 'the transaction was cancelled')
      case 'timedOut':
        throw timedOut(this.options.timeout)
      case 'committing':
        throw new FoundError(ErrorCode.usedDuringCommit, 'the transaction is being committed; no operation may run during commit')
      case 'committed':
      case 'failed':
        throw new FoundError(ErrorCode.usedDuringCommit, `the transaction has already ${this.state === 'committed' ? 'committed' : 'failed'}; reset it or start a new one`)
    }
    if (this.options.timeout > 0 && now() - this.createdAt > this.options.timeout) {
      // From now on every call fails 1031, as on a cluster (a reset starts over).
      const error = timedOut(this.options.timeout)
      this.state = 'timedOut'
      this.finish()
      this.settleStamp(() => Promise.reject(error))
      for (const w of this.watches) w.reject(error)
      this.watches = []
      throw error
    }
  }
}

/**
 * The options a transaction keeps (all but the one-shot ones), with their
 * defaults filled in; the debugging ones, which the engine does not act on, as given.
 */
type KeptOptions = Required<
  Omit<TransactionOptions, 'nextWriteNoWriteConflictRange' | 'snapshotRywEnable' | 'snapshotRywDisable' | 'idempotencyId' | 'debugTransactionIdentifier' | 'logTransaction'>
> &
  Pick<TransactionOptions, 'idempotencyId' | 'debugTransactionIdentifier' | 'logTransaction'>

/** How an options object moves the snapshot read-your-writes count (FoundationDB's counting). */
function snapshotRywStep(options: TransactionOptions): number {
  return (options.snapshotRywEnable === true ? 1 : 0) - (options.snapshotRywDisable === true ? 1 : 0)
}

/**
 * Normalized options per frozen options object: most transactions share their
 * database's frozen defaults. An object that is not frozen may change between
 * transactions, so it is normalized each time.
 */
const keptCache = new WeakMap<TransactionOptions, Readonly<KeptOptions>>()

function keptOptions(options: TransactionOptions): KeptOptions {
  const cacheable = Object.isFrozen(options)
  let kept = cacheable ? keptCache.get(options) : undefined
  // Stryker disable next-line ConditionalExpression: normalizing a cached object again gives the same options
  if (kept === undefined) {
    const { nextWriteNoWriteConflictRange: _oneShot, snapshotRywEnable: _on, snapshotRywDisable: _off, ...rest } = options
    kept = Object.freeze({
      readYourWritesDisable: false,
      reportConflictingKeys: false,
      automaticIdempotency: false,
      timeout: 0,
      retryLimit: -1,
      maxRetryDelay: 1000,
      accessSystemKeys: false,
      readSystemKeys: false,
      sizeLimit: LIMITS.transactionBytes,
      ...rest,
    })
    // Stryker disable next-line ConditionalExpression: the cache is looked up only for frozen objects, so caching another is never read
    if (cacheable) keptCache.set(options, kept)
  }
  // Frozen and shared: setOptions copies it before changing anything.
  return kept as KeptOptions
}

function timedOut(timeout: number): FoundError {
  return new FoundError(ErrorCode.transactionTimedOut, `the transaction ran past its ${timeout} ms timeout`)
}

/** What the versionstamp of a commit that failed gives: 2020 (transaction_invalid_version), as on a cluster. */
function noVersionstamp(cause: unknown): FoundError {
  return new FoundError(ErrorCode.transactionInvalidVersion, 'the transaction did not commit, so it has no versionstamp', { cause })
}

/** Whether `key` is FoundationDB's metadata version key (readable, and bumpable, without system-key access). */
function isMetadataVersionKey(key: Uint8Array): boolean {
  return toLatin1(key) === METADATA_VERSION_KEY
}

/** The 10-byte versionstamp of a commit: 8-byte big-endian version + 2-byte batch order. */
function versionstampOf(version: number): Buffer {
  const out = Buffer.alloc(10)
  out.writeBigUInt64BE(BigInt(version), 0)
  return out
}

interface Deferred<T> {
  readonly promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  // A versionstamp or watch nobody asked for must not crash the process.
  promise.catch(() => {})
  return { promise, resolve, reject }
}
