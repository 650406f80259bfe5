/**
 * What earlier attempts of a transaction did, so that an operation is safe
 * to run again after 1021 (commit_unknown_result): an attempt that was
 * applied although its commit reported an error left its effect (a
 * directory created, moved or removed, an entry written or deleted), and
 * the retry must then succeed with the same result instead of failing with
 * alreadyExists, notFound or versionMismatch, or reporting `false`.
 *
 * Kept per transaction, keyed by its stats object (which its snapshot view
 * shares and which lives across its retries). An entry counts only in a
 * later attempt, and only when the attempt that recorded it ended with an
 * error after which the commit may have happened (1021, 1039): after a
 * conflict nothing was applied, and a concurrent writer's effect must not be
 * taken for our own. `transactional` and `onError` report each retry with
 * {@link noteRetry}.
 *
 * @module
 * @internal
 */
import { isMaybeCommitted } from '../errors.js'
import { get } from './reads.js'
import type { Transaction } from './transaction.js'
import { clear } from './writes.js'

const byTransaction = new WeakMap<object, Map<string, { attempt: number; value: unknown }>>()
/** Per transaction (its stats): the attempts that ended with a maybe-committed error. */
const maybeApplied = new WeakMap<object, Set<number>>()

/** Records how attempt `tx.stats.retries` ended, before the retry counter moves on. @internal */
export function noteRetry(stats: { readonly retries: number }, error: unknown): void {
  if (!isMaybeCommitted(error)) return
  let attempts = maybeApplied.get(stats)
  if (attempts === undefined) maybeApplied.set(stats, (attempts = new Set()))
  attempts.add(stats.retries)
}

/** Records that this attempt of `tx` did what `key` names, with `value`. @internal */
export function rememberAttempt(tx: Transaction, key: string, value: unknown): void {
  let done = byTransaction.get(tx.stats)
  if (done === undefined) byTransaction.set(tx.stats, (done = new Map()))
  done.set(key, { attempt: tx.stats.retries, value })
}

/** The value an EARLIER attempt of `tx` recorded under `key`, or undefined. @internal */
export function earlierAttempt(tx: Transaction, key: string): unknown {
  const entry = byTransaction.get(tx.stats)?.get(key)
  // An entry of the current attempt is never taken: noteRetry records an attempt only as it ends.
  if (entry === undefined) return undefined
  return maybeApplied.get(tx.stats)?.has(entry.attempt) === true ? entry.value : undefined
}

/**
 * Clears `key` in `tx` and returns whether it existed, where a deletion by
 * an earlier attempt of `tx` (applied, though its commit reported 1021)
 * counts as this call's: the retry then reports `true` as the first
 * attempt did. @internal
 */
export async function clearReportingExisted(tx: Transaction, key: Uint8Array): Promise<boolean> {
  const existed = (await get(tx, key)) !== null
  clear(tx, key)
  const memo = `cleared ${Buffer.from(key).toString('hex')}`
  if (existed) rememberAttempt(tx, memo, true)
  return existed || earlierAttempt(tx, memo) === true
}
