import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { get } from '../api/reads.js'
import { set } from '../api/writes.js'
import { littleEndian, readLittleEndian } from '../api/atomic.js'
import { addReadConflictKey } from '../api/versions.js'
import type { Transaction } from '../api/transaction.js'
import { inTransaction, type DbOrTx } from '../bulk/context.js'
import { requireName } from './util.js'
import { parentOf, type NapixOptions } from './napix-options.js'

/**
 * An integer counter updated atomically (napix's `Counter(name)`): exact
 * under any concurrency, as each update reads the value it changes in a
 * serializable transaction (and runs again on a conflict). Stored as a
 * little-endian 64-bit integer, so FoundationDB's atomic `add` works on it too.
 *
 * @example
 * ```ts
 * const ids = new Counter('my-service-id')
 * const id = `scp-${String(await ids.increment(db)).padStart(3, '0')}`
 * ```
 */
export class Counter {
  /**
   * The counter's name.
   * @example
   * ```ts
   * new Counter('hits').name // 'hits'
   * ```
   */
  readonly name: string
  /**
   * The key holding the value.
   * @example
   * ```ts
   * await transactional(db, (tx) => get(tx, counter.key))
   * ```
   */
  readonly key: Uint8Array

  /**
   * @param name - the counter's name (non-empty)
   * @param options - `subspace`: where counters live
   * @throws TypeError for a non-string name; FoundError invalidArgument for an empty one
   * @example
   * ```ts
   * const hits = new Counter('hits')
   * ```
   */
  constructor(name: string, options: Pick<NapixOptions, 'subspace'> = {}) {
    this.name = requireName(name, 'new Counter')
    this.key = parentOf(options, ['napix', 'counter'], 'new Counter', ['subspace']).subspace.pack([this.name])
  }

  /**
   * The current value (0 before any update).
   * @example
   * ```ts
   * await hits.value(db) // 41
   * ```
   */
  async value(where: DbOrTx): Promise<number> {
    return inTransaction(where, 'Counter.value', (tx) => this.read(tx))
  }

  /**
   * Adds `by` (default 1; may be negative) and returns the new value.
   * @throws TypeError unless `by` is a safe integer; FoundError invalidArgument past ±(2^53 - 1)
   * @example
   * ```ts
   * await hits.increment(db)    // 42
   * await hits.increment(db, 8) // 50
   * ```
   */
  async increment(where: DbOrTx, by = 1): Promise<number> {
    if (!Number.isSafeInteger(by)) throw new TypeError(`Counter.increment: by must be a safe integer, got ${describe(by)}`)
    return inTransaction(where, 'Counter.increment', async (tx) => {
      const next = (await this.read(tx)) + by
      if (!Number.isSafeInteger(next)) throw new FoundError(ErrorCode.invalidArgument, `Counter.increment: counter ${JSON.stringify(this.name)} would pass ±(2^53 - 1)`)
      set(tx, this.key, littleEndian(next))
      return next
    })
  }

  /**
   * Sets the value to `to` (default 0) and returns the value it had.
   * @throws TypeError unless `to` is a safe integer
   * @example
   * ```ts
   * const served = await hits.reset(db) // 50, and the counter is 0 again
   * ```
   */
  async reset(where: DbOrTx, to = 0): Promise<number> {
    if (!Number.isSafeInteger(to)) throw new TypeError(`Counter.reset: to must be a safe integer, got ${describe(to)}`)
    return inTransaction(where, 'Counter.reset', async (tx) => {
      const old = await this.read(tx)
      set(tx, this.key, littleEndian(to))
      return old
    })
  }

  private async read(tx: Transaction): Promise<number> {
    const stored = await get(tx, this.key)
    addReadConflictKey(tx, this.key) // also through a snapshot view: updates must serialize
    if (stored !== null && stored.length !== 8) throw new FoundError(ErrorCode.corruptData, `Counter ${JSON.stringify(this.name)}: the stored value is not an 8-byte integer`)
    const v = readLittleEndian(stored) ?? 0n
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new FoundError(ErrorCode.corruptData, `Counter ${JSON.stringify(this.name)}: the stored value ${v} is beyond ±(2^53 - 1)`)
    }
    return Number(v)
  }
}
