import { BTree } from './btree.js'
import { compareKey, keyAfter, type Key } from './keyspace.js'

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
interface Generation {
  /** Point writes: key -> last commit version that wrote it. */
  readonly points: Map<Key, number>
  /**
   * The same keys in order, for range checks. Built lazily: keys wait in
   * `unsorted` until a range check needs them, so commits that no range
   * read ever checks against pay only a Map insert.
   */
  readonly sorted: BTree<Key, true>
  unsorted: Key[]
  /** Range writes: begin, end, version triples. */
  readonly ranges: Array<{ begin: Key; end: Key; version: number }>
  /** Highest commit version recorded here. */
  maxVersion: number
  /** When the generation was opened and last written (ms, monotonic clock). */
  readonly openedAt: number
  lastWriteAt: number
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
  private readonly generations: Generation[] = []

  constructor(
    private readonly lifetimeMs: number,
    private readonly generationMs = 1000,
  ) {}

  /** Whether any read in `reads` was written by a commit newer than `readVersion`. */
  conflicts(reads: ConflictSet, readVersion: number): boolean {
    for (let g = this.generations.length - 1; g >= 0; g--) {
      const gen = this.generations[g]!
      if (gen.maxVersion <= readVersion) break
      for (const key of reads.points) {
        const v = gen.points.get(key)
        if (v !== undefined && v > readVersion) return true
        if (overlapsRangeWrite(gen, key, keyAfter(key), readVersion)) return true
      }
      for (let i = 0; i < reads.ranges.length; i += 2) {
        const begin = reads.ranges[i]!
        const end = reads.ranges[i + 1]!
        let hit = false
        if (gen.unsorted.length > 0) {
          for (const k of gen.unsorted) gen.sorted.set(k, true)
          gen.unsorted = []
        }
        const points = gen.points
        gen.sorted.forRange(begin, end, false, (k) => {
          if (points.get(k)! > readVersion) {
            hit = true
            return { break: true }
          }
          return undefined
        })
        if (hit || overlapsRangeWrite(gen, begin, end, readVersion)) return true
      }
    }
    return false
  }

  /** Records the writes of a commit at `version`. */
  record(writes: ConflictSet, version: number, now: number): void {
    const gen = this.current(now)
    for (const key of writes.points) {
      if (!gen.points.has(key)) gen.unsorted.push(key)
      gen.points.set(key, version)
    }
    for (let i = 0; i < writes.ranges.length; i += 2) {
      gen.ranges.push({ begin: writes.ranges[i]!, end: writes.ranges[i + 1]!, version })
    }
    gen.maxVersion = version
    gen.lastWriteAt = now
  }

  private current(now: number): Generation {
    const last = this.generations[this.generations.length - 1]
    if (last !== undefined && now - last.openedAt < this.generationMs) return last
    // Drop generations whose newest write is older than any live transaction.
    while (this.generations.length > 0 && now - this.generations[0]!.lastWriteAt > this.lifetimeMs + this.generationMs) {
      this.generations.shift()
    }
    const gen: Generation = {
      points: new Map(),
      sorted: new BTree<Key, true>(undefined, compareKey),
      unsorted: [],
      ranges: [],
      maxVersion: 0,
      openedAt: now,
      lastWriteAt: now,
    }
    this.generations.push(gen)
    return gen
  }
}

function overlapsRangeWrite(gen: Generation, begin: Key, end: Key, readVersion: number): boolean {
  for (const w of gen.ranges) {
    if (w.version > readVersion && w.begin < end && begin < w.end) return true
  }
  return false
}
