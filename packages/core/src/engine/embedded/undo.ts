import { BTree } from './btree.js'
import { compareKey, type Key } from './keyspace.js'

/** The value a key had before a commit at `version` changed it. @internal */
export interface UndoRecord {
  readonly version: number
  /** The value just before that commit (null: the key was absent). */
  readonly before: Buffer | null
}

/** The undo records of about one second of commits. */
interface Generation {
  /** Key -> its records in this generation, oldest first. */
  readonly chains: Map<Key, UndoRecord[]>
  /** The same keys in order, built lazily for range reads (see `unsorted`). */
  readonly sorted: BTree<Key, true>
  unsorted: Key[]
  maxVersion: number
  readonly openedAt: number
  lastWriteAt: number
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
  private readonly generations: Generation[] = []
  /** Read versions below this may have lost history: reading there is too old (1007). */
  floor = 0

  constructor(
    private readonly lifetimeMs: number,
    private readonly generationMs = 1000,
  ) {}

  /** Records that the commit at `version` changed `key`, which held `before`. */
  record(key: Key, version: number, before: Buffer | null, now: number): void {
    const gen = this.current(now)
    const chain = gen.chains.get(key)
    if (chain === undefined) {
      gen.chains.set(key, [{ version, before }])
      gen.unsorted.push(key)
    } else {
      chain.push({ version, before })
    }
    gen.maxVersion = version
    gen.lastWriteAt = now
  }

  /** The oldest record of `key` newer than `version`: its `before` is the value at `version`. */
  after(key: Key, version: number): UndoRecord | undefined {
    for (const gen of this.generations) {
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
    for (const gen of this.generations) {
      if (gen.maxVersion <= version) continue
      if (gen.unsorted.length > 0) {
        for (const k of gen.unsorted) gen.sorted.set(k, true)
        gen.unsorted = []
      }
      const keys = collect(gen.sorted, lo, hi)
      if (keys.length === 0) continue
      out = lists++ === 0 ? keys : mergeUnique(out, keys)
    }
    return out
  }

  private current(now: number): Generation {
    const last = this.generations[this.generations.length - 1]
    if (last !== undefined && now - last.openedAt < this.generationMs) return last
    while (this.generations.length > 0 && now - this.generations[0]!.lastWriteAt > this.lifetimeMs + this.generationMs) {
      const dropped = this.generations.shift()!
      if (dropped.maxVersion > this.floor) this.floor = dropped.maxVersion
    }
    const gen: Generation = {
      chains: new Map(),
      sorted: new BTree<Key, true>(undefined, compareKey),
      unsorted: [],
      maxVersion: 0,
      openedAt: now,
      lastWriteAt: now,
    }
    this.generations.push(gen)
    return gen
  }
}

function collect(tree: BTree<Key, true>, lo: Key, hi: Key): Key[] {
  const keys: Key[] = []
  tree.forRange(lo, hi, false, (k) => {
    keys.push(k)
  })
  return keys
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
