import type { ConflictSet } from './conflicts.js'
import type { DiskSnapshot } from './disk.js'
import { Generations, LazySortedKeys, type Generation } from './generations.js'
import { keyAfter, type Key, type StoredValue } from './keyspace.js'

/** A replaced value that was on disk only: the snapshot still has it. @internal */
export interface OnDiskBefore {
  readonly snapshot: DiskSnapshot
}

/** The value a key had before a commit changed it: its stored value, null (absent), or on disk. @internal */
export type Before = StoredValue | null | OnDiskBefore

/** What one generation knows about one key. */
interface KeyLog {
  /** The last commit version with a write conflict on this key (0: none in this generation). */
  written: number
  /** The first commit in this generation that changed the key (0: none) and the value before it. */
  changedAt: number
  before: Before
  /** Later changes in this generation, oldest first. */
  more: Array<{ readonly version: number; readonly before: Before }> | null
}

/** About one second of commits. */
interface RecentGeneration extends Generation {
  readonly logs: Map<Key, KeyLog>
  /** The same keys, and the fresh creations (which have no log), in order, for range checks and range reads. */
  readonly keys: LazySortedKeys
  /** Range write conflicts: begin, end, version. */
  readonly ranges: Array<{ readonly begin: Key; readonly end: Key; readonly version: number }>
  /** Disk snapshots its undo records read from, released when the generation is dropped. */
  pins: Set<DiskSnapshot> | null
}

/** Returned by {@link RecentWrites.valueBefore} when no commit after the version changed the key. */
export const UNCHANGED: unique symbol = Symbol('unchanged')

/**
 * What the commits of the last few seconds did, per key, in one structure:
 * their write conflict ranges (FoundationDB's resolver: whether a
 * transaction's reads were overwritten after its read version) and, for
 * every key a commit changed, the value it had before (the undo log: with
 * the live data, the value of any key at any read version of the
 * transaction lifetime, MVCC without copying the tree). One record per key
 * serves both, in generations of about one second, dropped once no live
 * transaction can need them. A key's creation by a commit with a point write
 * conflict on it has no record: its live entry stands for it ({@link recordFresh}).
 *
 * @internal
 */
export class RecentWrites {
  private readonly generations: Generations<RecentGeneration>
  /** Read versions below this may have lost history: reading there is too old (1007). */
  floor = 0
  /**
   * The point writes of the commit being applied ({@link recordWrites}):
   * its changes come mostly in the same order (a set is a point write and a
   * change of the same key), so {@link recordChange} matches them in step,
   * and {@link commitApplied} records the write conflicts of the points no
   * change matched (clears of absent keys, writes out of order).
   */
  // Stryker disable next-line ArrayDeclaration: equivalent: recordWrites sets the commit's points before any takePoint
  private pointKeys: readonly Key[] = []
  private pointGeneration: RecentGeneration | null = null
  private pointVersion = 0
  private nextPoint = 0
  /**
   * The newest version of a fresh creation: a key created by a commit with a
   * point write conflict on it, recorded by its live entry alone (no
   * {@link KeyLog}: creating keys is the commonest write, and their logs were
   * the resolver's largest cost). The live entry says, through
   * `freshAt(key)`, the version that created it while nothing changed it
   * since; its first change writes the creation into the log.
   */
  private lastFresh = 0

  /**
   * @param lifetimeMs - how long records are kept (the transaction lifetime)
   * @param freshAt - the version that created `key` when its live entry is
   *   a fresh creation (see {@link recordFresh}), else 0
   */
  constructor(
    lifetimeMs: number,
    private readonly freshAt: (key: Key) => number = () => 0,
  ) {
    this.generations = new Generations<RecentGeneration>(
      lifetimeMs,
      (now) => ({ logs: new Map(), keys: new LazySortedKeys(), ranges: [], pins: null, maxVersion: 0, openedAt: now, lastWriteAt: now }),
      (dropped) => {
        // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a generation opens with a commit and they drop oldest first, so each dropped maxVersion is above the floor
        if (dropped.maxVersion > this.floor) this.floor = dropped.maxVersion
        if (dropped.pins !== null) for (const snapshot of dropped.pins) snapshot.unref()
      },
    )
  }

  private logOf(gen: RecentGeneration, key: Key): KeyLog {
    let log = gen.logs.get(key)
    if (log === undefined) {
      log = { written: 0, changedAt: 0, before: null, more: null }
      gen.logs.set(key, log)
      gen.keys.add(key)
    }
    return log
  }

  /**
   * Records the write conflict ranges of the commit at `version`. Its point
   * writes are recorded with its changes ({@link recordChange},
   * {@link recordFresh}) and the rest by {@link commitApplied}, which must
   * follow.
   */
  recordWrites(writes: ConflictSet, version: number, now: number): void {
    const gen = this.generations.current(now)
    this.pointKeys = writes.points
    this.pointGeneration = gen
    this.pointVersion = version
    this.nextPoint = 0
    // Stryker disable next-line EqualityOperator: equivalent: `<=` adds a range of undefined bounds, which no comparison meets (also left out here: `>=`, an endless loop, killed)
    for (let i = 0; i < writes.ranges.length; i += 2) {
      gen.ranges.push({ begin: writes.ranges[i]!, end: writes.ranges[i + 1]!, version })
    }
    this.generations.touch(gen, version, now)
  }

  /**
   * Whether `key`, about to be changed, is the next point write of the
   * commit being applied (matched in step; see {@link recordWrites}). A
   * creation of such a key may be recorded with {@link recordFresh}.
   */
  takePoint(key: Key): boolean {
    if (this.pointKeys[this.nextPoint] !== key) return false
    this.nextPoint++
    return true
  }

  /**
   * Records that the commit at `version` created `key`, a point write it
   * took with {@link takePoint}, and that the key's live entry now answers
   * `freshAt(key) === version`: no log, only the key in the generation's
   * ordered set (for range reads at older versions).
   */
  recordFresh(key: Key, version: number, now: number): void {
    const gen = this.generations.current(now)
    gen.keys.add(key)
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: commit versions only grow, so each is above lastFresh (also left out here: `false`, killed)
    if (version > this.lastFresh) this.lastFresh = version
    this.generations.touch(gen, version, now)
  }

  /**
   * Records that the commit at `version` changed `key`, which held `before`.
   * `point`: the key was the commit's next point write ({@link takePoint}).
   * `replacedFreshAt`: the version of the fresh creation this change ends
   * (the live entry's, 0 when none), which goes into the log first.
   */
  recordChange(key: Key, version: number, before: Before, now: number, point = false, replacedFreshAt = 0): void {
    const gen = this.generations.current(now)
    const log = this.logOf(gen, key)
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a creation at or below the floor only answers read versions below the floor, which are too old (1007); replacedFreshAt 0 adds a change at version 0, which no read version is below (also left out here: `false`, killed)
    if (replacedFreshAt > this.floor) {
      addChange(log, replacedFreshAt, null)
      // Stryker disable next-line EqualityOperator: equivalent: `<=` only adds the assignment of an equal value (`true` is killed by resolver-boundaries.test.ts)
      if (log.written < replacedFreshAt) log.written = replacedFreshAt
    }
    if (point) log.written = version
    addChange(log, version, before)
    if (before !== null && typeof before !== 'string') {
      const pins = (gen.pins ??= new Set())
      if (!pins.has(before.snapshot)) {
        before.snapshot.ref()
        pins.add(before.snapshot)
      }
    }
    this.generations.touch(gen, version, now)
  }

  /** Records the point writes of the commit just applied that no change took (see {@link recordWrites}). */
  commitApplied(): void {
    const gen = this.pointGeneration
    if (gen !== null) {
      const keys = this.pointKeys
      for (let i = this.nextPoint; i < keys.length; i++) this.logOf(gen, keys[i]!).written = this.pointVersion
    }
    // Stryker disable next-line ArrayDeclaration: equivalent: the next recordWrites sets the points before any takePoint (this only lets the array go)
    this.pointKeys = []
    this.pointGeneration = null
  }

  /** Whether any read in `reads` was written by a commit newer than `readVersion`. */
  conflicts(reads: ConflictSet, readVersion: number): boolean {
    // Fresh creations are recorded by their live entries.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a fast path; no freshAt exceeds lastFresh, so without it the tests below give the same answers (also left out here: `false`, killed)
    const fresh = this.lastFresh > readVersion
    // Stryker disable next-line ConditionalExpression: equivalent: the same fast path (also left out here: `false`, killed)
    if (fresh) {
      for (const key of reads.points) if (this.freshAt(key) > readVersion) return true
    }
    const list = this.generations.list
    for (let g = list.length - 1; g >= 0; g--) {
      const gen = list[g]!
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a fast path; an older generation's writes are all at or below its maxVersion, which every test below compares with readVersion (also left out here: `true`, killed)
      if (gen.maxVersion <= readVersion) break
      const logs = gen.logs
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a fast path; overlapsRangeWrite finds nothing in an empty list (also left out here: `false`, killed)
      const hasRangeWrites = gen.ranges.length > 0
      for (const key of reads.points) {
        const log = logs.get(key)
        if (log !== undefined && log.written > readVersion) return true
        if (hasRangeWrites && overlapsRangeWrite(gen, key, keyAfter(key), readVersion)) return true
      }
      // Stryker disable next-line EqualityOperator: equivalent: `<=` reads a range of undefined bounds, which meets no key and no range write (also left out here: `>=`, killed)
      for (let i = 0; i < reads.ranges.length; i += 2) {
        const begin = reads.ranges[i]!
        const end = reads.ranges[i + 1]!
        let hit = false
        gen.keys.forRange(begin, end, (k) => {
          const log = logs.get(k)
          hit = (log !== undefined && log.written > readVersion) || (fresh && this.freshAt(k) > readVersion)
          return hit
        })
        if (hit || overlapsRangeWrite(gen, begin, end, readVersion)) return true
      }
    }
    return false
  }

  /**
   * The read conflict ranges of `reads` that a commit after `readVersion`
   * wrote to: what a failed commit reports with reportConflictingKeys. Only
   * asked for after a conflict, so it may take its time.
   */
  conflictingReads(reads: ConflictSet, readVersion: number): Array<[Key, Key]> {
    const out: Array<[Key, Key]> = []
    for (const key of reads.points) {
      if (this.conflicts({ points: [key], ranges: [] }, readVersion)) out.push([key, keyAfter(key)])
    }
    // Stryker disable next-line EqualityOperator: equivalent: `<=` checks a range of undefined bounds, which never conflicts (also left out here: `>=`, killed)
    for (let i = 0; i < reads.ranges.length; i += 2) {
      const range = [reads.ranges[i]!, reads.ranges[i + 1]!]
      // Stryker disable next-line ArrayDeclaration: equivalent: `points: []` made `["Stryker was here"]` asks about a key nothing writes
      if (this.conflicts({ points: [], ranges: range }, readVersion)) {
        out.push([range[0]!, range[1]!])
      }
    }
    return out
  }

  /**
   * The value `key` had at `version` if a later commit changed it, else
   * {@link UNCHANGED}. A fresh creation is not in the log: the caller asks
   * the live entry (created after `version`: absent then).
   */
  valueBefore(key: Key, version: number): Before | typeof UNCHANGED {
    for (const gen of this.generations.list) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: a fast path; such a generation's changes are all at or below `version`, which the tests below skip (also left out here: `true`, killed)
      if (gen.maxVersion <= version) continue
      const log = gen.logs.get(key)
      // A log with no change (a write conflict only) has changedAt 0 and no more: the tests below skip it.
      if (log === undefined) continue
      // The oldest change after `version`: its `before` is the value at `version`.
      if (log.changedAt > version) return log.before
      if (log.more !== null) for (const r of log.more) if (r.version > version) return r.before
    }
    return UNCHANGED
  }

  /** Keys in [lo, hi) that may have changed after `version`, ascending, without repeats. */
  changedKeys(lo: Key, hi: Key, version: number): Key[] {
    let out: Key[] = []
    let lists = 0
    for (const gen of this.generations.list) {
      if (gen.maxVersion <= version) continue
      const keys: Key[] = []
      gen.keys.forRange(lo, hi, (k) => {
        keys.push(k)
      })
      // Stryker disable next-line ConditionalExpression: equivalent: a fast path; merging no keys changes nothing (also left out here: `true`, killed by resolver-boundaries.test.ts)
      if (keys.length === 0) continue
      // Stryker disable next-line ConditionalExpression,UpdateOperator: equivalent: a fast path; the first list merged with none is itself (also left out here: `true`, killed by resolver-boundaries.test.ts)
      out = lists++ === 0 ? keys : mergeUnique(out, keys)
    }
    return out
  }
}

/** Appends a change at `version` (after every change the log has) that replaced `before`. */
function addChange(log: KeyLog, version: number, before: Before): void {
  if (log.changedAt === 0) {
    log.changedAt = version
    log.before = before
  } else {
    ;(log.more ??= []).push({ version, before })
  }
}

function overlapsRangeWrite(gen: RecentGeneration, begin: Key, end: Key, readVersion: number): boolean {
  for (const w of gen.ranges) {
    if (w.version > readVersion && w.begin < end && begin < w.end) return true
  }
  return false
}

function mergeUnique(a: Key[], b: Key[]): Key[] {
  const out: Key[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = a[i]
    const y = b[j]
    if (y === undefined || (x !== undefined && x < y)) {
      out.push(x!)
      i++
    } else if (x === undefined || y < x) {
      out.push(y)
      j++
    } else {
      out.push(x)
      i++
      j++
    }
  }
  return out
}
