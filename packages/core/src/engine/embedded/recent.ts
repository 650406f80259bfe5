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
  /** The same keys in order, for range checks and range reads. */
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
 * transaction can need them.
 *
 * @internal
 */
export class RecentWrites {
  private readonly generations: Generations<RecentGeneration>
  /** Read versions below this may have lost history: reading there is too old (1007). */
  floor = 0
  /**
   * The point writes of the commit being applied, with the logs
   * {@link recordWrites} found for them: its changes come mostly in the same
   * order (a set is a point write and a change of the same key), so
   * {@link recordChange} takes the log from here instead of a second lookup.
   */
  private pointKeys: readonly Key[] = []
  private readonly pointLogs: KeyLog[] = []
  private pointGeneration: RecentGeneration | null = null
  private nextPoint = 0

  constructor(lifetimeMs: number) {
    this.generations = new Generations<RecentGeneration>(
      lifetimeMs,
      (now) => ({ logs: new Map(), keys: new LazySortedKeys(), ranges: [], pins: null, maxVersion: 0, openedAt: now, lastWriteAt: now }),
      (dropped) => {
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

  /** Records the write conflict ranges of the commit at `version`. */
  recordWrites(writes: ConflictSet, version: number, now: number): void {
    const gen = this.generations.current(now)
    const logs = this.pointLogs
    logs.length = 0
    for (const key of writes.points) {
      const log = this.logOf(gen, key)
      log.written = version
      logs.push(log)
    }
    this.pointKeys = writes.points
    this.pointGeneration = gen
    this.nextPoint = 0
    for (let i = 0; i < writes.ranges.length; i += 2) {
      gen.ranges.push({ begin: writes.ranges[i]!, end: writes.ranges[i + 1]!, version })
    }
    this.generations.touch(gen, version, now)
  }

  /** Records that the commit at `version` changed `key`, which held `before`. */
  recordChange(key: Key, version: number, before: Before, now: number): void {
    const gen = this.generations.current(now)
    const i = this.nextPoint
    let log: KeyLog
    if (this.pointKeys[i] === key && gen === this.pointGeneration) {
      log = this.pointLogs[i]!
      this.nextPoint = i + 1
    } else {
      log = this.logOf(gen, key)
    }
    if (log.changedAt === 0) {
      log.changedAt = version
      log.before = before
    } else {
      ;(log.more ??= []).push({ version, before })
    }
    if (before !== null && typeof before !== 'string') {
      const pins = (gen.pins ??= new Set())
      if (!pins.has(before.snapshot)) {
        before.snapshot.ref()
        pins.add(before.snapshot)
      }
    }
    this.generations.touch(gen, version, now)
  }

  /** Forgets the point writes of the commit just applied (see {@link recordWrites}). */
  commitApplied(): void {
    this.pointKeys = []
    this.pointLogs.length = 0
    this.pointGeneration = null
  }

  /** Whether any read in `reads` was written by a commit newer than `readVersion`. */
  conflicts(reads: ConflictSet, readVersion: number): boolean {
    const list = this.generations.list
    for (let g = list.length - 1; g >= 0; g--) {
      const gen = list[g]!
      if (gen.maxVersion <= readVersion) break
      const logs = gen.logs
      for (const key of reads.points) {
        const log = logs.get(key)
        if (log !== undefined && log.written > readVersion) return true
        if (gen.ranges.length > 0 && overlapsRangeWrite(gen, key, keyAfter(key), readVersion)) return true
      }
      for (let i = 0; i < reads.ranges.length; i += 2) {
        const begin = reads.ranges[i]!
        const end = reads.ranges[i + 1]!
        let hit = false
        gen.keys.forRange(begin, end, (k) => {
          hit = logs.get(k)!.written > readVersion
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
    for (let i = 0; i < reads.ranges.length; i += 2) {
      const range = [reads.ranges[i]!, reads.ranges[i + 1]!]
      if (this.conflicts({ points: [], ranges: range }, readVersion)) out.push([range[0]!, range[1]!])
    }
    return out
  }

  /** The value `key` had at `version` if a later commit changed it, else {@link UNCHANGED}. */
  valueBefore(key: Key, version: number): Before | typeof UNCHANGED {
    for (const gen of this.generations.list) {
      if (gen.maxVersion <= version) continue
      const log = gen.logs.get(key)
      if (log === undefined || log.changedAt === 0) continue
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
      if (keys.length === 0) continue
      out = lists++ === 0 ? keys : mergeUnique(out, keys)
    }
    return out
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
