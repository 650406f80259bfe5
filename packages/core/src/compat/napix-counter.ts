import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { get } from '../api/reads.js'
import { set } from '../api/writes.js'
import { littleEndian, readLittleEndian } from '../api/atomic.js'
import { addReadConflictKey } from '../api/versions.js'
import { Transaction } from '../api/transaction.js'
import { inTransaction, type DbOrTx } from '../bulk/context.js'
import { requireName } from './util.js'
import { parentOf, type NapixOptions } from './napix-options.js'
import { requireKnownOptions } from '../options/known.js'
import { newToken, Receipts, requireToken, type ReceiptToken } from './receipts.js'

/**
 * Options of {@link Counter.increment} and {@link Counter.reset}.
 * @example
 * ```ts
 * await hits.increment(tx, 1, { token: requestId })
 * ```
 */
export interface CounterUpdateOptions {
  /**
   * An idempotency token (a non-empty string or bytes, unique per logical
   * update): an update whose token was already applied, within the last 10
   * minutes, applies nothing and returns what it returned then. On a
   * database the counter makes one per call; give one when you call it in a
   * transaction of yours, or to make a retry of your own exactly-once.
   * @example
   * ```ts
   * await transactional(db, (tx) => hits.increment(tx, 1, { token: `order-${orderId}` }))
   * ```
   */
  token?: string | Uint8Array
}

/**
 * An integer counter updated atomically (napix's `Counter(name)`): exact
 * under any concurrency, as each update reads the value it changes in a
 * serializable transaction (and runs again on a conflict). Stored as a
 * little-endian 64-bit integer, so FoundationDB's atomic `add` works on it too.
 *
 * Exactly once, also after 1021 (commit_unknown_result, where the update
 * may have been applied and runs again): each update writes a receipt under
 * an idempotency token in the same transaction, and a run that finds its
 * receipt returns the recorded result instead of counting again. On a
 * database every call gets its own token; in a transaction of yours, pass
 * `{ token }` (see {@link CounterUpdateOptions}), or your retried body counts
 * again. Receipts live under the counter's key for 10 minutes (each update
 * clears a few expired ones): one point read and two small writes per update.
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
  private readonly receipts: Receipts

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
    const parent = parentOf(options, ['napix', 'counter'], 'new Counter', ['subspace']).subspace
    this.key = parent.pack([this.name])
    this.receipts = new Receipts(parent.subspace([this.name, 'receipts']))
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
   * Adds `by` (default 1; may be negative) and returns the new value;
   * exactly once (see the class notes on `options.token`).
   * @throws TypeError unless `by` is a safe integer; FoundError invalidArgument past ±(2^53 - 1)
   * @example
   * ```ts
   * await hits.increment(db)    // 42
   * await hits.increment(db, 8) // 50
   * ```
   */
  async increment(where: DbOrTx, by = 1, options?: CounterUpdateOptions): Promise<number> {
    if (!Number.isSafeInteger(by)) throw new TypeError(`Counter.increment: by must be a safe integer, got ${describe(by)}`)
    const token = this.tokenOf(where, options, 'Counter.increment')
    return inTransaction(where, 'Counter.increment', (tx) =>
      this.once(tx, token, async () => {
        const next = (await this.read(tx)) + by
        if (!Number.isSafeInteger(next)) throw new FoundError(ErrorCode.invalidArgument, `Counter.increment: counter ${JSON.stringify(this.name)} would pass ±(2^53 - 1)`)
        set(tx, this.key, littleEndian(next))
        return next
      }),
    )
  }

  /**
   * Sets the value to `to` (default 0) and returns the value it had;
   * exactly once (see the class notes on `options.token`).
   * @throws TypeError unless `to` is a safe integer
   * @example
   * ```ts
   * const served = await hits.reset(db) // 50, and the counter is 0 again
   * ```
   */
  async reset(where: DbOrTx, to = 0, options?: CounterUpdateOptions): Promise<number> {
    if (!Number.isSafeInteger(to)) throw new TypeError(`Counter.reset: to must be a safe integer, got ${describe(to)}`)
    const token = this.tokenOf(where, options, 'Counter.reset')
    return inTransaction(where, 'Counter.reset', (tx) =>
      this.once(tx, token, async () => {
        const old = await this.read(tx)
        set(tx, this.key, littleEndian(to))
        return old
      }),
    )
  }

  /** The caller's token; a fresh one per call on a database; none in a transaction without one. */
  private tokenOf(where: DbOrTx, options: CounterUpdateOptions | undefined, what: string): ReceiptToken | null {
    const { token } = requireKnownOptions(what, options, ['token'])
    if (token !== undefined) return requireToken(token, what)
    return where instanceof Transaction ? null : newToken()
  }

  /** Runs `update` unless the receipt of `token` says an earlier attempt was applied; records its result. */
  private async once(tx: Transaction, token: ReceiptToken | null, update: () => Promise<number>): Promise<number> {
    if (token === null) return update()
    const applied = await this.receipts.lookup(tx, token)
    if (applied !== null) return applied
    const result = await update()
    await this.receipts.record(tx, token, result)
    return result
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
