import type { DiskSnapshot } from './disk.js'
import { Generations, LazySortedKeys, type Generation } from './generations.js'
import type { Key } from './keyspace.js'

/** A replaced value that was on disk only: the snapshot still has it. @internal */
export interface OnDiskBefore {
  readonly snapshot: DiskSnapshot
}

/** The value a key had before a commit at `version` changed it. @internal */
export interface UndoRecord {
  readonly version: number
  /** The value just before that commit (null: the key was absent). */
  readonly before: Buffer | null | OnDiskBefore
}

/** The undo records of about one second of commits. */
interface UndoGeneration extends Generation {
  /** Key -> its records in this generation, oldest first. */
  readonly chains: Map<Key, UndoRecord[]>
  /** The same keys in order, for range reads. */
  readonly keys: LazySortedKeys
  /** Disk snapshots its records read from, released when the generation is dropped. */
  pins: Set<DiskSnapshot> | null
}

/**
 * Multi-version history of the last few seconds: for every key a commit
 * changed, the value it had before. With the live data (the newest version)
 * this gives the value of any key at any read version in the transaction
 * lifetime (MVCC with version chains: a write costs one record, and readers
 * need no copy of the tree). Records are kept in one-second generations and
 * dropped once no live transaction can need them.
 *
 * @internal
 */
export class UndoLog {
  private readonly generations: Generations<UndoGeneration>
  /** Read versions below this may have lost history: reading there is too old (1007). */
  floor = 0

  constructor(lifetimeMs: number) {
    this.generations = new Generations<UndoGeneration>(
      lifetimeMs,
      (now) => ({ chains: new Map(), keys: new LazySortedKeys(), pins: null, maxVersion: 0, openedAt: now, lastWriteAt: now }),
      (dropped) => {
        if (dropped.maxVersion > this.floor) this.floor = dropped.maxVersion
        if (dropped.pins !== null) for (const snapshot of dropped.pins) snapshot.unref()
      },
    )
  }

  /** Records that the commit at `version` changed `key`, which held `before`. */
  record(key: Key, version: number, before: Buffer | null | OnDiskBefore, now: number): void {
    const gen = this.generations.current(now)
    if (before !== null && !Buffer.isBuffer(before)) {
      const pins = (gen.pins ??= new Set())
      if (!pins.has(before.snapshot)) {
        before.snapshot.ref()
        pins.add(before.snapshot)
      }
    }
    const chain = gen.chains.get(key)
    if (chain === undefined) {
      gen.chains.set(key, [{ version, before }])
      gen.keys.add(key)
    } else {
      chain.push({ version, before })
    }
    this.generations.touch(gen, version, now)
  }

  /** The oldest record of `key` newer than `version`: its `before` is the value at `version`. */
  after(key: Key, version: number): UndoRecord | undefined {
    for (const gen of this.generations.list) {
      if (gen.maxVersion <= version) continue
      const chain = gen.chains.get(key)
      if (chain === undefined) continue
      for (const r of chain) if (r.version > version) return r
    }
    return undefined
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
