/**
 * Receipts: what makes a non-idempotent update (a counter increment) safe
 * to run again after 1021 (commit_unknown_result). The update writes a
 * receipt under its token in the same transaction as its effect; a run that
 * finds its receipt knows an earlier attempt was applied and returns that
 * attempt's result instead of applying the update again.
 *
 * Layout, under the owner's subspace `s`:
 * - `s.pack([0, token])` → the result, 8 bytes little-endian;
 * - `s.pack([1, writtenAtMs, token])` → empty: the index by age, so that each
 *   update clears a few receipts older than {@link RECEIPT_LIFETIME_MS}
 *   (read as a snapshot: sweeping adds no conflicts).
 *
 * Costs per update: one point read, two sets, one snapshot range read of at
 * most {@link SWEEP_BATCH} keys and their clears.
 *
 * @module
 * @internal
 */
import { randomBytes } from 'node:crypto'
import { get } from '../api/reads.js'
import { query } from '../api/query.js'
import { clear, set } from '../api/writes.js'
import { littleEndian, readLittleEndian } from '../api/atomic.js'
import type { Transaction } from '../api/transaction.js'
import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import type { Subspace } from '../subspace/index.js'

/** How long a receipt is kept: a retry (or a replay with the same token) later than this is applied again. @internal */
export const RECEIPT_LIFETIME_MS = 10 * 60_000

/** Receipts past their lifetime that one update clears. @internal */
export const SWEEP_BATCH = 8

/** An idempotency token: a non-empty string or byte string. @internal */
export type ReceiptToken = string | Uint8Array

/** A fresh random token, made once per call (outside the retried body). @internal */
export function newToken(): Uint8Array {
  return randomBytes(16)
}

/** Checks a caller's token. @internal */
export function requireToken(token: unknown, what: string): ReceiptToken {
  if (typeof token !== 'string' && !(token instanceof Uint8Array)) throw new TypeError(`${what}: token must be a string or a Uint8Array, got ${describe(token)}`)
  if (token.length === 0) throw new FoundError(ErrorCode.invalidArgument, `${what}: token must not be empty`)
  return token
}

/** The receipts of one owner (a counter). @internal */
export class Receipts {
  constructor(private readonly space: Subspace) {}

  /** The result recorded under `token`, or null when no attempt with it was applied. */
  async lookup(tx: Transaction, token: ReceiptToken): Promise<number | null> {
    const stored = await get(tx, this.space.pack([0, token]))
    return stored === null ? null : Number(readLittleEndian(stored))
  }

  /** Records `result` under `token` in `tx`, and clears a few expired receipts. */
  async record(tx: Transaction, token: ReceiptToken, result: number): Promise<void> {
    const now = Date.now()
    set(tx, this.space.pack([0, token]), littleEndian(result))
    set(tx, this.space.pack([1, now, token]), Buffer.alloc(0))
    const byAge = this.space.subspace([1])
    const expired = await query(tx.snapshot(), byAge.range().begin, byAge.pack([now - RECEIPT_LIFETIME_MS]), { limit: SWEEP_BATCH }).toArray()
    for (const [key] of expired) {
      const [, oldToken] = byAge.unpack(key) as [number, ReceiptToken]
      clear(tx, key)
      clear(tx, this.space.pack([0, oldToken]))
    }
  }
}
