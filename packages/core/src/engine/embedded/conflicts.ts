import { Generations, LazySortedKeys, type Generation } from './generations.js'
import { keyAfter, type Key } from './keyspace.js'

/** A transaction's conflict ranges: single keys, and half-open ranges. @internal */
export interface ConflictSet {
  /** Single keys k, each standing for the range [k, k + 00). */
  readonly points: Key[]
  /** Ranges as flat pairs: begin0, end0, begin1, end1, ... */
  readonly ranges: Key[]
}

/** Adds [begin, end) to a conflict set, as a point when it covers one key. @internal */
export function addConflict(set: ConflictSet, begin: Key, end: Key): void {
  if (begin >= end) return
  if (end.length === begin.length + 1 && end.charCodeAt(begin.length) === 0 && end.startsWith(begin)) {
    set.points.push(begin)
  } else {
    set.ranges.push(begin, end)
  }
}

/** Writes committed within one stretch of time. */
interface WriteGeneration extends Generation {
  /** Point writes: key -> last commit version that wrote it. */
  readonly points: Map<Key, number>
  /** The same keys in order, for range checks. */
  readonly keys: LazySortedKeys
  /** Range writes: begin, end, version triples. */
  readonly ranges: Array<{ begin: Key; end: Key; version: number }>
}

/**
 * FoundationDB's resolver: remembers the write conflict ranges of recent
 * commits and tells whether a transaction's reads were overwritten after its
 * read version. Writes are kept in generations of about one second, and a
 * generation is dropped once it is older than the 5-second transaction
 * lifetime (any transaction that could conflict with it is already too old).
 *
 * @internal
 */
export class ConflictHistory {
  private readonly generations: Generations<WriteGeneration>

  constructor(lifetimeMs: number) {
    this.generations = new Generations<WriteGeneration>(lifetimeMs, (now) => ({
      points: new Map(),
      keys: new LazySortedKeys(),
      ranges: [],
      maxVersion: 0,
      openedAt: now,
      lastWriteAt: now,
    }))
  }

  /** Whether any read in `reads` was written by a commit newer than `readVersion`. */
  conflicts(reads: ConflictSet, readVersion: number): boolean {
    const list = this.generations.list
    for (let g = list.length - 1; g >= 0; g--) {
      const gen = list[g]!
      if (gen.maxVersion <= readVersion) break
      for (const key of reads.points) {
        const v = gen.points.get(key)
        if (v !== undefined && v > readVersion) return true
        if (gen.ranges.length > 0 && overlapsRangeWrite(gen, key, keyAfter(key), readVersion)) return true
      }
      for (let i = 0; i < reads.ranges.length; i += 2) {
        const begin = reads.ranges[i]!
        const end = reads.ranges[i + 1]!
        let hit = false
        const points = gen.points
        gen.keys.forRange(begin, end, (k) => {
          if (points.get(k)! > readVersion) hit = true
          return hit
        })
        if (hit || overlapsRangeWrite(gen, begin, end, readVersion)) return true
      }
    }
    return false
  }

  /** Records the writes of a commit at `version`. */
  record(writes: ConflictSet, version: number, now: number): void {
    const gen = this.generations.current(now)
    for (const key of writes.points) {
      if (!gen.points.has(key)) gen.keys.add(key)
      gen.points.set(key, version)
    }
    for (let i = 0; i < writes.ranges.length; i += 2) {
      gen.ranges.push({ begin: writes.ranges[i]!, end: writes.ranges[i + 1]!, version })
    }
    this.generations.touch(gen, version, now)
  }
}

function overlapsRangeWrite(gen: WriteGeneration, begin: Key, end: Key, readVersion: number): boolean {
  for (const w of gen.ranges) {
    if (w.version > readVersion && w.begin < end && begin < w.end) return true
  }
  return false
}
