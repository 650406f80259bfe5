import { BTree } from './btree.js'
import { compareKey, type Key } from './keyspace.js'

/**
 * A set of keys that is cheap to add to and is put in order only when a
 * range query needs it: additions wait in a plain array, so writers that no
 * range query ever looks at pay nothing for the ordering.
 *
 * @internal
 */
export class LazySortedKeys {
  private readonly sorted = new BTree<Key, true>(undefined, compareKey)
  private unsorted: Key[] = []

  /** Adds a key (a key added twice is kept once). */
  add(key: Key): void {
    this.unsorted.push(key)
  }

  /** Calls `visit` for each key in [lo, hi), ascending; `visit` returns true to stop. */
  forRange(lo: Key, hi: Key, visit: (key: Key) => boolean | void): void {
    for (const k of this.unsorted) this.sorted.set(k, true)
    this.unsorted.length = 0
    // Stryker disable next-line BooleanLiteral: equivalent for `break: false`: sorted-btree stops on any break value but undefined
    this.sorted.forRange(lo, hi, false, (k) => (visit(k) === true ? { break: true } : undefined))
  }
}

/** What every generation records about itself. @internal */
export interface Generation {
  /** Highest commit version recorded in it. */
  maxVersion: number
  /** When it was opened and last written (ms, monotonic clock). */
  readonly openedAt: number
  lastWriteAt: number
}

/**
 * Records of recent commits, in generations of about one second. A
 * generation is dropped once its newest record is older than the
 * transaction lifetime (plus one generation of margin): no live transaction
 * can need it any more.
 *
 * @internal
 */
export class Generations<G extends Generation> {
  /** Live generations, oldest first. */
  readonly list: G[] = []

  constructor(
    private readonly lifetimeMs: number,
    private readonly make: (now: number) => G,
    private readonly onDrop: (dropped: G) => void = () => {},
    private readonly generationMs = 1000,
  ) {}

  /** The generation to record into at time `now`, opening a new one (and dropping old ones) when due. */
  current(now: number): G {
    const last = this.list[this.list.length - 1]
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: equivalent: where generations split only changes how much is dropped at once; versions older than the lifetime are refused by the clock (Store.checkHistory) anyway
    if (last !== undefined && now - last.openedAt < this.generationMs) return last
    // Stryker disable next-line EqualityOperator: equivalent for `lastWriteAt >=`: dropping at exactly the lifetime plus a generation, when the clock refuses such old versions anyway (also left out here: `length >= 0`, which crashes on the empty list and is killed, and `length <= 0`, which never drops: memory only)
    while (this.list.length > 0 && now - this.list[0]!.lastWriteAt > this.lifetimeMs + this.generationMs) {
      this.onDrop(this.list.shift()!)
    }
    const gen = this.make(now)
    this.list.push(gen)
    return gen
  }

  /** Marks `gen` as written at `version`, time `now`. */
  touch(gen: G, version: number, now: number): void {
    gen.maxVersion = version
    gen.lastWriteAt = now
  }
}
