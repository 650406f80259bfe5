import { ErrorCode, FoundError } from '../../errors.js'
import type { ConflictSet } from './conflicts.js'
import { missingOnDisk, type DiskSnapshot, type Persister } from './disk.js'
import { fromLatin1, type Key, type StoredValue } from './keyspace.js'
import { RecentIdempotencyIds } from './idempotency.js'
import { LiveData } from './live.js'
import { applyMutations, type Mutation } from './mutation.js'
import type { StoredView } from './scan.js'
import { RecentWrites, UNCHANGED } from './recent.js'
import { WatchRegistry } from './watches.js'

/** The 5-second transaction lifetime of FoundationDB. @internal */
export const TRANSACTION_LIFETIME_MS = 5000

/** A committed version a transaction reads at. @internal */
export interface Snapshot {
  readonly version: number
}

/** What a transaction hands to the store to commit. @internal */
export interface CommitRequest {
  readonly readVersion: number
  readonly reads: ConflictSet
  readonly writes: ConflictSet
  readonly mutations: readonly Mutation[]
}

/** Commits waiting for the disk, written together with one fsync. */
interface Batch {
  readonly changes: Map<Key, Buffer | null>
  readonly touched: Set<Key>
  /** The version of the batch's first commit: read versions stay below it until the batch is durable. */
  readonly firstVersion: number
  lastVersion: number
  readonly waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>
}

function tooOld(version: number): FoundError {
  return new FoundError(
    ErrorCode.transactionTooOld,
    `read version ${version} is too old: versions are readable for ${TRANSACTION_LIFETIME_MS / 1000} s`,
  )
}

/** Monotonic milliseconds. @internal */
export const now = (): number => performance.now()

/** Versions per millisecond: FoundationDB's versions advance about 10^6 per second, commits or not. @internal */
export const VERSIONS_PER_MS = 1000

/** What `\xff\xff/status/json` holds on the embedded engine. @internal */
export interface EngineStatus {
  readonly engine: 'memory' | 'durable'
  readonly version: number
  readonly keys: number
  readonly bytes: number
  readonly openTransactions: number
}

/**
 * The embedded engine's shared state: the live data (a B+ tree and a hash
 * index sharing one entry per key), the recent writes (the resolver's write
 * conflicts and the undo log that gives older versions to readers: MVCC),
 * and the commit pipeline. Commits are resolved and applied one at a time (JavaScript runs
 * them to completion), then written to disk in batches: while one batch is
 * being fsynced, the next one fills (group commit). A commit's effects become
 * visible to new read versions only once its batch is durable.
 *
 * @internal
 */
export class Store {
  /**
   * The newest data, including resolved commits not yet durable. A point
   * read at read version rv takes the value from here when it is not newer
   * than rv, and from the undo log otherwise.
   */
  private readonly live: LiveData
  /** Highest version resolved (applied to the live data). */
  private resolvedVersion: number
  /** The newest version new readers get: every commit at or below it is durable, none above it is visible. */
  private current: Snapshot
  /** What {@link versionClock} adds to `now() * VERSIONS_PER_MS`. */
  private readonly clockOffset: number
  /** The batch being written to disk, if any. */
  private writing: Batch | null = null
  /** Recent commits' write conflicts and the values keys had before them (older versions for readers). */
  private readonly recent = new RecentWrites(TRANSACTION_LIFETIME_MS, (key) => this.live.freshAt(key))
  /** Commits since the memory engine last let the event loop run. */
  private commitsSinceYield = 0
  readonly watches = new WatchRegistry()
  /** The idempotency ids of recent commits, for a commit whose result was lost (automaticIdempotency). */
  readonly idempotencyIds = new RecentIdempotencyIds(TRANSACTION_LIFETIME_MS)
  /**
   * Transactions begun and not yet committed, failed or cancelled (a
   * transaction dropped without any of those stays counted).
   */
  openTransactions = 0
  private batch: Batch | null = null
  private flushing: Promise<void> | null = null
  private failure: FoundError | null = null
  private closed = false
  /**
   * A disk snapshot taken since the last eviction, so it has every value
   * that is on disk only: a commit that replaces such a value points its
   * undo record there, for older readers. Made when first needed, dropped
   * (by the store; undo records hold their own references) after each batch.
   */
  private coldSnapshot: DiskSnapshot | null = null

  /**
   * @param cacheBytes - with a persister: bytes of values kept in memory;
   *   the rest are evicted and read back from disk when asked for.
   */
  constructor(
    live: LiveData | null,
    version: number,
    private readonly persister: Persister | null,
    private readonly cacheBytes = Infinity,
  ) {
    this.live = live ?? new LiveData()
    this.resolvedVersion = version
    this.current = { version }
    // Versions follow the wall clock in microseconds (so they keep growing across a restart),
    // never below the last version stored, and then advance with the monotonic clock.
    const start = Math.max(version, Date.now() * VERSIONS_PER_MS)
    this.clockOffset = start - now() * VERSIONS_PER_MS
  }

  /** The version the clock says at monotonic time `t` (default: now): about 10^6 per second, as on a cluster. */
  private versionClock(t: number = now()): number {
    return Math.floor(this.clockOffset + t * VERSIONS_PER_MS)
  }

  /**
   * The read version a new transaction gets: the version clock, held below
   * the first commit still waiting for the disk (its effects are not visible
   * yet), and never lower than one given before.
   */
  latest(t: number = now()): Snapshot {
    this.checkOpen()
    const pending = this.writing ?? this.batch
    const clock = this.versionClock(t)
    const version = pending === null || clock < pending.firstVersion ? clock : pending.firstVersion - 1
    // Stryker disable next-line EqualityOperator: equivalent for `>=`: the same version again (also left out here: `<=`, killed by store-versions-and-batches.test.ts)
    if (version > this.current.version) this.current = { version }
    return this.current
  }

  /** The value of `key` at `snap` as a new Buffer (null when absent). */
  readAt(snap: Snapshot, key: Key): Buffer | null {
    const value = this.valueAt(key, snap.version)
    return typeof value === 'string' ? fromLatin1(value) : value
  }

  /** The value of `key` at `snap` as stored: an immutable string, or a Buffer read from disk that nobody else holds. */
  rawAt(snap: Snapshot, key: Key): StoredValue | Buffer | null {
    return this.valueAt(key, snap.version)
  }

  /** The value of `key` at `version`: stored, or a fresh Buffer from disk (null when absent). */
  private valueAt(key: Key, version: number): StoredValue | Buffer | null {
    const entry = this.live.entry(key)
    if (entry !== undefined && entry.version <= version) return this.live.storedOf(key, entry)
    this.checkHistory(version)
    const before = this.recent.valueBefore(key, version)
    if (before !== UNCHANGED) {
      if (before === null || typeof before === 'string') return before
      const stored = before.snapshot.read(key)
      // Stryker disable next-line StringLiteral: error message text (what is missing), passed as an argument
      if (stored === undefined) throw missingOnDisk(key, 'an older value of a key (kept in a disk snapshot)')
      return stored
    }
    if (entry === undefined) return null
    // Created after `version`, and its creation is recorded by the entry alone (RecentWrites.recordFresh).
    if (entry.fresh) return null
    throw tooOld(version)
  }

  private checkHistory(version: number): void {
    if (version < this.recent.floor) throw tooOld(version)
    // Versions older than the lifetime are gone on a cluster even when nothing was committed since.
    if (version < this.versionClock() - TRANSACTION_LIFETIME_MS * VERSIONS_PER_MS) throw tooOld(version)
  }

  /** The stored data as `snap` sees it, for range reads and selectors. */
  view(snap: Snapshot): StoredView {
    this.checkOpen()
    const version = snap.version
    return {
      live: this.live,
      changedKeys: (lo, hi) => {
        this.checkHistory(version)
        return this.recent.changedKeys(lo, hi, version)
      },
      valueAt: (key) => this.valueAt(key, version),
    }
  }

  /** The snapshot for an explicit read version, or 1009 / 1007. */
  at(version: number): Snapshot {
    const latest = this.latest()
    if (version > latest.version) {
      throw new FoundError(ErrorCode.futureVersion, `read version ${version} is newer than the latest version ${latest.version}`)
    }
    this.checkHistory(version)
    return { version }
  }

  /**
   * Keys that split [begin, end) of the latest version into chunks of about
   * `chunkSize` bytes (keys and values): `begin`, each key where a chunk
   * reaches the size, and `end`.
   */
  splitPoints(begin: Key, end: Key, chunkSize: number): Key[] {
    this.checkOpen()
    const points: Key[] = [begin]
    let bytes = 0
    // Stryker disable next-line BooleanLiteral: equivalent: the key at `end` would be counted after the last point, and `end` closes the list either way
    this.live.forRange(begin, end, (k, entry) => {
      // (chunkSize is at least 1, so a chunk never reaches it before its first key: no point is listed twice.)
      if (bytes >= chunkSize) {
        points.push(k)
        bytes = 0
      }
      bytes += k.length + LiveData.lengthOf(entry)
    })
    if (end !== points[points.length - 1]) points.push(end)
    return points
  }

  /** Estimated bytes stored in [begin, end) of the latest version. */
  estimateRangeBytes(begin: Key, end: Key): number {
    let bytes = 0
    this.live.forRange(begin, end, (k, entry) => {
      bytes += k.length + LiveData.lengthOf(entry)
    })
    return bytes
  }

  /**
   * The engine's status, served as FoundationDB's `\xff\xff/status/json`:
   * engine kind, latest version, key count, bytes of keys and values (it
   * walks every key: read it now and then, not in a loop), open transactions.
   */
  status(): EngineStatus {
    this.checkOpen()
    return {
      engine: this.persister === null ? 'memory' : 'durable',
      version: this.latest().version,
      keys: this.live.size,
      bytes: this.estimateRangeBytes('', '\xff\xff'),
      openTransactions: this.openTransactions,
    }
  }

  /** The read ranges of `reads` written after `readVersion` (reportConflictingKeys). */
  conflictingReads(reads: ConflictSet, readVersion: number): Array<[Key, Key]> {
    return this.recent.conflictingReads(reads, readVersion)
  }

  /**
   * Resolves and applies one commit. Returns its version once it is durable:
   * at once (a number) when the memory engine has no reason to wait, else a
   * promise. Throws 1020 when a read was overwritten after the read version.
   */
  commit(request: CommitRequest, stampFor: (version: number) => Buffer): number | Promise<number> {
    this.checkOpen()
    // Stryker disable next-line EqualityOperator: equivalent: no read version is 0 (versions count microseconds since 1970); -1 is "never read"
    if (request.readVersion >= 0 && this.recent.conflicts(request.reads, request.readVersion)) {
      throw new FoundError(ErrorCode.notCommitted, 'transaction not committed due to conflict with another transaction')
    }
    // Above every read version given so far (they never pass the clock) and every commit before.
    const t = now()
    const version = (this.resolvedVersion = Math.max(this.resolvedVersion + 1, this.versionClock(t) + 1))
    this.recent.recordWrites(request.writes, version, t)
    if (this.persister === null) {
      // Memory engine: nothing to write to disk; the commit is visible at once.
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `true` and `>=`: keys touched without watches fire nothing (also left out here: `false` and `<=`, killed by the watch tests)
      const touched = this.watches.size > 0 ? new Set<Key>() : null
      applyMutations(this.live, request.mutations, () => stampFor(version), (key, value) => {
        this.apply(key, value, version, t)
        touched?.add(key)
      })
      this.recent.commitApplied()
      this.publish(version, touched)
      // Every so often let the event loop run, or timers (retry backoffs, timeouts) would starve.
      // Stryker disable next-line EqualityOperator: equivalent: yielding every 65 commits instead of 64 (the period is a tuning)
      if (++this.commitsSinceYield < 64) return version
      this.commitsSinceYield = 0
      return new Promise((resolve) => setImmediate(() => resolve(version)))
    }
    const batch: Batch = (this.batch ??= { changes: new Map(), touched: new Set(), firstVersion: version, lastVersion: version, waiters: [] })
    batch.lastVersion = version
    applyMutations(this.live, request.mutations, () => stampFor(version), (key, value) => {
      this.apply(key, value, version, t)
      batch.changes.set(key, value)
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `true` and `>=`: keys touched without watches fire nothing (also left out here: `false` and `<=`, killed by store-versions-and-batches.test.ts)
      if (this.watches.size > 0) batch.touched.add(key)
    })
    this.recent.commitApplied()
    const done = new Promise<number>((resolve, reject) => {
      batch.waiters.push({ resolve: () => resolve(version), reject })
    })
    this.flushing ??= this.flush()
    return done
  }

  /** Writes one change of a commit to the live data and keeps the value it replaced in the undo log. */
  private apply(key: Key, value: Buffer | null, version: number, t: number): void {
    const point = this.recent.takePoint(key)
    const before = this.live.write(key, value, version, point)
    // Stryker disable next-line EqualityOperator: equivalent for `value === null`: applyMutations writes null only over present keys, so with before === null the value is never null and the fast path is only skipped (also left out here: `before !== null`, killed by the isolation tests)
    if (point && before === null && value !== null) this.recent.recordFresh(key, version, t)
    else this.recent.recordChange(key, version, typeof before === 'number' ? { snapshot: this.snapshotOfColdValues() } : before, t, point, this.live.replacedFreshAt)
  }

  /**
   * A snapshot that has every value now on disk only. Any snapshot taken
   * after the last eviction does: a value on disk only stays unchanged on
   * disk until a commit replaces it, and that commit's batch is written
   * after this call (batches written meanwhile hold other keys).
   */
  private snapshotOfColdValues(): DiskSnapshot {
    if (this.coldSnapshot === null) {
      this.coldSnapshot = this.persister!.snapshot()
      this.coldSnapshot.ref()
    }
    return this.coldSnapshot
  }

  /** Lets go of the store's reference to the cold-values snapshot. */
  private dropColdSnapshot(): void {
    this.coldSnapshot?.unref()
    this.coldSnapshot = null
  }

  private async flush(): Promise<void> {
    // Let the commits that arrive in this same turn join the batch.
    await new Promise<void>((r) => setImmediate(r))
    while (this.batch !== null) {
      const batch = this.batch
      this.batch = null
      this.writing = batch
      try {
        await this.persister!.write(batch.changes, batch.lastVersion)
      } catch (cause) {
        this.writing = null
        this.failure = new FoundError(ErrorCode.internalError, `writing commits to disk failed; reopen the database: ${String(cause)}`, { cause })
        const failed: Batch[] = this.batch === null ? [batch] : [batch, this.batch]
        for (const b of failed) for (const w of b.waiters) w.reject(this.failure)
        this.batch = null
        break
      }
      this.writing = null
      this.publish(batch.lastVersion, batch.touched)
      for (const w of batch.waiters) w.resolve()
      // Values on disk now may be evicted; a snapshot made before may miss them.
      this.dropColdSnapshot()
      if (this.live.hotBytes > this.cacheBytes) this.live.evict(this.cacheBytes * 0.9, batch.lastVersion)
    }
    this.flushing = null
  }

  private publish(version: number, touched: Set<Key> | null): void {
    this.current = { version }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `true` and `>=`: an empty set of touched keys fires nothing (also left out here: `false`, killed by the watch tests)
    if (touched !== null && touched.size > 0) this.watches.changed(touched, (k) => this.readAt({ version }, k))
  }

  /** The live value of a key (including resolved, not yet durable commits). */
  liveValue(key: Key): Buffer | null {
    return this.live.value(key)
  }

  /** Waits for pending commits, then closes the persister. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    while (this.flushing !== null) await this.flushing
    this.watches.cancelAll(new FoundError(ErrorCode.databaseClosed, 'the database was closed'))
    await this.persister?.close()
  }

  /** Throws 9009 once the database is closed, or the error that broke it. */
  checkOpen(): void {
    if (this.closed) throw new FoundError(ErrorCode.databaseClosed, 'the database is closed')
    if (this.failure !== null) throw this.failure
  }
}
