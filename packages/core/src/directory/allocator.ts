/**
 * The high-contention allocator (HCA) of the directory layer: hands out
 * short, never reused prefixes with few conflicts between concurrent
 * allocations. Same keys, window sizes and conflict behaviour as the
 * official bindings, so foundkit and the official bindings can allocate from
 * one database.
 *
 * Layout under the allocator's subspace `hca`:
 * - `hca + pack([0, start])`: little-endian int64 count of allocations made
 *   in the window that begins at `start` (only the newest window is kept);
 * - `hca + pack([1, n])`: empty value, candidate `n` of the current window is taken.
 *
 * @module
 * @internal
 */
import { add, littleEndian, readLittleEndian } from '../api/atomic.js'
import { query } from '../api/query.js'
import { get } from '../api/reads.js'
import type { Transaction } from '../api/transaction.js'
import { clear, set } from '../api/writes.js'
import { ErrorCode, FoundError } from '../errors.js'
import { Subspace } from '../subspace/subspace.js'
import { pack } from '../tuple/index.js'

const EMPTY = new Uint8Array(0)
const ONE = littleEndian(1)

/**
 * How many candidates a window starting at `start` holds, as the official
 * bindings: small windows while prefixes are short, larger ones later.
 *
 * @internal
 */
export function windowSize(start: number): number {
  if (start < 255) return 64
  if (start < 65535) return 1024
  return 8192
}

/** Per-transaction mutual exclusion, for several allocations running concurrently in one transaction. */
const locks = new WeakMap<object, Promise<void>>()

/**
 * Runs `fn` once every earlier `fn` of the same transaction settled. The
 * allocator's read-then-write steps must not interleave inside one
 * transaction (two `createOrOpen` calls under one `Promise.all`), or both
 * could see the same candidate free.
 */
async function exclusive<T>(tx: Transaction, fn: () => Promise<T>): Promise<T> {
  // The engine transaction identifies the transaction across its snapshot views; it is only a map key here.
  const id: object = tx.engineTx
  const previous = locks.get(id) ?? Promise.resolve()
  const run = previous.then(fn)
  const tail = run.then(
    () => undefined,
    () => undefined,
  )
  locks.set(id, tail)
  try {
    return await run
  } finally {
    if (locks.get(id) === tail) locks.delete(id)
  }
}

function readStart(key: Uint8Array, counters: Subspace): number {
  const [start] = counters.unpack(key)
  if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) {
    throw new FoundError(ErrorCode.corruptData, `directory allocator: a window counter key holds ${String(start)}, not a window start`)
  }
  return start
}

/**
 * The high-contention allocator. Allocation reads the counters with snapshot
 * reads (no conflicts between concurrent allocators), reads the chosen
 * candidate with a normal read and claims it with a write: two transactions
 * conflict only when they pick the same candidate.
 *
 * @internal
 */
export class HighContentionAllocator {
  /** Allocation counts per window: `hca[0][start]`. */
  readonly counters: Subspace
  /** Taken candidates of the current window: `hca[1][n]`. */
  readonly recent: Subspace
  readonly #random: () => number

  /**
   * @param subspace - the allocator's subspace (`rootNode[b'hca']`)
   * @param random - a source of numbers in [0, 1) (tests pass a seeded one)
   */
  constructor(subspace: Subspace, random: () => number = () => Math.random()) {
    this.counters = subspace.subspace([0])
    this.recent = subspace.subspace([1])
    this.#random = random
  }

  /**
   * A byte string (a packed integer, `pack([n])`) that no other call on this
   * allocator's subspace has returned or will return, nearly as short as
   * possible. Must run inside the transaction that records its use.
   */
  async allocate(tx: Transaction): Promise<Uint8Array> {
    const snapshot = tx.snapshot()
    const { begin, end } = this.counters.range()
    const latestStart = async (): Promise<number | null> => {
      const rows = await query(snapshot, begin, end, { limit: 1, reverse: true, snapshot: true }).toArray()
      return rows.length === 0 ? null : readStart(rows[0]![0], this.counters)
    }
    for (;;) {
      let start = (await latestStart()) ?? 0
      let window = windowSize(start)
      let advanced = false
      // 1. Count this allocation in the newest window; move to the next window when it is half full.
      for (;;) {
        const count = await exclusive(tx, async () => {
          if (advanced) {
            clear(tx, this.counters.key(), this.counters.pack([start]))
            // As the official bindings: clearing old candidates adds no write conflict
            // range, so it does not make concurrent allocators retry.
            tx.setOptions({ nextWriteNoWriteConflictRange: true })
            clear(tx, this.recent.key(), this.recent.pack([start]))
          }
          const key = this.counters.pack([start])
          add(tx, key, ONE)
          return Number(readLittleEndian(await get(snapshot, key)) ?? 0n)
        })
        window = windowSize(start)
        if (count * 2 < window) break
        start += window
        advanced = true
      }
      // 2. Pick random candidates in the window until one is free.
      for (;;) {
        const candidate = start + Math.floor(this.#random() * window)
        const key = this.recent.pack([candidate])
        const outcome = await exclusive(tx, async () => {
          const [latest, taken] = await Promise.all([latestStart(), get(tx, key)])
          if (latest !== null && latest > start) return 'window-moved'
          if (taken !== null) return 'taken'
          // Claim it. The write conflict on this key (the official bindings add it
          // explicitly) makes a concurrent transaction that picked the same candidate fail.
          set(tx, key, EMPTY)
          return 'claimed'
        })
        if (outcome === 'window-moved') break
        if (outcome === 'claimed') return pack([candidate])
      }
    }
  }
}
